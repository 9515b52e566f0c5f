"""What each arm's run directories hold, cycle by cycle: per-task verdicts of the model each cycle ended
with (and of the model cycle 0 started with), day figures, sleep time, adapter and added-skill sizes and
peak RSS. Seeds are pooled: an item is (seed, task).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from attrs import field, frozen

from sleepy.compare.skill_size import SkillSize, dir_size, skill_size
from sleepy.report.summary import repeat_error_rate
from sleepy.run_dir import RunDirectory
from sleepy.store import EpisodeStore

SPLITS = ("validation", "heldout", "frozen")  # the evaluated splits a comparison can report
Item = tuple[int, str]  # (seed, task id)
SEED_DIR = re.compile(r"^seed-(-?\d+)$")


@frozen
class CycleFigures:
    """One cycle of one arm, pooled over the seeds that finished it."""

    cycle: int
    seeds: tuple[int, ...]
    outcomes: dict[str, dict[Item, bool]]  # split -> (seed, task) -> passed, for the model the cycle ended with
    models: tuple[str, ...]  # per seed: the adapter the cycle ended with ("base": none)
    train_passed: int
    train_tasks: int
    steps_to_green: tuple[int, ...]
    repeat_covered: int
    repeat_repeated: int
    sleep_seconds: tuple[float, ...]
    adapter_bytes: tuple[int, ...]
    skill_bytes: tuple[int, ...]  # per seed: what the cycle's sleep added (skill_size), 0 where it wrote nothing
    basis_bytes: tuple[int | None, ...]  # per seed: the basis that candidate keeps (None: none)
    peak_rss_bytes: tuple[int, ...]  # per seed where measured
    peak_rss_measured: int  # seeds with a measurement


@frozen
class ArmFigures:
    """Every finished cycle of one arm (those finished by every seed it ran)."""

    name: str
    record: dict[str, Any]
    cycles: tuple[CycleFigures, ...] = field(factory=tuple)
    # split -> (seed, task) -> passed, for the model cycle 0 started with (forgetting's starting point)
    start: dict[str, dict[Item, bool]] = field(factory=dict)


def _ended_with(store: EpisodeStore, run_id: str, cycle: int) -> str | None:
    """The adapter a cycle left in use: a promoted candidate, else the one it was measured against."""
    decision = store.gate_decision(run_id, cycle)
    if decision is not None:
        return decision.candidate_id if decision.promoted else decision.current_id
    gate = store.phase_summary(run_id, cycle, "gate") or {}
    adapter = gate.get("adapter")
    return str(adapter) if adapter else None


@frozen
class _SeedCycle:
    outcomes: dict[str, dict[str, bool]]
    model: str
    train_passed: int
    train_tasks: int
    steps: list[int]
    covered: int
    repeated: int
    sleep_seconds: float
    adapter_bytes: int
    added: SkillSize
    peak_rss: int | None
    started_with: dict[str, dict[str, bool]]  # the model the cycle started with (read for cycle 0 only)


def _seed_cycles(run_dir: Path, measures: Mapping[str, Any]) -> dict[int, _SeedCycle]:
    directory = RunDirectory(run_dir)
    if not directory.database.exists():
        return {}
    store = directory.open_store()
    try:
        runs = store.runs()
        if not runs:
            return {}
        run_id = runs[-1].id
        out = {}

        def outcomes_of(model: str | None) -> dict[str, dict[str, bool]]:
            return {split: {v.task_id: v.passed for v in store.verdicts(run_id, model, split)} for split in SPLITS}

        def adapter_dir(adapter_id: str | None) -> Path | None:
            record = store.adapter(adapter_id) if adapter_id else None
            if record is None:
                return None
            return record.path if record.path.is_dir() else directory.adapters / record.id

        for cycle in sorted(store.cycles_with_phase(run_id, "report")):
            adapter = _ended_with(store, run_id, cycle)
            outcomes = outcomes_of(adapter)
            decision = store.gate_decision(run_id, cycle)
            started_with = {}
            if cycle == 0:  # later cycles start with the model the cycle before ended with
                started_with = outcomes_of(decision.current_id) if decision is not None else outcomes
            day = store.find_episodes(run_id, cycle=cycle, phase="day", split="train")
            repeat = repeat_error_rate(store, run_id, cycle)
            times = store.phase_finish_times(run_id, cycle)
            sleep = (times["sleep"] - times["day"]).total_seconds() if {"day", "sleep"} <= times.keys() else 0.0
            ended_dir = adapter_dir(adapter)
            size = dir_size(ended_dir) if ended_dir is not None else 0
            # what this cycle's sleep wrote, promoted or not
            candidate_dir = adapter_dir(decision.candidate_id) if decision is not None else None
            added = skill_size(candidate_dir) if candidate_dir is not None else SkillSize(0, None)
            measured = measures.get(str(cycle), {})
            out[cycle] = _SeedCycle(outcomes, adapter or "base", sum(e.passed for e in day), len(day),
                                    [e.steps_to_green for e in day if e.passed and e.steps_to_green],
                                    int(repeat["covered"]), int(repeat["repeated"]), max(sleep, 0.0), size, added,
                                    measured.get("peak_rss_bytes"), started_with)
        return out
    finally:
        store.close()


def arm_seeds(folder: Path) -> list[int]:
    """The seeds an arm's folder holds run directories for."""
    seeds = [int(m.group(1)) for p in folder.iterdir() if p.is_dir() and (m := SEED_DIR.match(p.name))]
    return sorted(seeds)


