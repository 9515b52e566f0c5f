"""`sleepy eval`: one adapter (or the base model) on one split of a koan collection, measured by the gate's own
evaluation (`evaluate_tasks`: the same agent, seeds, budgets, sandbox and verdict).

A collection's episodes and verdicts are kept under a phase of their own, `eval:<name>@<manifest digest>`, never
the gate's `eval`: its task ids may be the run's own koans' ids, and neither may stand in for the other's
result. Each episode is stored as it finishes, so a killed evaluation loses none, and a rerun with the same
adapter and collection runs only the tasks not measured yet (the gate's cache, read under that phase).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from attrs import frozen

from sleepy.adapters import AdapterRecord, AdapterRegistry, InvalidAdapter, validate_adapter
from sleepy.adapters.directory import adapter_from_directory
from sleepy.builtins.koans_source import koan_collection
from sleepy.config import StrategyRef, resolve_strategy
from sleepy.errors import SleepyError
from sleepy.koans import KoanFormatError, ManifestError, load_koans, read_manifest
from sleepy.koans.manifest import MANIFEST_FILE
from sleepy.phases.gate import eval_seed, evaluate_tasks
from sleepy.phases.model import BASE
from sleepy.phases.setup import PhaseContext
from sleepy.phases.tasks import TaskCatalog
from sleepy.records import TASK_SPLITS, Task
from sleepy.registry import Registry, StrategyKind
from sleepy.report.summary import trained_signatures
from sleepy.run_dir import RunDirectory
from sleepy.store import EpisodeRow, TaskVerdict

ALL = "all"  # every split of the collection
EVAL_SPLITS = (*TASK_SPLITS, ALL)


class EvalInputError(SleepyError):
    """What `sleepy eval` was asked to measure does not exist or cannot be measured: one line, exit status 2."""

    exit_code = 2


@frozen
class KoanCollection:
    """A koans directory with its manifest; `digest` pins which koans it holds, their splits and content."""

    root: Path
    name: str
    digest: str

    @property
    def phase(self) -> str:
        """The phase (and verdict label) its evaluations are stored under."""
        return f"eval:{self.name}@{self.digest}"

    @classmethod
    def open(cls, root: Path) -> KoanCollection:
        """The collection at `root`; a directory that is none, or has no manifest, is one line naming it."""
        if not root.is_dir():
            raise EvalInputError(f"--tasks {root}: not a directory")
        try:
            koans = load_koans(root)
        except KoanFormatError as exc:
            raise EvalInputError(str(exc)) from None
        if not koans:
            raise EvalInputError(f"--tasks {root}: not a koan collection (no <family>/<id>/koan.toml under it)")
        if not (root / MANIFEST_FILE).exists():
            raise EvalInputError(f"--tasks {root}: no {MANIFEST_FILE}, so no koan has a split; run "
                                 f"`sleepy koans freeze --path {root} --split heldout`")
        try:
            manifest = read_manifest(root)
        except ManifestError as exc:
            raise EvalInputError(str(exc)) from None
        pinned = {k: [e.split, e.sha256] for k, e in sorted(manifest.entries.items())}
        digest = hashlib.sha256(json.dumps(pinned, sort_keys=True).encode()).hexdigest()[:8]
        return cls(root.resolve(), root.resolve().name, digest)

    def tasks(self, registry: Registry, split: str, limit: int | None = None) -> list[Task]:
        """The tasks of `split` (`all`: every split) in the koans source's serving order, at most `limit`."""
        ref = koan_collection(self.root)
        source = resolve_strategy(registry, StrategyKind.TASK_SOURCE, StrategyRef(ref["name"], ref["options"]),
                                  "--tasks", str(self.root)).build()
        catalog = TaskCatalog(source)
        try:
            tasks = catalog.split(None if split == ALL else split, limit)
            counts = {s: catalog.size(s) for s in TASK_SPLITS}
        except (KoanFormatError, ManifestError) as exc:  # koans that disagree with the manifest
            raise EvalInputError(str(exc)) from None
        if not tasks:
            held = ", ".join(f"{s} {n}" for s, n in counts.items() if n) or "none"
            raise EvalInputError(f"--tasks {self.root}: no {split} koans (its splits: {held}); pick another --split, "
                                 "or freeze the collection with that split")
        return tasks


