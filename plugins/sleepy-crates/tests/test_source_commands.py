"""`sleepy tasks make|list|verify` through click, on the tiny task set (`make` built it: see conftest.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import click
from click.testing import CliRunner
from sleepy_crates import plugin
from sleepy_crates.commands import tasks_group
from sleepy_crates.synthesis import load_task_set

from sleepy.cli import make_cli
from sleepy.plugins import get_plugin_manager


def test_list_json_has_one_object_per_task(clamps_task_set: tuple[Path, Path]) -> None:
    _, tasks_dir = clamps_task_set
    result = CliRunner().invoke(tasks_group(), ["list", "--tasks", str(tasks_dir), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    task_set = load_task_set(tasks_dir)
    assert [row["id"] for row in rows] == [t.id for t in task_set.tasks]
    first = task_set.tasks[0]
    assert rows[0] == {
        "id": first.id, "crate": "clamps", "version": "0.1.0", "split": "train", "family": first.failure.kind,
        "file": "src/lib.rs", "function": first.function, "lines": list(first.function_lines),
        "operator": first.operator, "message": first.failure.message,
        "failing_tests": [list(k) for k in first.failing_tests],
        "passing_tests": [list(k) for k in first.passing_tests],
    }
    heldout = CliRunner().invoke(tasks_group(), ["list", "--tasks", str(tasks_dir), "--split", "heldout", "--json"])
    assert heldout.exit_code == 0 and json.loads(heldout.output) == []
    text = CliRunner().invoke(tasks_group(), ["list", "--tasks", str(tasks_dir)])
    assert text.output.splitlines()[-1] == f"{len(rows)} tasks"


def test_verify_reports_counts_and_refuses_a_tampered_set_in_one_line(clamps_task_set: tuple[Path, Path],
                                                                      tmp_path: Path) -> None:
    _, tasks_dir = clamps_task_set
    good = CliRunner().invoke(tasks_group(), ["verify", "--tasks", str(tasks_dir), "--json"])
    assert good.exit_code == 0, good.output
    summary = json.loads(good.output)
    count = len(load_task_set(tasks_dir).tasks)
    assert (summary["ok"], summary["tasks"], summary["per_split"]) == (True, count, {"train": count})
    assert summary["crates"]["clamps"]["tasks"] == count
    tampered = tmp_path / "tasks"
    shutil.copytree(tasks_dir / "tasks", tampered / "tasks")
    shutil.copy(tasks_dir / "manifest.json", tampered / "manifest.json")
    victim = sorted((tampered / "tasks").glob("*.json"))[0]
    victim.write_text(victim.read_text().replace('"clamp_age"', '"clamp_ages"').replace('"is_adult"', '"is_adults"'))
    bad = CliRunner().invoke(tasks_group(), ["verify", "--tasks", str(tampered)])
    assert bad.exit_code == 1
    (line,) = bad.output.strip().splitlines()
    assert line.startswith(f"Error: {victim}: field sha256: the file hashes to")
    as_json = CliRunner().invoke(tasks_group(), ["verify", "--tasks", str(tampered), "--json"])
    assert as_json.exit_code == 1 and json.loads(as_json.output)["ok"] is False
    assert "field sha256" in json.loads(as_json.output)["error"]


def test_the_plugin_adds_the_tasks_group_to_the_sleepy_cli_or_joins_an_existing_one() -> None:
    pm = get_plugin_manager(load_entrypoints=False, environ={})
    pm.register(plugin, name="crates")
    cli = make_cli(pm)
    group = cli.commands["tasks"]
    assert isinstance(group, click.Group) and set(group.commands) == {"make", "list", "verify"}

    existing = click.Group("tasks", commands={"other": click.Command("other")})
    host = click.Group("sleepy", commands={"tasks": existing})
    plugin.sleepy_register_commands(cli=host)
    assert host.commands["tasks"] is existing and set(existing.commands) == {"other", "make", "list", "verify"}


def test_make_without_a_crate_says_so() -> None:
    result = CliRunner().invoke(tasks_group(), ["make", "--out", "unused"])
    assert result.exit_code == 2