def measure_arm(folder: Path, seeds: list[int]) -> ArmFigures:
    """An arm's figures from its run directories (`folder/seed-<n>`), cycles pooled over `seeds`."""
    record_path = folder / "arm.json"
    record = json.loads(record_path.read_text(encoding="utf-8")) if record_path.exists() else {}
    per_seed: dict[int, dict[int, _SeedCycle]] = {}
    for seed in seeds:
        measures_path = folder / f"seed-{seed}.measures.json"
        measures = json.loads(measures_path.read_text(encoding="utf-8")) if measures_path.exists() else {}
        per_seed[seed] = _seed_cycles(folder / f"seed-{seed}", measures)
    cycles = []
    cycle = 0
    # A cycle counts once every seed finished it, so each figure pools the same seeds.
    while seeds and all(cycle in per_seed[s] for s in seeds):
        rows = [(s, per_seed[s][cycle]) for s in seeds]
        rss = [r.peak_rss for _, r in rows if r.peak_rss is not None]
        cycles.append(CycleFigures(
            cycle=cycle, seeds=tuple(seeds),
            outcomes={split: {(s, task): ok for s, r in rows for task, ok in r.outcomes[split].items()}
                      for split in SPLITS},
            models=tuple(r.model for _, r in rows),
            train_passed=sum(r.train_passed for _, r in rows), train_tasks=sum(r.train_tasks for _, r in rows),
            steps_to_green=tuple(step for _, r in rows for step in r.steps),
            repeat_covered=sum(r.covered for _, r in rows), repeat_repeated=sum(r.repeated for _, r in rows),
            sleep_seconds=tuple(r.sleep_seconds for _, r in rows),
            adapter_bytes=tuple(r.adapter_bytes for _, r in rows),
            skill_bytes=tuple(r.added.skill_bytes for _, r in rows),
            basis_bytes=tuple(r.added.basis_bytes for _, r in rows),
            peak_rss_bytes=tuple(rss), peak_rss_measured=len(rss)))
        cycle += 1
    start = ({split: {(s, task): ok for s in seeds for task, ok in per_seed[s][0].started_with[split].items()}
              for split in SPLITS} if cycles else {})
    return ArmFigures(folder.name, record, tuple(cycles), start)
