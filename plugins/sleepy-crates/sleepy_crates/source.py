"""The `crates` task source: a synthesized task set (`sleepy_crates.synthesis`) served as `sleepy.Task`s.

Each crate's pristine work copy is prepared once under ``work_dir`` (keyed by the crate's source
hash) and reused while its files still hash as they did when it was prepared; every task of the
crate points at it through `Task.project`, so the core's per-task sandbox builds it once per run.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from attrs import Attribute, frozen

from sleepy import TASK_SPLITS, ProjectSpec, Task, option, write_atomically
from sleepy_crates.mutations import MutationError, apply
from sleepy_crates.offline import (
    DEBIAN_REGISTRY,
    CrateError,
    CrateSource,
    Registry,
    local_crate,
    prepare_work_copy,
)
from sleepy_crates.synthesis import CrateIdentity, CrateTask, TaskSet, TaskSetError, load_task_set, source_hash

# Lines of context the prompt's focus window adds on each side of the mutated function.
FOCUS_MARGIN = 3
# Written next to a prepared copy: the hash of the copy as prepared, to tell an intact copy from a touched one.
PRISTINE_RECORD = "sleepy-crates-pristine.json"
# The default `work_dir`, under the task set: the set and its work copies move together.
DEFAULT_WORK_DIR = "work/pristine"
# How many of the crate's tests a compile-error task borrows as its deciding tests (see deciding_tests).
COMPILE_ERROR_TESTS = 8


def _existing_directory(instance: object, attribute: Attribute[str], value: str) -> None:
    # Checked when the config is read, so `sleepy config check` catches a wrong path before a run does.
    if not Path(value).expanduser().is_dir():
        raise ValueError(f"'{attribute.name}' must be an existing task set directory (got {value!r})")


@frozen
class CratesOptions:
    """Options of the `crates` task source."""

    tasks: str = option("The task set directory (manifest.json and tasks/, written by `sleepy tasks make`).",
                        validator=_existing_directory)
    work_dir: str | None = option(
        "Where each crate's pristine work copy is prepared, once per source hash (default: TASKS/work/pristine).",
        default=None)
    registry: str = option("The registry directory of packaged crates (crates of origin `debian`).",
                           default=str(DEBIAN_REGISTRY))
    paths: list[str] = option("Local Cargo projects that crates of origin `path` were made from (`make --path`).",
                              factory=list)


class CrateTaskSource:
    """Serves a crate task set's tasks, interleaved over crates and failure kinds (`interleaved`)."""

    def __init__(self, options: CratesOptions) -> None:
        self.options = options
        self.root = Path(options.tasks).expanduser()
        self.work_dir = (Path(options.work_dir).expanduser() if options.work_dir is not None
                         else self.root / DEFAULT_WORK_DIR)

    def iter_tasks(self, *, split: str | None = None, limit: int | None = None) -> Iterator[Task]:
        if split is not None and split not in TASK_SPLITS:
            raise TaskSetError(f"unknown split {split!r}; expected one of {', '.join(TASK_SPLITS)}")
        task_set = load_task_set(self.root)
        chosen = interleaved([t for t in task_set.tasks if split is None or task_set.split_of(t) == split])
        if limit is not None:
            chosen = chosen[:limit]
        copies: dict[str, Path] = {}
        for crate_task in chosen:
            entry = task_set.crates[crate_task.crate]
            if crate_task.crate not in copies:
                copies[crate_task.crate] = self.pristine_copy(entry.crate)
            yield to_task(crate_task, task_set, copies[crate_task.crate], deciding_tests(crate_task, task_set))

    def pristine_copy(self, crate: CrateIdentity) -> Path:
        """The crate's prepared work copy, made now unless an intact one is there."""
        key = self.work_dir / f"{crate.name}-{crate.source_hash[:16]}"
        record = key / PRISTINE_RECORD
        path = key / f"{crate.name}-{crate.version}"
        if record.is_file() and path.is_dir():
            try:
                prepared_hash = json.loads(record.read_text(encoding="utf-8")).get("prepared_hash")
            except ValueError:
                prepared_hash = None
            if prepared_hash == source_hash(path):
                return path
        source = self.locate(crate)
        try:
            prepared = prepare_work_copy(source, key, Registry(self.options.registry))
        except CrateError as exc:
            raise TaskSetError(f"{self.root}: crate {crate.name} {crate.version}: {exc}") from exc
        write_atomically(record, json.dumps({"crate": crate.to_json(), "source": str(source.path),
                                             "prepared_hash": source_hash(prepared.path)}, indent=1) + "\n")
        return prepared.path

    def locate(self, crate: CrateIdentity) -> CrateSource:
        """The crate's sources with the hash the task set pins; one line naming where else was looked."""
        if crate.origin == "path":
            candidates = [local_crate(p) for p in self.options.paths]
            where = f"tasks.options.paths ({', '.join(self.options.paths) or 'empty'})"
        else:
            registry = Registry(self.options.registry)
            candidates = [CrateSource(crate.name, str(v), p, "debian") for v, p in registry.versions(crate.name)]
            where = f"the registry {registry.root}"
        for candidate in candidates:
            if candidate.name == crate.name and candidate.version == crate.version:
                found = source_hash(candidate.path)
                if found != crate.source_hash:
                    raise TaskSetError(f"{candidate.path}: crate {crate.name} {crate.version} hashes to {found[:12]}…, "
                                       f"the task set {self.root} pins {crate.source_hash[:12]}…")
                return candidate
        raise TaskSetError(f"{self.root}: crate {crate.name} {crate.version} (origin {crate.origin}) is not in {where}")


