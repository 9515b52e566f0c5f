"""`sleepy day`: the agent attempts tasks and records every step."""

from __future__ import annotations

from pathlib import Path

import click

from sleepy.cli.app import AppContext, adapter_option, pass_app, run_dir_option, unsafe_isolation_option
from sleepy.phases.day import run_day
from sleepy.phases.model import model_line
from sleepy.phases.setup import started_phase
from sleepy.records import TASK_SPLITS


@click.command("day")
@click.option("-c", "--config", "config_path", type=click.Path(path_type=Path), required=True,
              help="Run configuration (YAML or TOML).")
@run_dir_option
@click.option("--split", type=click.Choice(TASK_SPLITS), default="train", show_default=True, help="Which koans.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many tasks.")
@adapter_option
@unsafe_isolation_option
@pass_app
def day_command(app: AppContext, config_path: Path, run_dir: Path, split: str, limit: int | None,
                adapter: str | None, unsafe_no_isolation: bool) -> None:
    """Run the agent over the configured tasks and store the episodes (resumable)."""
    with started_phase(app.pm, config_path, run_dir, "day", allow_no_isolation=unsafe_no_isolation,
                       first_line=lambda ctx: model_line(ctx, adapter)) as ctx:
        summary = run_day(ctx, split=split, limit=limit, adapter=adapter)
    click.echo(f"day: {summary.tasks} tasks ({summary.skipped} already done), {summary.passed} passed, "
               f"{summary.failed} failed; {summary.tokens_out} tokens out in {summary.seconds:.1f} s "
               f"({summary.tokens_per_second:.1f} tok/s); episodes in {run_dir / 'sleepy.db'}")
