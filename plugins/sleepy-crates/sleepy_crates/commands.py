"""`sleepy tasks make|list|verify`: build, list and check a crate task set (docs/crates-synthesis.md)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import click

from sleepy import TASK_SPLITS, SleepyError
from sleepy_crates.synthesis import TaskSet, load_task_set

_TASKS_DIR = click.Path(file_okay=False, path_type=Path)


class _OneLineErrors(click.Group):
    """Turns a SleepyError (a bad task set, a missing crate) into click's one-line `Error: ...` and status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SleepyError as exc:
            raise click.ClickException(str(exc)) from exc


def tasks_group() -> click.Group:
    """The `tasks` group with its commands (built per CLI, so adding to it changes only that CLI)."""

    @click.group("tasks", cls=_OneLineErrors)
    def tasks() -> None:
        """Crate task sets: real crates' mutants verified against their own tests (sleepy-crates)."""

    for command in (_make_command(), _list_command(), _verify_command()):
        tasks.add_command(command)
    return tasks


def _make_command() -> click.Command:
    @click.command("make")
    @click.option("--crate", "crates", multiple=True, metavar="NAME", help="A packaged crate (repeatable).")
    @click.option("--path", "paths", multiple=True, type=click.Path(file_okay=False, path_type=Path),
                  help="A local Cargo project (repeatable).")
    @click.option("--out", required=True, type=_TASKS_DIR, help="The task set directory.")
    @click.option("--work", type=_TASKS_DIR, help="Work copies, caches and journals (default: OUT/work).")
    @click.option("--install", is_flag=True, help="apt-get install a missing librust-NAME-dev.")
    @click.option("--max-mutants", type=click.IntRange(min=1), help="Verify a seeded sample of N mutants per crate.")
    @click.option("--seed", type=int, default=0, show_default=True)
    @click.option("--split", "splits", multiple=True, metavar="CRATE=SPLIT",
                  help="Put a crate in a split (train, validation, heldout, frozen); others get a seeded default.")
    @click.option("--test-seconds", type=float, default=10.0, show_default=True,
                  help="Wall-clock limit per test binary and attempt.")
    @click.option("--operators", help="Comma-separated mutation operators (default: all).")
    @click.option("--function", "functions", multiple=True, metavar="PATH",
                  help="Only mutants of this function (qualified path, repeatable).")
    @click.option("--isolation", default="auto", show_default=True, help="Sandbox isolation (auto, bwrap, unshare).")
    def make(crates: tuple[str, ...], paths: tuple[Path, ...], out: Path, work: Path | None, install: bool,
             max_mutants: int | None, seed: int, splits: tuple[str, ...], test_seconds: float,
             operators: str | None, functions: tuple[str, ...], isolation: str) -> None:
        """Verify crates' mutants in the offline sandbox and write the task set (resumes from its journals)."""
        from sleepy_crates.synthesis.cli import main

        argv = ["make", "--out", str(out), "--seed", str(seed), "--test-seconds", str(test_seconds),
                "--isolation", isolation]
        argv += [arg for name in crates for arg in ("--crate", name)]
        argv += [arg for path in paths for arg in ("--path", str(path))]
        argv += [arg for text in splits for arg in ("--split", text)]
        argv += [arg for name in functions for arg in ("--function", name)]
        argv += ["--work", str(work)] if work is not None else []
        argv += ["--max-mutants", str(max_mutants)] if max_mutants is not None else []
        argv += ["--operators", operators] if operators else []
        argv += ["--install"] if install else []
        status = main(argv)
        if status:
            raise SystemExit(status)

    return make


def _list_command() -> click.Command:
    @click.command("list")
    @click.option("--tasks", "root", required=True, type=_TASKS_DIR, help="The task set directory.")
    @click.option("--split", type=click.Choice(TASK_SPLITS), help="Only this split.")
    @click.option("--json", "as_json", is_flag=True, help="Print a JSON list, one object per task.")
    def list_tasks(root: Path, split: str | None, as_json: bool) -> None:
        """List a task set's tasks with their crate, split, observed failure and function."""
        task_set = load_task_set(root)
        rows = task_rows(task_set, split)
        if as_json:
            click.echo(json.dumps(rows, indent=1))
            return
        for row in rows:
            click.echo(f"{row['id']:<28} {row['split']:<10} {row['family']:<13} {row['file']}:"
                       f"{row['lines'][0]}-{row['lines'][1]} {row['function']} ({row['operator']})")
        click.echo(f"{len(rows)} tasks")

    return list_tasks


def task_rows(task_set: TaskSet, split: str | None = None) -> list[dict[str, Any]]:
    """One JSON object per task, in the manifest's order; only ``split``'s when given."""
    return [{"id": t.id, "crate": t.crate, "version": task_set.crates[t.crate].crate.version,
             "split": task_set.split_of(t), "family": t.failure.kind, "file": t.file, "function": t.function,
             "lines": list(t.function_lines), "operator": t.operator, "message": t.failure.message,
             "failing_tests": [list(k) for k in t.failing_tests], "passing_tests": [list(k) for k in t.passing_tests]}
            for t in task_set.tasks if split is None or task_set.split_of(t) == split]


def _verify_command() -> click.Command:
    @click.command("verify")
    @click.option("--tasks", "root", required=True, type=_TASKS_DIR, help="The task set directory.")
    @click.option("--json", "as_json", is_flag=True, help="Print one JSON object (ok, error, counts).")
    def verify(root: Path, as_json: bool) -> None:
        """Check a task set's files, hashes and splits; the first problem is one line."""
        try:
            task_set = load_task_set(root)
        except SleepyError as exc:
            if not as_json:
                raise
            click.echo(json.dumps({"ok": False, "error": str(exc)}))
            raise SystemExit(1) from exc
        summary = verify_summary(task_set)
        if as_json:
            click.echo(json.dumps({"ok": True, "error": None, **summary}, indent=1))
            return
        crates = ", ".join(f"{name} {c['version']} ({c['split']}, {c['tasks']} tasks)"
                           for name, c in summary["crates"].items())
        click.echo(f"{root}: {summary['tasks']} tasks, hashes and splits check; crates: {crates}; "
                   f"per split: {summary['per_split']}")

    return verify


def verify_summary(task_set: TaskSet) -> dict[str, Any]:
    """Counts of a checked task set: tasks, per split, per crate."""
    per_crate = Counter(t.crate for t in task_set.tasks)
    per_split = Counter(task_set.split_of(t) for t in task_set.tasks)
    return {"tasks": len(task_set.tasks), "per_split": {s: per_split[s] for s in TASK_SPLITS if per_split[s]},
            "crates": {name: {"version": e.crate.version, "source_hash": e.crate.source_hash, "origin": e.crate.origin,
                              "split": e.split, "tasks": per_crate[name]} for name, e in task_set.crates.items()}}
