"""The `crates` task source on a tiny task set: prepared copies, tasks as the agent sees them, the project verdict."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sleepy_crates import plugin
from sleepy_crates.source import PRISTINE_RECORD, CratesOptions, CrateTaskSource
from sleepy_crates.synthesis import TaskSetError, load_task_set

from sleepy import ProjectSandbox, Task
from sleepy.plugins import get_plugin_manager
from sleepy.registry import Registry, StrategyKind
from sleepy.sandbox import IsolationUnavailable, Outcome
from sleepy.sandbox.project import CargoProject
from sleepy.verdict import judge_project


def _source(project: Path, tasks: Path, work: Path) -> CrateTaskSource:
    return CrateTaskSource(CratesOptions(tasks=str(tasks), work_dir=str(work), paths=[str(project)]))


def test_the_plugin_registers_the_crates_task_source() -> None:
    pm = get_plugin_manager(load_entrypoints=False, environ={})
    pm.register(plugin, name="crates")
    pm.check_pending()
    spec = next(s for s in Registry.collect(pm).specs(StrategyKind.TASK_SOURCE) if s.name == "crates")
    assert spec.provider == "crates" and spec.options is CratesOptions


def test_tasks_point_at_a_prepared_copy_and_their_editable_span_holds_the_mutation(
    clamps_task_set: tuple[Path, Path], tmp_path: Path,
) -> None:
    project, tasks_dir = clamps_task_set
    task_set = load_task_set(tasks_dir)
    tasks = list(_source(project, tasks_dir, tmp_path / "work").iter_tasks())
    assert [t.id for t in tasks] == [t.id for t in task_set.tasks] and len(tasks) >= 3
    roots = {t.project.root for t in tasks if t.project is not None}
    assert len(roots) == 1  # one copy for the crate, shared by its tasks
    root = Path(roots.pop())
    pristine = (project / "src/lib.rs").read_text()
    assert root.is_relative_to(tmp_path / "work") and (root / "src/lib.rs").read_text() == pristine
    assert (root / ".cargo/config.toml").is_file()  # prepared to build offline
    for task, record in zip(tasks, task_set.tasks, strict=True):
        spec = task.project
        assert spec is not None and spec.digest == task_set.crates["clamps"].crate.source_hash
        (file, buggy), = task.files.items()
        assert file == "src/lib.rs" and task.reference_files == {file: pristine} and buggy != pristine
        assert (task.family, task.split, task.repository) == (record.failure.kind, "train", "clamps")
        lines = buggy.splitlines()
        first, last = spec.editable
        mutated_line = record.mutation.line
        assert first <= mutated_line <= last and lines[first - 1].startswith("pub fn " + record.function)
        assert lines[last - 1].rstrip().endswith("}")
        assert spec.focus[0] <= first and last <= spec.focus[1] <= len(lines)
        wanted = {*record.failing_tests, *record.passing_tests}
        assert {(b, n) for b, names in spec.tests.items() for n in names} == wanted
        assert set(record.failing_tests) and set(record.failing_tests) <= wanted


def test_a_default_body_span_is_counted_in_the_mutated_file(clamps_task_set: tuple[Path, Path],
                                                            tmp_path: Path) -> None:
    project, tasks_dir = clamps_task_set
    tasks = {t.id: t for t in _source(project, tasks_dir, tmp_path / "work").iter_tasks()}
    shrunk = next(r for r in load_task_set(tasks_dir).tasks
                  if r.operator == "default_body" and r.function == "clamp_age")
    spec = tasks[shrunk.id].project
    assert spec is not None and spec.editable == (1, 1)  # `pub fn clamp_age(age: u32) -> u32 { 0 }`: one line
    seven_became_one = (project / "src/lib.rs").read_text().count("\n") - 6
    assert tasks[shrunk.id].files["src/lib.rs"].count("\n") == seven_became_one


def test_an_intact_copy_is_reused_and_a_touched_one_prepared_again(clamps_task_set: tuple[Path, Path],
                                                                   tmp_path: Path) -> None:
    project, tasks_dir = clamps_task_set
    source = _source(project, tasks_dir, tmp_path / "work")
    root = Path(next(iter(source.iter_tasks())).project.root)  # type: ignore[union-attr]
    marker = root / "src" / "marker.txt"  # a stray file survives only if the copy is reused
    (root / "src/lib.rs").write_text((root / "src/lib.rs").read_text() + "\n// touched\n")
    next(iter(source.iter_tasks()))
    assert "touched" not in (root / "src/lib.rs").read_text()
    marker.write_text("x")
    record = json.loads((root.parent / PRISTINE_RECORD).read_text())
    (root.parent / PRISTINE_RECORD).write_text(json.dumps({**record, "prepared_hash": "0" * 64}))
    next(iter(source.iter_tasks()))
    assert not marker.exists()  # a record that does not match means prepare afresh


def test_split_and_limit_select_tasks(clamps_task_set: tuple[Path, Path], tmp_path: Path) -> None:
    project, tasks_dir = clamps_task_set
    source = _source(project, tasks_dir, tmp_path / "work")
    assert len(list(source.iter_tasks(limit=2))) == 2
    assert list(source.iter_tasks(split="heldout")) == []
    with pytest.raises(TaskSetError, match="unknown split 'test'"):
        list(source.iter_tasks(split="test"))


def test_a_crate_whose_sources_changed_is_refused_in_one_line(clamps_task_set: tuple[Path, Path],
                                                              tmp_path: Path) -> None:
    project, tasks_dir = clamps_task_set
    moved = tmp_path / "clamps"
    moved.mkdir()
    for rel in ("Cargo.toml", "src/lib.rs"):
        (moved / rel).parent.mkdir(parents=True, exist_ok=True)
        (moved / rel).write_text((project / rel).read_text() + ("\n// edited" if rel == "src/lib.rs" else ""))
    with pytest.raises(TaskSetError) as info:
        list(_source(moved, tasks_dir, tmp_path / "work").iter_tasks())
    assert "\n" not in str(info.value) and "crate clamps 0.1.0 hashes to" in str(info.value)
    with pytest.raises(TaskSetError, match=r"crate clamps 0.1.0 \(origin path\) is not in tasks.options.paths"):
        list(CrateTaskSource(CratesOptions(tasks=str(tasks_dir), work_dir=str(tmp_path / "w2"))).iter_tasks())


def test_the_project_verdict_passes_the_reference_fix_and_fails_the_buggy_file(
    clamps_task_set: tuple[Path, Path], tmp_path: Path,
) -> None:
    project, tasks_dir = clamps_task_set
    task: Task = next(t for t in _source(project, tasks_dir, tmp_path / "work").iter_tasks()
                      if t.family == "test_failure")
    assert task.project is not None and task.reference_files is not None
    try:
        sandbox = ProjectSandbox()
    except IsolationUnavailable as exc:
        pytest.skip(f"no jail for the project sandbox here: {exc}")
    cache = sandbox.build_cache(CargoProject.read(Path(task.project.root)), tmp_path / "cache", doc_tests=False)
    fixed = judge_project(sandbox, cache, task, task.reference_files)
    assert fixed.outcome is Outcome.PASSED, fixed.reason
    buggy = judge_project(sandbox, cache, task, task.files)
    assert buggy.outcome is Outcome.TEST_FAILURE, buggy.reason


def test_tasks_are_served_round_robin_over_crates_and_failure_kinds() -> None:
    from types import SimpleNamespace

    from sleepy_crates.source import interleaved

    def task(crate: str, kind: str, n: int) -> SimpleNamespace:
        return SimpleNamespace(crate=crate, failure=SimpleNamespace(kind=kind), id=f"{crate}-{kind}-{n}")

    tasks = [task("a", "E0308", 1), task("a", "E0308", 2), task("a", "test_failure", 1), task("a", "test_failure", 2),
             task("b", "test_failure", 1)]
    served = [t.id for t in interleaved(tasks)]  # type: ignore[arg-type]
    assert served == ["a-E0308-1", "b-test_failure-1", "a-test_failure-1", "a-E0308-2", "a-test_failure-2"]
