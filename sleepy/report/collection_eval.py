"""The figures of `sleepy eval` (console lines and `--json`), computed by the functions `summary.json` uses."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from sleepy.adapters.directory import EXTERNAL
from sleepy.metrics import wilson
from sleepy.report.summary import first_error_repeats, median_steps_to_green, pass_rate, pass_rate_by_family
from sleepy.store import EpisodeRow

if TYPE_CHECKING:  # the phase imports the report's metric functions; the report needs the phase's type only
    from sleepy.phases.collection_eval import CollectionEval


def eval_figures(result: CollectionEval) -> dict[str, Any]:
    """Pass rate with its Wilson interval, per family, repeat-error rate, median steps to green, and per task
    its verdict and the episodes behind it."""
    collection, adapter = result.collection, result.adapter
    episodes: dict[str, list[EpisodeRow]] = defaultdict(list)
    for episode in sorted(result.episodes, key=lambda e: e.attempt_idx):
        episodes[episode.task_id].append(episode)
    splits = {t.id: t.split for t in result.tasks}
    return {
        "collection": {"path": str(collection.root), "name": collection.name, "digest": collection.digest,
                       "phase": collection.phase},
        "split": result.split,
        "adapter": ({"id": adapter.id, "path": str(adapter.path), "registered": adapter.status != EXTERNAL}
                    if adapter else None),
        "tasks_total": len(result.tasks),
        "reused": result.reused,
        "pass_rate": pass_rate(result.verdicts),
        "by_family": pass_rate_by_family(result.verdicts),
        "repeat_error": {**first_error_repeats(result.episodes, set(result.trained_signatures)),
                         "trained_signatures": len(result.trained_signatures)},
        "median_steps_to_green": median_steps_to_green(result.episodes),
        "tasks": [{"task_id": v.task_id, "family": v.family, "split": splits[v.task_id], "passed": v.passed,
                   "seeds": v.seeds, "passes": v.passes, "check": v.task_check,
                   "episodes": [_episode(e) for e in episodes[v.task_id]]} for v in result.verdicts],
    }


def _episode(episode: EpisodeRow) -> dict[str, Any]:
    return {"id": episode.id, "seed_index": episode.attempt_idx, "outcome": episode.outcome,
            "passed": episode.passed, "steps": episode.steps, "steps_to_green": episode.steps_to_green,
            "first_error_signature": episode.first_error_signature}


def _rate_text(rate: dict[str, Any]) -> str:
    return str(wilson(rate["k"], rate["n"]))


def eval_lines(figures: dict[str, Any]) -> list[str]:
    """The report printed at the end of `sleepy eval`."""
    rate, adapter = figures["pass_rate"], figures["adapter"]
    model = f"adapter {adapter['id']}" if adapter else "the base model"
    lines = [f"eval {figures['collection']['name']} ({figures['split']}, {model}): {rate['k']}/{rate['n']} passed, "
             f"pass rate {_rate_text(rate)}"]
    if rate["compile_only"]:
        lines.append(f"  {rate['compile_only']} of the passes compile-only (koans without tests)")
    if figures["reused"]:
        lines.append(f"  {figures['reused']} of {figures['tasks_total']} koans measured by an earlier run, not rerun")
    families = "; ".join(f"{family} {r['k']}/{r['n']}" for family, r in figures["by_family"].items())
    lines.append(f"per family: {families}")
    repeat = figures["repeat_error"]
    if repeat["rate"] is not None:
        repeated = (f"{repeat['rate']:.0%} ({repeat['trained_signature']} of {repeat['first_errors']} first errors "
                    "were trained on)")
    elif not repeat["trained_signatures"]:
        repeated = f"n/a (no training set in this run; {repeat['first_errors']} first errors)"
    else:
        repeated = "n/a (no first attempt failed)"
    lines.append(f"repeat-error rate: {repeated}")
    steps = figures["median_steps_to_green"]
    lines.append(f"median steps to green: {steps:g}" if steps is not None else "median steps to green: n/a (no pass "
                 "a reply made)")
    return lines
