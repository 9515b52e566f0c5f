"""A task set on disk: ``manifest.json`` plus ``tasks/<id>.json``, pinned by content hash like the koans'.

The manifest names each crate (name, version, source hash, split, yield) and each task (crate,
file, function, operator, mutation, observed failure, failing and sample passing tests) with the
sha256 of its task file. Loading checks every pin and the split rule, and a mismatch is one line
naming the file and the field.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from attrs import frozen

from sleepy import SleepyError, Split, write_atomically
from sleepy_crates.synthesis.records import CrateIdentity, CrateTask
from sleepy_crates.synthesis.splits import SplitError, check_split, split_conflicts
from sleepy_crates.synthesis.verify import CrateVerification
from sleepy_crates.synthesis.yield_table import Counts, count_by_operator

MANIFEST_FILE = "manifest.json"
TASKS_DIR = "tasks"
FORMAT_VERSION = 1
KIND = "sleepy-crate-tasks"
# The task fields the manifest repeats; each must equal the task file's.
PINNED_FIELDS = ("crate", "file", "function", "function_lines", "operator", "mutation", "failure", "passing_tests")


class TaskSetError(SleepyError):
    """A task set whose manifest, task files or hashes disagree; one line naming the file and the field."""


@frozen
class CrateEntry:
    """A crate of the task set."""

    crate: CrateIdentity
    split: Split
    mutants_available: int  # what the operators produced
    yields: Counts  # {operator: {bucket: n}} over the mutants verified (a sample when capped)


@frozen
class TaskSet:
    """A loaded, checked task set."""

    root: Path
    crates: dict[str, CrateEntry]
    tasks: tuple[CrateTask, ...]

    def split_of(self, task: CrateTask) -> Split:
        return self.crates[task.crate].split

    def in_split(self, split: str) -> list[CrateTask]:
        return [t for t in self.tasks if self.split_of(t) == split]


def write_task_set(root: str | Path, verified: Iterable[CrateVerification], splits: Mapping[str, Split],
                   *, seed: int = 0) -> TaskSet:
    """Write the kept tasks of ``verified`` and their manifest under ``root``; returns the set as loaded."""
    root = Path(root)
    verified = list(verified)
    conflicts = split_conflicts((v.crate.name, "", "", splits[v.crate.name]) for v in verified)
    if conflicts:
        raise SplitError(f"{root}: {conflicts[0]}")
    tasks_dir = root / TASKS_DIR
    tasks_dir.mkdir(parents=True, exist_ok=True)
    crates: dict[str, Any] = {}
    entries: dict[str, Any] = {}
    for verification in verified:
        identity = verification.crate
        if identity.name in crates:
            raise SplitError(f"crate {identity.name} appears twice in the task set")
        split = check_split(splits[identity.name], f"crate {identity.name}")
        crates[identity.name] = {**identity.to_json(), "split": split,
                                 "mutants_available": verification.available,
                                 "yield": count_by_operator(verification.results)}
        for task in verification.tasks:
            text = json.dumps(task.to_json(), indent=1, sort_keys=True) + "\n"
            write_atomically(tasks_dir / f"{task.id}.json", text)
            entries[task.id] = {**_pinned(task.to_json()), "split": split,
                                "failing_tests": [list(k) for k in task.failing_tests],
                                "sha256": hashlib.sha256(text.encode()).hexdigest()}
    for stale in tasks_dir.glob("*.json"):
        if stale.stem not in entries:
            stale.unlink()
    manifest = {"format_version": FORMAT_VERSION, "kind": KIND, "seed": seed,
                "crates": dict(sorted(crates.items())), "tasks": dict(sorted(entries.items()))}
    write_atomically(root / MANIFEST_FILE, json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return load_task_set(root)


def load_task_set(root: str | Path) -> TaskSet:
    """Read and check a task set; raises TaskSetError (one line: file and field) at the first mismatch."""
    root = Path(root)
    path = root / MANIFEST_FILE
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TaskSetError(f"{path}: no manifest (build it: `python -m sleepy_crates.synthesis make`)") from None
    except ValueError as exc:
        raise TaskSetError(f"{path}: invalid JSON: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format_version") != FORMAT_VERSION:
        found = manifest.get("format_version") if isinstance(manifest, dict) else manifest
        raise TaskSetError(f"{path}: field format_version: expected {FORMAT_VERSION}, found {found!r}")
    crates = {name: _crate_entry(path, name, data) for name, data in _table(path, manifest, "crates").items()}
    tasks = [_task(root, path, task_id, entry, crates) for task_id, entry in _table(path, manifest, "tasks").items()]
    for stray in sorted((root / TASKS_DIR).glob("*.json")):
        if stray.stem not in manifest["tasks"]:
            raise TaskSetError(f"{stray}: not in {MANIFEST_FILE} (field tasks.{stray.stem} is missing)")
    rows = [(t.crate, t.file, t.function, crates[t.crate].split) for t in tasks]
    problems = split_conflicts(rows)
    problems += split_conflicts((e.crate.name, "", "", e.split) for e in crates.values())
    if problems:
        raise TaskSetError(f"{path}: field split: {problems[0]}")
    return TaskSet(root, crates, tuple(tasks))


def _table(path: Path, manifest: dict[str, Any], name: str) -> dict[str, Any]:
    table = manifest.get(name)
    if not isinstance(table, dict):
        raise TaskSetError(f"{path}: field {name}: expected an object, found {table!r}")
    return table


def _crate_entry(path: Path, name: str, data: Any) -> CrateEntry:
    try:
        identity = CrateIdentity(data["name"], data["version"], data["source_hash"], data.get("origin", "debian"))
        split = check_split(data["split"], f"{path}: field crates.{name}.split")
        entry = CrateEntry(identity, split, int(data["mutants_available"]), data["yield"])
    except (KeyError, TypeError) as exc:
        raise TaskSetError(f"{path}: field crates.{name}: missing or malformed ({exc})") from None
    if identity.name != name:
        raise TaskSetError(f"{path}: field crates.{name}.name: {identity.name!r} does not match its key")
    return entry


def _task(root: Path, path: Path, task_id: str, entry: Any, crates: Mapping[str, CrateEntry]) -> CrateTask:
    where = f"{path}: field tasks.{task_id}"
    if not isinstance(entry, dict) or not isinstance(entry.get("sha256"), str):
        raise TaskSetError(f"{where}.sha256: missing")
    if entry.get("crate") not in crates:
        raise TaskSetError(f"{where}.crate: {entry.get('crate')!r} is not one of the manifest's crates")
    if entry.get("split") != crates[entry["crate"]].split:
        raise TaskSetError(f"{where}.split: {entry.get('split')!r}, but crate {entry['crate']} is in "
                           f"{crates[entry['crate']].split!r}")
    file = root / TASKS_DIR / f"{task_id}.json"
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise TaskSetError(f"{file}: missing (field tasks.{task_id} of {MANIFEST_FILE} names it)") from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != entry["sha256"]:
        raise TaskSetError(f"{file}: field sha256: the file hashes to {digest[:12]}…, "
                           f"{MANIFEST_FILE} pins {entry['sha256'][:12]}…")
    try:
        record = json.loads(data)
        task = CrateTask.from_json(record)
    except (ValueError, KeyError, TypeError) as exc:
        raise TaskSetError(f"{file}: malformed task ({exc})") from None
    if task.id != task_id:
        raise TaskSetError(f"{file}: field id: {task.id!r}, but the file is named for {task_id!r}")
    pinned = _pinned(record)
    for name in (*PINNED_FIELDS, "failing_tests"):
        mine = pinned.get(name) if name != "failing_tests" else record["failure"]["failing_tests"]
        if mine != entry.get(name):
            raise TaskSetError(f"{file}: field {name}: the file has {_short(mine)}, {MANIFEST_FILE} has "
                               f"{_short(entry.get(name))}")
    return task


def _pinned(record: Mapping[str, Any]) -> dict[str, Any]:
    return {name: record[name] for name in PINNED_FIELDS}


def _short(value: Any) -> str:
    text = json.dumps(value, sort_keys=True)
    return text if len(text) <= 80 else text[:77] + "..."
