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


def _rate(rows: Sequence[Measured]) -> dict[str, Any]:
    rate = wilson(sum(r.passed for r in rows), len(rows))
    # Tasks without tests pass by compiling within a change budget: a weaker claim, so counted apart.
    compile_only = sum(1 for r in rows if r.passed and r.task_check == "compile")
    return {"k": rate.k, "n": rate.n, "rate": rate.value if rate.n else None,
            "low": rate.low if rate.n else None, "high": rate.high if rate.n else None, "compile_only": compile_only}


def _trained_pairs(store: EpisodeStore, run_id: str, before_cycle: int) -> tuple[set[tuple[str, str]], set[str]]:
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
    heldout = [e.first_error_signature for e in store.find_episodes(run_id, cycle=cycle, phase="eval", split="heldout")
               if e.first_error_signature is not None]
    repeats = sum(signature in trained_signatures for signature in heldout)
    return {"covered": len(covered), "repeated": len(again),
            "rate": len(again) / len(covered) if covered else None,
            "heldout_first_errors": len(heldout), "heldout_trained_signature": repeats,
            "heldout_rate": repeats / len(heldout) if heldout and trained_signatures else None}


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
        splits: dict[str, Any] = {"train": _rate(day)}
        candidate_splits: dict[str, Any] = {}
        families: dict[str, Any] = {}
        flips: dict[str, Any] = {}
        for split in ("heldout", "frozen"):
            # The gate's own per-task verdicts (over every evaluation seed), not one seed's episodes.
            current_rows: Sequence[Measured] = store.verdicts(run_id, current_id, split)
            if not current_rows:  # no evaluation: `sleepy day --split heldout` measured the split (baseline.yaml)
                current_rows = store.find_episodes(run_id, cycle=cycle, phase="day", split=split,
                                                   adapter_id=current_id)
            splits[split] = _rate(current_rows)
            if candidate_id:
                cand_rows = store.verdicts(run_id, candidate_id, split)
                candidate_splits[split] = _rate(cand_rows)
                cur = {r.task_id: r.passed for r in current_rows}
                cand = {r.task_id: r.passed for r in cand_rows}
                common = set(cur) & set(cand)
                fixed = sum(1 for t in common if cand[t] and not cur[t])
                broken = sum(1 for t in common if cur[t] and not cand[t])
                flips[split] = {"fixed": fixed, "broken": broken, "unchanged": len(common) - fixed - broken,
                                "mcnemar_p": mcnemar_exact(fixed, broken)}
            if split == "heldout":
                by_family: dict[str, list[Measured]] = defaultdict(list)
                for row in current_rows:
                    by_family[row.family].append(row)
                families = {f: _rate(rows)["rate"] for f, rows in sorted(by_family.items())}
        steps = [r.steps_to_green for r in day if r.passed and r.steps_to_green]
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
            "median_steps_to_green": statistics.median(steps) if steps else None,
            "repeat_error": repeat_error_rate(store, run_id, cycle),
            "heldout_by_family": families,
            "tokens_out": sum(r.tokens_out for r in day),
        })
    return out
