from __future__ import annotations

import json
import subprocess
import sys

import pytest

from sleepy.records import EpisodeRecord
from sleepy.store import EpisodeStore
from sleepy.version import sleepy_version


def test_version(sleepy_cli):
    result = sleepy_cli("--version")
    assert result.exit_code == 0 and sleepy_version() in result.output


def test_plugins_json_lists_builtins_with_all(sleepy_cli):
    assert json.loads(sleepy_cli("plugins", "--json").output) == []
    rows = json.loads(sleepy_cli("plugins", "--all", "--json").output)
    scripted = next(r for r in rows if r["name"] == "builtin.scripted_backend")
    assert scripted["strategies"][0]["name"] == "scripted"
    assert scripted["hooks"] == ["sleepy_register_backends"]


def test_config_check_ok_and_errors(sleepy_cli, tmp_path, register_plugin):
    from sleepy import hookimpl

    class Tasks:
        @hookimpl
        def sleepy_register_task_sources(self, register):
            register.add("none", lambda options: [])

    register_plugin(Tasks(), name="tasks")
    good = tmp_path / "good.yaml"
    good.write_text("backend: scripted\ntasks: none\n")
    result = sleepy_cli("config", "check", str(good))
    assert result.exit_code == 0 and "ok (backend scripted, tasks none" in result.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("backend: {name: scripted, options: {model: 3}}\ntasks: none\n")
    result = sleepy_cli("config", "check", str(bad))
    assert result.exit_code == 2
    assert result.output.strip() == f"sleepy: error: {bad}: $.backend.options.model: expected str, got 3"


def test_config_check_missing_file_is_one_line(sleepy_cli, tmp_path):
    result = sleepy_cli("config", "check", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert result.output == f"sleepy: error: {tmp_path / 'nope.yaml'}: file not found\n"


def test_config_explain_covers_core_and_strategies(sleepy_cli):
    out = sleepy_cli("config", "explain").output
    assert "agent.max_steps (int, default 3)" in out
    assert "# backend 'scripted' options" in out and "replies (list[str], default [])" in out
    only = sleepy_cli("config", "explain", "--strategy", "reporter/console").output
    assert "episodes (bool, default False)" in only and "agent.max_steps" not in only


def make_run(tmp_path):
    run = tmp_path / "run"
    run.mkdir()
    store = EpisodeStore.open(run / "sleepy.db")
    store.record_run("r1", command="day", config_hash="h", config={}, seed=0, sleepy_version="0")
    for i in range(3):
        store.record_episode(EpisodeRecord(id=f"e{i}", run_id="r1", task_id=f"t{i}", outcome="failed",
                                           passed=False, first_error_signature="E0382: use of moved value: `{}`",
                                           final_diff=f"diff{i}"))
    store.close()
    return run


def test_export_episodes_jsonl_has_prd_fields(sleepy_cli, tmp_path):
    run = make_run(tmp_path)
    lines = sleepy_cli("export", "episodes", "--run-dir", str(run), "--jsonl").output.splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["task_id"] for r in records] == ["t0", "t1", "t2"]
    assert {k: records[1][k] for k in ("attempt_idx", "error_signature", "diff", "passed", "steps_to_green")} == {
        "attempt_idx": 0, "error_signature": "E0382: use of moved value: `{}`", "diff": "diff1", "passed": False,
        "steps_to_green": None}


def test_db_stats(sleepy_cli, tmp_path):
    stats = json.loads(sleepy_cli("db", "stats", "--run-dir", str(make_run(tmp_path)), "--json").output)
    assert (stats["runs"], stats["episodes"], stats["outcomes"]) == (1, 3, {"failed": 3})


def test_db_stats_on_missing_run_is_one_line(sleepy_cli, tmp_path):
    result = sleepy_cli("db", "stats", "--run-dir", str(tmp_path / "nowhere"))
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "no run here" in result.output


def test_db_stats_on_non_sqlite_file(sleepy_cli, tmp_path):
    (tmp_path / "sleepy.db").write_bytes(b"\x00garbage" * 100)
    result = sleepy_cli("db", "stats", "--run-dir", str(tmp_path))
    assert result.exit_code == 1
    expected = f"sleepy: error: {tmp_path / 'sleepy.db'}: not a SQLite database (is this the right file?)\n"
    assert result.output == expected


def test_unreadable_db_file(sleepy_cli, tmp_path):
    (tmp_path / "sleepy.db").mkdir()
    result = sleepy_cli("db", "stats", "--run-dir", str(tmp_path))
    assert result.exit_code == 1 and "is a directory" in result.output


def test_console_script_reports_errors_without_traceback(tmp_path):
    bad = tmp_path / "c.yaml"
    bad.write_text("backend: [1, 2\n")
    proc = subprocess.run([sys.executable, "-m", "sleepy", "config", "check", str(bad)], capture_output=True,
                          text=True, env={"SLEEPY_LOAD_PLUGINS": "", "PATH": ""})
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"sleepy: error: {bad}: invalid YAML: line 2")


def test_plugin_commands_hook(sleepy_pm, register_plugin):
    import click
    from click.testing import CliRunner

    from sleepy import hookimpl
    from sleepy.cli import make_cli

    class Commands:
        @hookimpl
        def sleepy_register_commands(self, cli):
            @cli.command("hello")
            def hello():
                click.echo("hello from a plugin")

    register_plugin(Commands(), name="cmds")
    assert CliRunner().invoke(make_cli(sleepy_pm), ["hello"]).output == "hello from a plugin\n"


