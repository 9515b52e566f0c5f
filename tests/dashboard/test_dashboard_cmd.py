"""`sleepy dashboard`: a clear error without streamlit; otherwise `streamlit run` on the app script."""

from __future__ import annotations

import importlib.machinery
import sys
import types

import pytest
from click.testing import CliRunner

from sleepy.cli import make_cli
from sleepy.cli.dashboard_cmd import dashboard_command
from sleepy.dashboard import APP_SCRIPT
from sleepy.store import EpisodeStore


@pytest.fixture
def dashboard_cli(sleepy_pm):
    def invoke(*args: str):
        cli = make_cli(sleepy_pm)
        if "dashboard" not in cli.commands:  # until sleepy.cli registers it
            cli.add_command(dashboard_command)
        return CliRunner().invoke(cli, ["dashboard", *args], catch_exceptions=False)

    return invoke


@pytest.fixture
def run_dir(tmp_path):
    EpisodeStore.open(tmp_path / "sleepy.db").close()
    return tmp_path


@pytest.fixture
def streamlit_installed(monkeypatch):
    fake = types.ModuleType("streamlit")
    fake.__spec__ = importlib.machinery.ModuleSpec("streamlit", None)
    monkeypatch.setitem(sys.modules, "streamlit", fake)


def test_without_streamlit_it_says_what_to_install(dashboard_cli, run_dir, monkeypatch):
    monkeypatch.setitem(sys.modules, "streamlit", None)  # import streamlit -> ImportError, as when not installed
    result = dashboard_cli("--run-dir", str(run_dir))
    assert result.exit_code == 1
    assert result.output == "sleepy: error: the dashboard needs Streamlit: pip install 'sleepy-coder[dashboard]'\n"


def test_it_runs_streamlit_on_the_app_with_the_run_dir(dashboard_cli, run_dir, streamlit_installed, monkeypatch):
    calls = []

    class Process:
        def __init__(self, argv):
            calls.append(argv)

        def wait(self):
            return 3

    monkeypatch.setattr("sleepy.cli.dashboard_cmd.subprocess.Popen", Process)
    result = dashboard_cli("--run-dir", str(run_dir), "--port", "8642")
    assert result.exit_code == 3  # streamlit's exit status
    assert calls == [[sys.executable, "-m", "streamlit", "run", str(APP_SCRIPT), "--server.address", "localhost",
                      "--server.port", "8642", "--server.headless", "true", "--browser.gatherUsageStats", "false",
                      "--", "--run-dir", str(run_dir.resolve())]]


def test_a_run_dir_without_a_database_fails_before_starting_streamlit(dashboard_cli, tmp_path, streamlit_installed,
                                                                      monkeypatch):
    monkeypatch.setattr("sleepy.cli.dashboard_cmd.subprocess.Popen", None)  # must not be reached
    result = dashboard_cli("--run-dir", str(tmp_path / "nope"))
    assert result.exit_code == 1
    assert result.output.startswith(f"sleepy: error: {tmp_path / 'nope'}: no run here (missing sleepy.db)")


SERVE = """
import importlib.machinery, sys, types
fake = types.ModuleType("streamlit")
fake.__spec__ = importlib.machinery.ModuleSpec("streamlit", None)
sys.modules["streamlit"] = fake
import sleepy.cli.dashboard_cmd as dashboard
pid_file, run_dir = sys.argv[1:]
server = "import os, time; open(%r, 'w').write(str(os.getpid())); time.sleep(120)" % pid_file
dashboard.streamlit_command = lambda *args: [sys.executable, "-c", server]
from sleepy.cli import main
main(["dashboard", "--run-dir", run_dir])
"""


def test_sigterm_stops_the_streamlit_server_too(run_dir, tmp_path):
    import os
    import signal
    import subprocess
    import time
    from pathlib import Path

    pid_file = tmp_path / "server.pid"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2]), "SLEEPY_LOAD_PLUGINS": ""}
    cli = subprocess.Popen([sys.executable, "-c", SERVE, str(pid_file), str(run_dir)], env=env)
    server = None
    try:
        deadline = time.monotonic() + 30
        while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:
            time.sleep(0.05)
        server = int(pid_file.read_text())
        cli.send_signal(signal.SIGTERM)
        assert cli.wait(timeout=20) == 128 + signal.SIGTERM
        with pytest.raises(ProcessLookupError):  # reaped by the dashboard command, not left running
            os.kill(server, 0)
        server = None
    finally:
        cli.kill()
        cli.wait()
        if server is not None:
            os.kill(server, signal.SIGKILL)
