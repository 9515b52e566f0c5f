"""`sleepy dashboard`: serve the read-only Streamlit dashboard of a run (needs the `dashboard` extra)."""

from __future__ import annotations

import importlib.util
import signal
import subprocess
import sys
from pathlib import Path

import click

from sleepy.cli.app import run_dir_option
from sleepy.dashboard import APP_SCRIPT
from sleepy.errors import RunDirError, SleepyError
from sleepy.run_dir import RunDirectory

FORWARDED_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


class DashboardUnavailable(SleepyError):
    """Streamlit, which the dashboard runs on, is not installed."""


def streamlit_command(run_dir: Path, host: str, port: int) -> list[str]:
    """The `streamlit run` command line that serves the dashboard of `run_dir` on `host`:`port`."""
    # Headless: no first-run e-mail prompt and no browser launched on the (often remote) machine; Streamlit
    # prints the URL. Usage statistics stay off: nothing of a local run leaves the machine.
    return [sys.executable, "-m", "streamlit", "run", str(APP_SCRIPT), "--server.address", host,
            "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
            "--", "--run-dir", str(run_dir)]


@click.command("dashboard")
@run_dir_option
@click.option("--port", type=click.IntRange(1, 65535), default=8501, show_default=True,
              help="Port the dashboard listens on.")
@click.option("--host", default="localhost", show_default=True,
              help="Address to listen on; 0.0.0.0 serves other machines too (there is no login).")
@click.pass_context
def dashboard_command(ctx: click.Context, run_dir: Path, port: int, host: str) -> None:
    """Browse a run in a web browser: pass rates, gates, episodes, training data (read-only; Ctrl-C stops it)."""
    if importlib.util.find_spec("streamlit") is None:
        raise DashboardUnavailable("the dashboard needs Streamlit: pip install 'sleepy-coder[dashboard]'")
    database = RunDirectory(run_dir).database
    if not database.is_file():
        raise RunDirError(f"{run_dir}: no run here (missing {database.name}); run `sleepy day` or `sleepy cycle` "
                          "first")
    process = subprocess.Popen(streamlit_command(run_dir.resolve(), host, port))
    received: list[int] = []

    def forward(signum: int, _frame: object) -> None:
        # `kill PID` reaches only this process: pass it on, or the server would keep running, orphaned.
        received.append(signum)
        process.send_signal(signal.SIGTERM)

    previous = {signum: signal.signal(signum, forward) for signum in FORWARDED_SIGNALS}
    try:
        try:
            code = process.wait()
        except KeyboardInterrupt:  # Ctrl-C reached Streamlit too: let it shut down, then leave quietly
            code = process.wait()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if received:
        code = -received[0]
    ctx.exit(code if code >= 0 else 128 - code)  # killed by signal N: the shell's 128 + N