def test_db_from_newer_schema_is_one_line(sleepy_cli, tmp_path):
    import sqlite_utils

    run = make_run(tmp_path)
    db = sqlite_utils.Database(run / "sleepy.db")
    db.table("_sleepy_migrations").insert({"name": "m200_future", "applied_at": "2031"})
    db.close()
    result = sleepy_cli("db", "stats", "--run-dir", str(run))
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "newer sleepy-coder" in result.output and "m200_future" in result.output


def test_config_check_reports_a_missing_koans_path_and_an_unknown_split(sleepy_cli, tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text(f"backend: scripted\ntasks: {{name: koans, options: {{path: {tmp_path / 'nope'}}}}}\n"
                   "evaluation: {splits: [heldout, heldot]}\n")
    result = sleepy_cli("config", "check", str(cfg))
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"sleepy: error: {cfg}: $.tasks.options.path: 'path' must be an existing directory of koans "
        f"(got '{tmp_path / 'nope'}')",
        f"sleepy: error: {cfg}: $.evaluation.splits[1]: unknown split 'heldot'; expected one of train, validation, "
        "heldout, frozen",
    ]


def damage(path, first_page=2, pages=40):
    with path.open("r+b") as fh:
        fh.seek(4096 * first_page)
        fh.write(b"\xa5" * 4096 * pages)


def big_run(tmp_path):
    run = tmp_path / "run"
    run.mkdir()
    store = EpisodeStore.open(run / "sleepy.db")
    store.record_run("r1", command="day", config_hash="h", config={}, seed=0, sleepy_version="0")
    for i in range(200):  # enough rows to fill some 50 pages
        store.record_episode(EpisodeRecord(id=f"e{i}", run_id="r1", task_id=f"t{i}", outcome="failed",
                                           passed=False, final_diff="x" * 500))
    store.close()
    return run


@pytest.mark.parametrize("command", [["db", "stats"], ["export", "episodes", "--jsonl"], ["adapters", "list"]])
def test_damaged_database_pages_are_one_line_naming_the_file_and_integrity_check(sleepy_cli, tmp_path, command):
    run = big_run(tmp_path)
    database = run / "sleepy.db"
    damage(database)
    result = sleepy_cli(*command, "--run-dir", str(run))
    assert result.exit_code == 1
    assert result.output == (f"sleepy: error: {database}: the episode database is damaged (database disk image is "
                             f"malformed); `sqlite3 {database} 'PRAGMA integrity_check'` lists what is broken; "
                             "restore it from a backup or use a new --run-dir\n")


def test_a_damaged_first_page_is_the_same_line(sleepy_cli, tmp_path):
    run = big_run(tmp_path)
    damage(run / "sleepy.db", first_page=0, pages=1)
    with (run / "sleepy.db").open("r+b") as fh:
        fh.write(b"SQLite format 3\x00")  # a valid header over damaged page contents
    result = sleepy_cli("db", "stats", "--run-dir", str(run))
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert "PRAGMA integrity_check" in result.output and str(run / "sleepy.db") in result.output


def test_a_zero_byte_database_is_refused_and_left_untouched(sleepy_cli, tmp_path):
    run = tmp_path / "run"
    run.mkdir()
    (run / "sleepy.db").write_bytes(b"")
    for command in (["db", "stats"], ["export", "episodes"]):
        result = sleepy_cli(*command, "--run-dir", str(run))
        assert result.exit_code == 1
        assert result.output == (f"sleepy: error: {run / 'sleepy.db'}: empty file (0 bytes), not an episode database; "
                                 "it is left untouched: restore it from a backup, or move it away to start a new run "
                                 "here\n")
    cfg = tmp_path / "c.yaml"
    cfg.write_text("backend: scripted\nreporters: []\n")
    result = sleepy_cli("day", "-c", str(cfg), "--run-dir", str(run))
    assert result.exit_code == 1 and "empty file (0 bytes)" in result.output
    assert (run / "sleepy.db").stat().st_size == 0


def test_a_new_database_is_never_an_empty_file(tmp_path):
    store = EpisodeStore.open(tmp_path / "sleepy.db")
    store.close()
    assert (tmp_path / "sleepy.db").read_bytes().startswith(b"SQLite format 3\x00")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sleepy.db"]


def test_a_plugins_command_stays_in_the_cli_it_was_added_to(register_plugin):
    import click

    from sleepy import hookimpl
    from sleepy.cli import make_cli
    from sleepy.plugins import get_plugin_manager

    class Exporter:
        @hookimpl
        def sleepy_register_commands(self, cli):
            cli.commands["adapters"].add_command(click.Command("export", callback=lambda: None))
            cli.commands["export"].add_command(click.Command("adapter", callback=lambda: None))

    with_plugin = get_plugin_manager(load_entrypoints=False, environ={})
    with_plugin.register(Exporter(), name="exporter")
    assert "export" in make_cli(with_plugin).commands["adapters"].commands
    without = make_cli(get_plugin_manager(load_entrypoints=False, environ={}))
    assert "export" not in without.commands["adapters"].commands
    assert set(without.commands["export"].commands) == {"episodes", "dataset"}


def test_rollback_has_one_place_and_a_hidden_alias(sleepy_cli):
    help_text = sleepy_cli("--help").output
    assert "rollback" not in help_text
    assert "rollback" in sleepy_cli("adapters", "--help").output
    assert "Alias of `sleepy adapters rollback`" in sleepy_cli("rollback", "--help").output
