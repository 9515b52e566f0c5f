"""Per-cycle figures computed from the store; what plots, summary.json and the Markdown table show."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sleepy.curation import dataset_examples
from sleepy.gating import decision_label
from sleepy.metrics import mcnemar_exact, wilson
from sleepy.store import EpisodeRow, EpisodeStore, GateDecisionRecord, TaskVerdict
from sleepy.train_recall import RECALL_LABEL, TrainRecall, recall_text

Measured = EpisodeRow | TaskVerdict  # a task's outcome: one episode, or the gate's verdict over its seeds


def pass_rate(rows: Sequence[Measured]) -> dict[str, Any]:
    """k of n passed with the 95% Wilson interval, and how many passes were compile-only."""
    rate = wilson(sum(r.passed for r in rows), len(rows))
    # Tasks without tests pass by compiling within a change budget: a weaker claim, so counted apart.
    compile_only = sum(1 for r in rows if r.passed and r.task_check == "compile")
    return {"k": rate.k, "n": rate.n, "rate": rate.value if rate.n else None,
            "low": rate.low if rate.n else None, "high": rate.high if rate.n else None, "compile_only": compile_only}


def pass_rate_by_family(rows: Sequence[Measured]) -> dict[str, dict[str, Any]]:
    """`pass_rate` of each family's rows, families sorted by name."""
    by_family: dict[str, list[Measured]] = defaultdict(list)
    for row in rows:
        by_family[row.family].append(row)
    return {family: pass_rate(family_rows) for family, family_rows in sorted(by_family.items())}


def _trained_pairs(store: EpisodeStore, run_id: str,
                   before_cycle: int | None) -> tuple[set[tuple[str, str]], set[str]]:
    pairs, signatures = set(), set()
    for record in store.datasets(run_id=run_id, before_cycle=before_cycle):
        if not record.path.exists():
            continue
        for example in dataset_examples(record):
            if example.error_signature:
                pairs.add((example.task_id, example.error_signature))
                signatures.add(example.error_signature)
    return pairs, signatures


def repeat_error_rate(store: EpisodeStore, run_id: str, cycle: int) -> dict[str, Any]:
    """Among (task, signature) failures of earlier cycles that a training set covered since, the share
    that fail again this cycle; plus the heldout variant (first-attempt errors whose signature was trained)."""
    trained, trained_signatures = _trained_pairs(store, run_id, cycle)
    earlier: set[tuple[str, str]] = set()
    for c in range(cycle):
        earlier |= store.failure_pairs(run_id, c, "day")
    covered = earlier & trained
    now = store.failure_pairs(run_id, cycle, "day")
    again = covered & now
    seen_tasks = store.episode_task_ids(run_id, cycle, "day")
    covered = {p for p in covered if p[0] in seen_tasks}
    again = {p for p in again if p[0] in seen_tasks}
    heldout = first_error_repeats(store.find_episodes(run_id, cycle=cycle, phase="eval", split="heldout"),
                                  trained_signatures)
    return {"covered": len(covered), "repeated": len(again),
            "rate": len(again) / len(covered) if covered else None,
            "heldout_first_errors": heldout["first_errors"], "heldout_trained_signature": heldout["trained_signature"],
            "heldout_rate": heldout["rate"]}


def trained_signatures(store: EpisodeStore, run_id: str, before_cycle: int | None = None) -> set[str]:
    """The error signatures the run's training sets (of the cycles before `before_cycle`; None: all) hold."""
    return _trained_pairs(store, run_id, before_cycle)[1]


def first_error_repeats(episodes: Sequence[EpisodeRow], trained: set[str]) -> dict[str, Any]:
    """Of the episodes whose first attempt failed, how many failed with an error signature that was trained on
    (the repeat-error rate's heldout variant; `rate` None while nothing was trained)."""
    first_errors = [e.first_error_signature for e in episodes if e.first_error_signature is not None]
    repeats = sum(signature in trained for signature in first_errors)
    return {"first_errors": len(first_errors), "trained_signature": repeats,
            "rate": repeats / len(first_errors) if first_errors and trained else None}


def median_steps_to_green(episodes: Sequence[EpisodeRow]) -> float | None:
    """Median model replies until a passed episode went green, over passed episodes a reply fixed (None: none)."""
    steps = [e.steps_to_green for e in episodes if e.passed and e.steps_to_green]
    return statistics.median(steps) if steps else None


