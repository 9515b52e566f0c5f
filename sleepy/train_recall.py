"""Trained-on recall: whether the candidate passes train tasks it was trained on and that failed in the day.

It is no generalisation claim: the candidate saw these very tasks' fixes (a reference fix is trained on
the failed day episode's first prompt, which the evaluation shows again). It shows that training took
hold where a 0% -> 0% heldout result cannot tell "learned nothing" from "learned, did not generalise".
The gate measures it after its gates have decided and stores it beside the decision, never in `rates`,
so it can change neither the decision nor its label.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from attrs import frozen

RECALL_LABEL = "train_recall"  # what its per-task verdicts are stored under (`eval_verdicts.split`)
FROM_DAY = "day"  # the current model's day episodes stand for its evaluation (see `sleepy.phases.train_recall`)
EVALUATED = "eval"  # the current model was evaluated on the tasks like the candidate, under the same seeds


def _ids(values: Any) -> tuple[str, ...]:
    return tuple(sorted(str(v) for v in values))


@frozen
class TrainRecall:
    """The candidate and the current model on a sample of the train tasks trained on and failed in the day."""

    tasks: tuple[str, ...]  # the sampled task ids, sorted
    eligible: int  # how many tasks were trained on and failed in the day (the sample is at most the limit)
    candidate_passed: tuple[str, ...]
    current_passed: tuple[str, ...]
    current_measured: str  # FROM_DAY or EVALUATED

    def to_json(self) -> dict[str, Any]:
        return {"tasks": list(self.tasks), "eligible": self.eligible, "candidate_passed": list(self.candidate_passed),
                "current_passed": list(self.current_passed), "current_measured": self.current_measured}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> TrainRecall | None:
        """The stored form back (None: not measured, or a decision stored before it existed)."""
        if not data:
            return None
        return cls(_ids(data["tasks"]), int(data["eligible"]), _ids(data["candidate_passed"]),
                   _ids(data["current_passed"]), str(data["current_measured"]))

    @property
    def gained(self) -> bool:
        """The candidate passes more of the tasks than the current model: something was learned (recalled)."""
        return len(self.candidate_passed) > len(self.current_passed)


def _count(rate: Mapping[str, Any], which: str) -> int:
    return round(float(rate[which]) * int(rate["n"]))


def recall_text(recall: TrainRecall, rates: Mapping[str, Mapping[str, Any]]) -> str:
    """"learned: the candidate passes 3 of the 6 train koans the day failed (...)", with what it is not."""
    n = len(recall.tasks)
    head = "learned" if recall.gained else "trained-on recall"
    text = f"{head}: the candidate passes {len(recall.candidate_passed)} of the {n} train koans the day failed"
    if recall.current_measured == EVALUATED:
        text += f", the current model {len(recall.current_passed)} of {n} under the same evaluation seeds"
    sampled = f"{n} sampled of {recall.eligible}; " if recall.eligible > n else ""
    heldout = rates.get("heldout")
    test = (f"; heldout {_count(heldout, 'current')}/{heldout['n']} -> {_count(heldout, 'candidate')}/"
            f"{heldout['n']} is the generalisation test" if heldout and heldout.get("n") else "")
    return f"{text} ({sampled}trained on their fixes: recall, not generalisation{test})"
