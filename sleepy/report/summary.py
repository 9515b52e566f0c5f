"""Per-cycle figures computed from the store; what plots, summary.json and the Markdown table show."""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from pathlib import Path
from typing import Any

from sleepy.gating import decision_label
from sleepy.metrics import mcnemar_exact, wilson
from sleepy.store import EpisodeStore, read_verdicts


def _rate(rows: list[dict[str, Any]]) -> dict[str, Any]:
    rate = wilson(sum(r["passed"] for r in rows), len(rows))
    # Tasks without tests pass by compiling within a change budget: a weaker claim, so counted apart.
    compile_only = sum(1 for r in rows if r["passed"] and r.get("task_check") == "compile")
    return {"k": rate.k, "n": rate.n, "rate": rate.value if rate.n else None,
            "low": rate.low if rate.n else None, "high": rate.high if rate.n else None, "compile_only": compile_only}


def _failure_pairs(store: EpisodeStore, run_id: str, cycle: int, phase: str = "day") -> set[tuple[str, str]]:
    rows = store.db.query(
        "select e.task_id, s.error_signature from steps s join episodes e on e.id = s.episode_id "
        "where e.run_id = ? and e.cycle = ? and e.phase = ? and s.error_signature is not null",
        [run_id, cycle, phase])
    return {(r["task_id"], r["error_signature"]) for r in rows}


def _trained_pairs(store: EpisodeStore, run_id: str, before_cycle: int) -> tuple[set[tuple[str, str]], set[str]]:
    pairs, signatures = set(), set()
    for row in store.db.query("select path from datasets where run_id = ? and cycle < ?", [run_id, before_cycle]):
        path = Path(row["path"])
        if not path.exists():
            continue
        for line in path.read_text().splitlines():
            example = json.loads(line)
            if example.get("error_signature"):
                pairs.add((example["task_id"], example["error_signature"]))
                signatures.add(example["error_signature"])
    return pairs, signatures


def repeat_error_rate(store: EpisodeStore, run_id: str, cycle: int) -> dict[str, Any]:
    """Among (task, signature) failures of earlier cycles that a training set covered since, the share
    that fail again this cycle; plus the heldout variant (first-attempt errors whose signature was trained)."""
    trained, trained_signatures = _trained_pairs(store, run_id, cycle)
    earlier: set[tuple[str, str]] = set()
    for c in range(cycle):
        earlier |= _failure_pairs(store, run_id, c)
    covered = earlier & trained
    now = _failure_pairs(store, run_id, cycle)
    again = covered & now
    seen_tasks = {r["task_id"] for r in store.db.query(
        "select distinct task_id from episodes where run_id = ? and cycle = ? and phase = 'day'", [run_id, cycle])}
    covered = {p for p in covered if p[0] in seen_tasks}
    again = {p for p in again if p[0] in seen_tasks}
    heldout = list(store.db.query(
        "select first_error_signature from episodes where run_id = ? and cycle = ? and phase = 'eval' "
        "and split = 'heldout' and first_error_signature is not null", [run_id, cycle]))
    repeats = sum(r["first_error_signature"] in trained_signatures for r in heldout)
    return {"covered": len(covered), "repeated": len(again),
            "rate": len(again) / len(covered) if covered else None,
            "heldout_first_errors": len(heldout), "heldout_trained_signature": repeats,
            "heldout_rate": repeats / len(heldout) if heldout and trained_signatures else None}


def _active_adapters(store: EpisodeStore, run_id: str, cycle: int) -> list[str | None]:
    """The adapters the cycle's train-split day episodes ran, most episodes first ([] without day episodes)."""
    return [r["adapter_id"] for r in store.db.query(
        "select adapter_id, count(*) as n from episodes where run_id = ? and cycle = ? and phase = 'day' "
        "and split = 'train' group by adapter_id order by n desc, adapter_id", [run_id, cycle])]


