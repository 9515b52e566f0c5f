"""Every `koans` command and `day` report each bad koan on its own line, with no traceback."""

from __future__ import annotations

import json

import pytest

from tests.koans.test_loader import bad_koans


@pytest.fixture
def root(tmp_path):
    return bad_koans(tmp_path / "koans")


def expected(root):
    return [
        f"sleepy: error: {root}/alpha/latin1_lib/lib.rs: not UTF-8 text (byte 0xe9 at offset 6); save it as UTF-8",
        f"sleepy: error: {root}/beta/latin1_fix/fix.rs: not UTF-8 text (byte 0xff at offset 0); save it as UTF-8",
        f"sleepy: error: {root}/beta/no_family/koan.toml: missing field 'family'",
    ]


@pytest.mark.parametrize("command", [["list"], ["status"], ["freeze"], ["verify", "--no-clippy"]])
def test_koans_commands(sleepy_cli, root, command):
    (root / "manifest.json").write_text(json.dumps({"suite_version": 1, "koans": {}}))
    result = sleepy_cli("koans", *command, "--path", str(root))
    assert result.exit_code == 1
    assert result.output.splitlines() == expected(root)


def test_day(sleepy_cli, root, tmp_path):
    cfg = tmp_path / "day.yaml"
    cfg.write_text(json.dumps({"backend": {"name": "scripted"}, "reporters": [],
                               "tasks": {"name": "koans", "options": {"path": str(root)}}}))
    result = sleepy_cli("day", "-c", str(cfg), "--run-dir", str(tmp_path / "run"))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    # Every model-running command first says which isolation and which model it runs.
    assert lines[0].startswith("model: ") and lines[1].startswith("sleepy: sandbox isolation ")
    assert lines[2:] == expected(root)
