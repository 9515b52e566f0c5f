"""The agent loop on a crate task: one file of a Cargo project, judged by the project verdict (docs/crates.md)."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from pathlib import Path

import pytest

from sleepy.agent.episode import EpisodeRun
from sleepy.agent.runner import run_episodes
from sleepy.agent.task_sandbox import CrateTaskSandbox, ProjectBuildError, ProjectBuilds
from sleepy.agent.tools import BUILTIN_TOOLS
from sleepy.builtins.scripted_backend import ScriptedBackend
from sleepy.config import AgentConfig
from sleepy.curation import TrainingExample, curate
from sleepy.records import SamplingParams
from sleepy.sandbox import IsolationUnavailable, Sandbox
from sleepy.sandbox.project import ProjectSandbox
from tests.verdict.project_red_team.fixture import (
    BUGGY_LINE,
    FIXED_LINE,
    TASK_FILE,
    abacus_task,
    buggy_file,
    fixed_file,
    write_abacus,
)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_abacus(tmp_path_factory.mktemp("abacus") / "project")


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProjectBuilds]:
    made: list[ProjectSandbox] = []

    def make() -> ProjectSandbox:
        try:
            box = ProjectSandbox()
        except IsolationUnavailable as exc:
            pytest.skip(f"no jail for the project sandbox here: {exc}")
        made.append(box)
        return box

    yield ProjectBuilds(make, tmp_path_factory.mktemp("builds"))
    assert len(made) <= 1  # one project sandbox for the whole run


def _run(project: Path, builds: ProjectBuilds | None, *replies: str, max_steps: int = 1):
    task = abacus_task(project, "all")
    backend = ScriptedBackend(replies)
    config = AgentConfig(max_steps=max_steps, rustfix_first=False, reply_format="search_replace")
    episode = EpisodeRun(task, config=config,
                         tools={t.name: t() for t in BUILTIN_TOOLS}, sandbox=Sandbox(), params=SamplingParams(),
                         identity={"id": "e1", "run_id": "r1"}, projects=builds)
    done: list[EpisodeRun] = []
    run_episodes([episode], backend, concurrency=1, on_finished=done.append)
    return done[0], backend


def _edit(search: str, replace: str) -> str:
    return f"<<<<<<< SEARCH\n{search}=======\n{replace}>>>>>>> REPLACE\n"


def test_a_search_replace_fix_of_the_function_passes(project: Path, builds: ProjectBuilds) -> None:
    episode, backend = _run(project, builds, _edit(BUGGY_LINE, FIXED_LINE))
    assert isinstance(episode.workspace.sandbox, CrateTaskSandbox)
    record = episode.record()
    assert (record.outcome, record.passed, record.steps_to_green) == ("passed", True, 1)
    assert "saturates" in backend.requests[0].messages[-1].content  # the failing test, as the model saw it
    assert "-        sum = sum.wrapping_add" in record.final_diff


def _patch(before: str, after: str) -> str:
    """A reply holding a unified diff: the `patch` tool applies it to the whole file, not the window."""
    diff = "".join(difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                        f"a/{TASK_FILE}", f"b/{TASK_FILE}"))
    return f"```diff\n{diff}```\n"


def test_a_change_outside_the_function_is_refused(project: Path, builds: ProjectBuilds) -> None:
    buggy = buggy_file(project)
    both = buggy.replace(BUGGY_LINE, FIXED_LINE).replace('    *values.iter().max().expect("empty")\n', "    0\n")
    episode, _ = _run(project, builds, _patch(buggy, both))
    record = episode.record()
    assert not record.passed
    assert "after the editable lines" in record.steps[-1].tool_result["sandbox"]["reason"]


def test_an_edit_of_lines_the_prompt_did_not_show_is_not_applied(project: Path, builds: ProjectBuilds) -> None:
    other = next(line for line in buggy_file(project).splitlines(keepends=True) if 'expect("empty")' in line)
    episode, _ = _run(project, builds, _edit(other, "    0\n"))
    record = episode.record()
    assert not record.passed and record.steps[-1].outcome == "edit_error"
    assert "edit refused" in record.steps[-1].tool_result["errors"][0]


def test_the_file_s_own_tests_are_restored_before_the_verdict(project: Path, builds: ProjectBuilds) -> None:
    buggy = buggy_file(project)
    test_line = next(line for line in buggy.splitlines(keepends=True) if "u32::MAX, 1" in line)
    weakened = buggy.replace(test_line, "        assert!(true);\n")  # the bug left in place
    episode, _ = _run(project, builds, _patch(buggy, weakened))
    record = episode.record()
    assert not record.passed and record.steps[-1].tool_result["tests_restored"] is True

def test_a_crate_task_without_a_project_sandbox_is_one_clear_error(project: Path) -> None:
    with pytest.raises(ProjectBuildError, match="is a crate task, but this run has no project sandbox"):
        _run(project, None, _edit(BUGGY_LINE, FIXED_LINE))



def test_the_prompt_shows_the_focus_lines_and_a_reply_of_those_lines_fixes_them(project: Path,
                                                                              builds: ProjectBuilds) -> None:
    task = abacus_task(project, "all")
    assert task.project is not None
    start, end = task.project.focus
    fixed = fixed_file(project)
    config = AgentConfig(max_steps=1, rustfix_first=False, reply_format="whole_file")
    backend = ScriptedBackend(["```rust\n" + "".join(fixed.splitlines(keepends=True)[start - 1:end]) + "```\n"])
    episode = EpisodeRun(task, config=config, tools={t.name: t() for t in BUILTIN_TOOLS}, sandbox=Sandbox(),
                         params=SamplingParams(), identity={"id": "e2", "run_id": "r1"}, projects=builds)
    done: list[EpisodeRun] = []
    run_episodes([episode], backend, concurrency=1, on_finished=done.append)
    prompt = backend.requests[0].messages[-1].content
    assert f"lines {start}-{end}" in prompt and "Reply with the complete fixed lines" in prompt
    assert "fn total" in prompt and "fn largest" not in prompt  # the window, not the file
    record = done[0].record()
    assert (record.outcome, record.passed) == ("passed", True)
    assert record.final_code == fixed  # spliced back: the rest of the file untouched


def test_curation_checks_a_crate_task_s_pair_with_the_project_verdict(project: Path, builds: ProjectBuilds) -> None:
    task = abacus_task(project, "all")

    def pair(code: str) -> TrainingExample:
        target = f"```rust\n{code}```"
        return TrainingExample((), target, "reference", 1.0, task.id, task.family, task.split, None, None, code)

    fixed, buggy = pair(fixed_file(project)), pair(buggy_file(project))
    kept, dropped = curate([fixed, buggy], {task.id: task}, Sandbox(), require_clippy=True, max_examples=10, seed=0,
                           projects=builds)
    assert [e.final_code for e in kept] == [fixed.final_code]  # clippy is not asked of the crate's own file
    assert dropped["failed_checks"] == 1
