"""What a training pair must satisfy: train split only, code that passes the verdict and clippy."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sleepy.agent.task_sandbox import ProjectBuilds, sandbox_for
from sleepy.curation.examples import TrainingExample
from sleepy.errors import SleepyError
from sleepy.records import Task
from sleepy.sandbox import Mode, Outcome, Sandbox


class SplitLeak(SleepyError):
    """A heldout or frozen task was about to reach a training set."""


def split_guard(examples: Iterable[TrainingExample], tasks: Mapping[str, Task]) -> list[TrainingExample]:
    """Refuse any example whose task is not a train task according to the task source itself."""
    examples = list(examples)
    leaks = sorted({e.task_id for e in examples if (t := tasks.get(e.task_id)) is None or t.split != "train"})
    if leaks:
        raise SplitLeak(f"refusing to train on tasks outside the train split: {', '.join(leaks)}")
    return examples


def passes_checks(example: TrainingExample, task: Task, sandbox: Sandbox, *, clippy: bool,
                  projects: ProjectBuilds | None = None) -> bool:
    """The example's final code passes the task's verdict (the agent's own: a koan's, or a crate task's project
    verdict over ``projects``' build) and (optionally, koans only) clippy -D warnings. A crate task's file is
    the crate's own code, linted by nobody's rules but its authors'."""
    files = {next(iter(task.files)): example.final_code}
    if sandbox_for(task, sandbox, projects).judge(files).outcome is not Outcome.PASSED:
        return False
    if not clippy or task.project is not None:
        return True
    return sandbox.run(files, Mode.CLIPPY, target=task.target).outcome is Outcome.PASSED