def _active_adapters(store: EpisodeStore, run_id: str, cycle: int) -> list[str | None]:
    """The adapters the cycle's train-split day episodes ran, most episodes first ([] without day episodes)."""
    return store.adapters_used(run_id, cycle, "day", "train")


def _checked(store: EpisodeStore, run_id: str, cycle: int, decision: GateDecisionRecord | None) -> dict[str, Any]:
    """split -> {n, total}: how many of the split's tasks the gate (or the cycle's evaluation) measured."""
    if decision is not None:
        return {split: {"n": r["n"], "total": r["total"]} for split, r in decision.rates.items() if "total" in r}
    gate = store.phase_summary(run_id, cycle, "gate")
    return dict(gate.get("checked", {})) if gate is not None else {}


def _train_recall(decision: GateDecisionRecord | None) -> dict[str, Any] | None:
    """The gate's trained-on recall figure with its sentence (None: not measured); never a pass rate of a split."""
    recall = TrainRecall.from_json(decision.results.get(RECALL_LABEL)) if decision else None
    if decision is None or recall is None:
        return None
    return {**recall.to_json(), "text": recall_text(recall, decision.rates)}


def cycle_summaries(store: EpisodeStore, run_id: str) -> list[dict[str, Any]]:
    """One dict per cycle: train/heldout/frozen pass rates with intervals, steps-to-green, repeat errors,
    the gate decision and per-family heldout rates."""
    out = []
    for cycle in store.episode_cycles(run_id):
        day = store.find_episodes(run_id, cycle=cycle, phase="day", split="train")
        decision = store.gate_decision(run_id, cycle)
        # The model of the cycle: what the gate compared against, else what the day episodes ran (a cycle
        # whose sleep found nothing to learn has no decision but may well run a promoted adapter).
        ran = _active_adapters(store, run_id, cycle)
        current_id = decision.current_id if decision else (ran[0] if ran else None)
        labels = [decision.current_id] if decision else ran or [None]
        candidate_id = decision.candidate_id if decision else None
        splits: dict[str, Any] = {"train": pass_rate(day)}
        candidate_splits: dict[str, Any] = {}
        families: dict[str, Any] = {}
        flips: dict[str, Any] = {}
        for split in ("heldout", "frozen"):
            # The gate's own per-task verdicts (over every evaluation seed), not one seed's episodes.
            current_rows: Sequence[Measured] = store.verdicts(run_id, current_id, split)
            if not current_rows:  # no evaluation: `sleepy day --split heldout` measured the split (baseline.yaml)
                current_rows = store.find_episodes(run_id, cycle=cycle, phase="day", split=split,
                                                   adapter_id=current_id)
            splits[split] = pass_rate(current_rows)
            if candidate_id:
                cand_rows = store.verdicts(run_id, candidate_id, split)
                candidate_splits[split] = pass_rate(cand_rows)
                cur = {r.task_id: r.passed for r in current_rows}
                cand = {r.task_id: r.passed for r in cand_rows}
                common = set(cur) & set(cand)
                fixed = sum(1 for t in common if cand[t] and not cur[t])
                broken = sum(1 for t in common if cur[t] and not cand[t])
                flips[split] = {"fixed": fixed, "broken": broken, "unchanged": len(common) - fixed - broken,
                                "mcnemar_p": mcnemar_exact(fixed, broken)}
            if split == "heldout":
                families = {f: rate["rate"] for f, rate in pass_rate_by_family(current_rows).items()}
        promoted = decision.promoted if decision else None
        out.append({
            "cycle": cycle,
            "model": " + ".join(label or "base" for label in labels),
            "pass_rate": splits,
            "checked": _checked(store, run_id, cycle, decision),
            "candidate": {"id": candidate_id, "pass_rate": candidate_splits, "flips": flips,
                          "promoted": promoted,
                          "decision": decision_label(promoted, decision.rates if decision else {}),
                          "gates": decision.gates if decision else [],
                          "train_recall": _train_recall(decision)},
            "median_steps_to_green": median_steps_to_green(day),
            "repeat_error": repeat_error_rate(store, run_id, cycle),
            "heldout_by_family": families,
            "tokens_out": sum(r.tokens_out for r in day),
        })
    return out