def check_adapter_choice(run_dir: Path, choice: str | None) -> None:
    """Before anything is written: where the run dir has no run yet (so no registry), an `--adapter` that is no
    valid adapter directory is refused, and a typo leaves no run directory behind."""
    if choice is None or choice == BASE or RunDirectory(run_dir).database.exists():
        return  # with a run, `chosen_adapter` asks its registry first
    if not Path(choice).is_dir():
        raise EvalInputError(f"--adapter {choice}: no adapter directory there, and {run_dir} holds no run whose "
                             "registry could know that id")
    try:
        validate_adapter(Path(choice))
    except InvalidAdapter as exc:
        raise EvalInputError(f"--adapter {choice}: {exc}") from None


def chosen_adapter(ctx: PhaseContext, choice: str | None) -> AdapterRecord | None:
    """None or `base`: the base model; an id of the run's registry; else an adapter directory used in place."""
    if choice in (None, BASE):
        return None
    assert choice is not None
    registry = AdapterRegistry(ctx.run_dir.adapters, ctx.store)
    try:
        if ctx.store.adapter(choice) is not None:
            registry.validate(choice)
            return registry.get(choice)
        if Path(choice).is_dir():
            inside = Path(choice).resolve()
            known = [r for r in registry.list() if r.path.resolve() == inside]
            return known[0] if known else adapter_from_directory(inside)
    except InvalidAdapter as exc:
        raise EvalInputError(f"--adapter {choice}: {exc}") from None
    known_ids = ", ".join(r.id for r in registry.list()) or "none"
    raise EvalInputError(f"--adapter {choice}: no adapter {choice!r} in {ctx.run_dir.adapters} (known: {known_ids}) "
                         f"and no adapter directory at {choice}")


@frozen
class CollectionEval:
    """What one `sleepy eval` measured: a verdict per task, and the episodes behind them."""

    collection: KoanCollection
    split: str
    adapter: AdapterRecord | None
    tasks: tuple[Task, ...]
    verdicts: tuple[TaskVerdict, ...]  # in task order
    episodes: tuple[EpisodeRow, ...]  # one per task and evaluation seed
    reused: int  # tasks measured by an earlier run of the command (not run again)
    trained_signatures: frozenset[str]  # error signatures in the run's training sets (the repeat-error rate)


def evaluate_collection(ctx: PhaseContext, collection: KoanCollection, tasks: list[Task], split: str,
                        adapter: AdapterRecord | None) -> CollectionEval:
    """Evaluate `adapter` on `tasks` through the gate's `evaluate_tasks`, under the collection's phase."""
    run_id, phase = ctx.run.run_id, collection.phase
    adapter_id = adapter.id if adapter else None
    # The run's latest cycle: with agent memory on, an evaluation counts only in its cycle, as the gate's does.
    cycle = max(ctx.store.episode_cycles(run_id), default=0)
    ids = {t.id for t in tasks}
    before = {e.task_id for e in _episodes(ctx, phase, adapter_id, cycle) if e.task_id in ids}
    evaluate_tasks(ctx, ctx.backend, adapter, tasks, phase, cycle, phase=phase)
    verdicts = {v.task_id: v for v in ctx.store.verdicts(run_id, adapter_id, phase)}
    episodes = [e for e in _episodes(ctx, phase, adapter_id, cycle) if e.task_id in ids]
    return CollectionEval(collection, split, adapter, tuple(tasks),
                          tuple(verdicts[t.id] for t in tasks if t.id in verdicts), tuple(episodes), len(before),
                          frozenset(trained_signatures(ctx.store, run_id)))


def _episodes(ctx: PhaseContext, phase: str, adapter_id: str | None, cycle: int) -> list[EpisodeRow]:
    """The episodes the evaluation's verdicts count: one per task and seed, under the seed the gate derives."""
    seeds = ctx.config.evaluation.seeds
    in_cycle = cycle if ctx.config.agent.memory is not None else None
    latest: dict[tuple[str, int], EpisodeRow] = {}
    for e in ctx.store.find_episodes(ctx.run.run_id, phase=phase, cycle=in_cycle, adapter_id=adapter_id):
        if e.attempt_idx < seeds and e.seed == eval_seed(ctx.config.seed, e.attempt_idx, e.task_id):
            latest[(e.task_id, e.attempt_idx)] = e
    return list(latest.values())