def _checked(store: EpisodeStore, run_id: str, cycle: int, decision: dict[str, Any] | None) -> dict[str, Any]:
    """split -> {n, total}: how many of the split's tasks the gate (or the cycle's evaluation) measured."""
    if decision is not None:
        rates = json.loads(decision["results_json"]).get("rates", {})
        return {split: {"n": r["n"], "total": r["total"]} for split, r in rates.items() if "total" in r}
    rows = list(store.db.query("select summary_json from cycle_phases where run_id = ? and cycle = ? and "
                               "phase = 'gate'", [run_id, cycle]))
    return dict(json.loads(rows[0]["summary_json"]).get("checked", {})) if rows else {}


def cycle_summaries(store: EpisodeStore, run_id: str) -> list[dict[str, Any]]:
    """One dict per cycle: train/heldout/frozen pass rates with intervals, steps-to-green, repeat errors,
    the gate decision and per-family heldout rates."""
    cycles = sorted({r["cycle"] for r in store.db.query(
        "select distinct cycle from episodes where run_id = ?", [run_id])})
    out = []
    for cycle in cycles:
        day = list(store.db.query("select * from episodes where run_id = ? and cycle = ? and phase = 'day' "
                                  "and split = 'train'", [run_id, cycle]))
        decision_rows = list(store.db.query("select * from gate_decisions where run_id = ? and cycle = ?",
                                            [run_id, cycle]))
        decision = decision_rows[0] if decision_rows else None
        # The model of the cycle: what the gate compared against, else what the day episodes ran (a cycle
        # whose sleep found nothing to learn has no decision but may well run a promoted adapter).
        ran = _active_adapters(store, run_id, cycle)
        current_id = decision["current_id"] if decision else (ran[0] if ran else None)
        labels = [decision["current_id"]] if decision else ran or [None]
        candidate_id = decision["candidate_id"] if decision else None
        splits: dict[str, Any] = {"train": _rate(day)}
        candidate_splits: dict[str, Any] = {}
        families: dict[str, Any] = {}
        flips: dict[str, Any] = {}
        for split in ("heldout", "frozen"):
            # The gate's own per-task verdicts (over every evaluation seed), not one seed's episodes.
            current_rows = read_verdicts(store.db, run_id, current_id, split)
            if not current_rows:  # no evaluation: `sleepy day --split heldout` measured the split (baseline.yaml)
                current_rows = list(store.db.query(
                    "select * from episodes where run_id = ? and cycle = ? and phase = 'day' and split = ? "
                    "and adapter_id is ?", [run_id, cycle, split, current_id]))
            splits[split] = _rate(current_rows)
            if candidate_id:
                cand_rows = read_verdicts(store.db, run_id, candidate_id, split)
                candidate_splits[split] = _rate(cand_rows)
                cur = {r["task_id"]: r["passed"] for r in current_rows}
                cand = {r["task_id"]: r["passed"] for r in cand_rows}
                common = set(cur) & set(cand)
                fixed = sum(1 for t in common if cand[t] and not cur[t])
                broken = sum(1 for t in common if cur[t] and not cand[t])
                flips[split] = {"fixed": fixed, "broken": broken, "unchanged": len(common) - fixed - broken,
                                "mcnemar_p": mcnemar_exact(fixed, broken)}
            if split == "heldout":
                by_family: dict[str, list[dict[str, Any]]] = defaultdict(list)
                for row in current_rows:
                    by_family[row["family"]].append(row)
                families = {f: _rate(rows)["rate"] for f, rows in sorted(by_family.items())}
        steps = [r["steps_to_green"] for r in day if r["passed"] and r["steps_to_green"]]
        promoted = bool(decision["promoted"]) if decision else None
        out.append({
            "cycle": cycle,
            "model": " + ".join(label or "base" for label in labels),
            "pass_rate": splits,
            "checked": _checked(store, run_id, cycle, decision),
            "candidate": {"id": candidate_id, "pass_rate": candidate_splits, "flips": flips,
                          "promoted": promoted,
                          "decision": decision_label(promoted, json.loads(decision["results_json"]).get("rates", {})
                                                     if decision else {}),
                          "gates": json.loads(decision["results_json"])["gates"] if decision else []},
            "median_steps_to_green": statistics.median(steps) if steps else None,
            "repeat_error": repeat_error_rate(store, run_id, cycle),
            "heldout_by_family": families,
            "tokens_out": sum(r["tokens_out"] or 0 for r in day),
        })
    return out