def deciding_tests(crate_task: CrateTask, task_set: TaskSet) -> tuple[tuple[str, str], ...]:
    """The tests that judge a fix: the task's failing tests and passing sample.

    A compile-error task records neither (its mutant never built), and with no deciding test any fix
    that compiles would pass; it borrows up to `COMPILE_ERROR_TESTS` tests that passed on the pristine
    crate from the crate's test-failure tasks: first those that caught a mutant of the same function,
    then the crate's others, each group sorted, so every run picks the same.
    """
    own = {*crate_task.failing_tests, *crate_task.passing_tests}
    if own:
        return tuple(sorted(own))
    same_function: set[tuple[str, str]] = set()
    crate_wide: set[tuple[str, str]] = set()
    for other in task_set.tasks:
        if other.crate != crate_task.crate:
            continue
        crate_wide.update(other.failing_tests, other.passing_tests)
        if (other.file, other.function) == (crate_task.file, crate_task.function):
            same_function.update(other.failing_tests)
    ranked = sorted(same_function) + sorted(crate_wide - same_function)
    return tuple(sorted(ranked[:COMPILE_ERROR_TESTS]))


def interleaved(tasks: list[CrateTask]) -> list[CrateTask]:
    """Round-robin over crates, and within a crate over failure kinds (a rustc code or test_failure), each in
    the manifest's order: any `--limit` prefix covers every crate of the split and many kinds of bug."""
    def round_robin(queues: list[list[CrateTask]]) -> list[CrateTask]:
        return [queue[rank] for rank in range(max((len(q) for q in queues), default=0))
                for queue in queues if rank < len(queue)]

    by_crate: dict[str, dict[str, list[CrateTask]]] = {}
    for task in tasks:
        by_crate.setdefault(task.crate, {}).setdefault(task.failure.kind, []).append(task)
    return round_robin([round_robin([kinds[k] for k in sorted(kinds)]) for _, kinds in sorted(by_crate.items())])


def to_task(crate_task: CrateTask, task_set: TaskSet, work_copy: Path,
            tests: tuple[tuple[str, str], ...] | None = None) -> Task:
    """The agent's task: the mutated file, the original as the reference, and the project it belongs to.

    ``tests``: the deciding (binary, test) keys (default: `deciding_tests`)."""
    pristine_path = work_copy / crate_task.file
    try:
        pristine = pristine_path.read_text(encoding="utf-8")
        mutated = apply(pristine, crate_task.mutation)
    except (OSError, MutationError) as exc:
        raise TaskSetError(f"{task_set.root}: task {crate_task.id}: {crate_task.file} in {work_copy}: {exc}") from exc
    editable = function_span(crate_task, mutated)
    lines = mutated.count("\n") + (0 if mutated.endswith("\n") else 1)
    focus = (max(1, editable[0] - FOCUS_MARGIN), min(lines, editable[1] + FOCUS_MARGIN))
    failure = crate_task.failure
    selection: dict[str, list[str]] = {}
    for binary, name in tests if tests is not None else deciding_tests(crate_task, task_set):
        selection.setdefault(binary, []).append(name)
    entry = task_set.crates[crate_task.crate]
    return Task(
        id=crate_task.id,
        family=failure.kind,
        split=entry.split,
        files={crate_task.file: mutated},
        reference_files={crate_task.file: pristine},
        expected_failure=failure.kind,
        difficulty=1 if failure.kind == "test_failure" else 2,
        description=(f"{crate_task.crate} {entry.crate.version}: `{crate_task.function}` in {crate_task.file} "
                     f"has a bug ({crate_task.mutation.description}); "
                     + (f"{len(failure.failing_tests)} test(s) fail: {failure.message}" if failure.failing_tests
                        else f"it does not compile: {failure.message}")),
        origin=f"crates:{crate_task.crate}-{entry.crate.version}:{crate_task.operator}",
        repository=crate_task.crate,
        project=ProjectSpec(root=str(work_copy), digest=entry.crate.source_hash, editable=editable,
                            tests={binary: tuple(names) for binary, names in selection.items()}, focus=focus),
    )


def function_span(crate_task: CrateTask, mutated: str) -> tuple[int, int]:
    """The mutated function's 1-based lines in ``mutated``, checked against the task's own record."""
    data, buggy = mutated.encode(), crate_task.buggy_function.encode()
    start = data.find(buggy)
    while start != -1 and not start <= crate_task.mutation.start_byte <= start + len(buggy):
        start = data.find(buggy, start + 1)
    if start == -1:
        raise TaskSetError(f"task {crate_task.id}: {crate_task.file}: the buggy function {crate_task.function} is "
                           "not where the mutation is (the work copy differs from the task set's crate)")
    first = data[:start].count(b"\n") + 1
    span = (first, first + buggy.rstrip(b"\n").count(b"\n"))
    if span != crate_task.function_lines:
        raise TaskSetError(f"task {crate_task.id}: field function_lines: the mutated file has {crate_task.function} "
                           f"at lines {span[0]}-{span[1]}, the task says {crate_task.function_lines}")
    return span

