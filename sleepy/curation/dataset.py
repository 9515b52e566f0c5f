"""Versioned training sets: curated, filtered, de-duplicated, hashed and written as chat JSONL."""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from attrs import frozen

from sleepy.agent.task_sandbox import ProjectBuilds
from sleepy.curation.examples import TrainingExample
from sleepy.curation.filters import passes_checks, split_guard
from sleepy.fileio import write_atomically
from sleepy.records import Task
from sleepy.sandbox import Sandbox
from sleepy.store import DatasetRecord, EpisodeStore


@frozen
class DatasetVersion:
    """A written training set and its lineage."""

    hash: str
    path: Path
    examples: tuple[TrainingExample, ...]
    source_counts: Mapping[str, int]
    dropped: Mapping[str, int]  # why candidates were left out: failed_checks, duplicate, over_cap

    @property
    def size(self) -> int:
        return len(self.examples)


def _jsonl(examples: Iterable[TrainingExample]) -> str:
    return "".join(json.dumps(e.to_chat_json(), sort_keys=True) + "\n" for e in examples)


def read_dataset(path: Path) -> list[TrainingExample]:
    """Examples of a dataset file written by `write_dataset`."""
    return [TrainingExample.from_chat_json(json.loads(line)) for line in path.read_text().splitlines() if line]


def dataset_file(record: DatasetRecord, directory: Path | None = None) -> Path:
    """Where a recorded dataset's JSONL is: under `directory` (the run's datasets folder, wherever the run
    directory is now) by its file name, else the path recorded when it was written."""
    return directory / record.path.name if directory is not None else record.path


def dataset_examples(record: DatasetRecord, directory: Path | None = None) -> list[TrainingExample]:
    """The examples of a recorded dataset: the one reader of a dataset's JSONL for the phases and the report."""
    return read_dataset(dataset_file(record, directory))


def curate(
    candidates: Iterable[TrainingExample],
    tasks: Mapping[str, Task],
    sandbox: Sandbox,
    *,
    require_clippy: bool,
    max_examples: int,
    seed: int,
    replay: Iterable[TrainingExample] = (),
    checked: Iterable[TrainingExample] = (),
    jobs: int = 2,
    projects: ProjectBuilds | None = None,
) -> tuple[list[TrainingExample], dict[str, int]]:
    """Filter (tests + clippy), de-duplicate, mix in replay, cap; deterministic for a seed.

    `checked` pairs passed the same checks on their own files already (dreams: a variant's tests are not
    its task's) and are not re-tested; they are de-duplicated, capped and split-guarded like the rest.
    """
    dropped: Counter[str] = Counter()
    unique: dict[str, TrainingExample] = {}
    pre_checked: set[str] = set()
    for example, was_checked in [(e, False) for e in candidates] + [(e, True) for e in checked]:
        if example.key() in unique:
            dropped["duplicate"] += 1
        else:
            unique[example.key()] = example
            if was_checked:
                pre_checked.add(example.key())
    ordered = sorted(unique.values(), key=lambda e: (e.source, e.task_id, e.key()))

    def passes(example: TrainingExample) -> bool:
        return example.key() in pre_checked or passes_checks(example, tasks[example.task_id], sandbox,
                                                               clippy=require_clippy, projects=projects)

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        verdicts = list(pool.map(passes, ordered))
    kept = [e for e, ok in zip(ordered, verdicts, strict=True) if ok]
    dropped["failed_checks"] = len(ordered) - len(kept)
    replayed = [e for e in replay if e.key() not in unique]
    rng = random.Random(seed)
    rng.shuffle(replayed)
    kept += replayed
    if len(kept) > max_examples:
        dropped["over_cap"] = len(kept) - max_examples
        kept = sorted(rng.sample(kept, max_examples), key=lambda e: (e.source, e.task_id, e.key()))
    return split_guard(kept, tasks), {k: v for k, v in dropped.items() if v}


def write_dataset(examples: list[TrainingExample], directory: Path, store: EpisodeStore, *, run_id: str,
                  cycle: int, dropped: Mapping[str, int], tasks: Mapping[str, Task],
                  settings: Mapping[str, Any]) -> DatasetVersion:
    """Write the JSONL under its content hash and record it with its lineage (idempotent)."""
    split_guard(examples, tasks)  # last line of defence: nothing outside train is ever written
    text = _jsonl(examples)
    digest = hashlib.sha256(text.encode()).hexdigest()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{digest[:16]}.jsonl"
    if not path.exists():
        write_atomically(path, text)
    sources = Counter(e.source for e in examples)
    per_family: dict[str, dict[str, int]] = {}
    for e in examples:
        per_family.setdefault(e.family, {}).setdefault(e.source, 0)
        per_family[e.family][e.source] += 1
    clusters = Counter(f"{e.family} | {e.error_signature}" for e in examples)
    lineage = {"episode_ids": sorted({e.episode_id for e in examples if e.episode_id}),
               "sources_per_family": per_family, "signature_clusters": dict(clusters.most_common())}
    store.record_dataset(digest, run_id=run_id, cycle=cycle, path=path, examples=len(examples),
                         source_counts=sources, lineage=lineage, filter={"dropped": dict(dropped), **settings})
    return DatasetVersion(digest, path, tuple(examples), dict(sources), dict(dropped))
