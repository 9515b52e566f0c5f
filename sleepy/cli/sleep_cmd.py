"""`sleepy sleep`: curate the day's episodes, train a candidate adapter, register it."""

from __future__ import annotations

from pathlib import Path

import click

from sleepy.cli.app import AppContext, adapter_option, pass_app, run_dir_option, unsafe_isolation_option
from sleepy.phases.model import model_line
from sleepy.phases.setup import started_phase
from sleepy.phases.sleep import run_sleep


@click.command("sleep")
@click.option("-c", "--config", "config_path", type=click.Path(path_type=Path), required=True,
              help="Run configuration (YAML or TOML).")
@run_dir_option
@click.option("--cycle", type=click.IntRange(min=0), default=0, show_default=True, help="Which cycle's episodes.")
@adapter_option
@unsafe_isolation_option
@pass_app
def sleep_command(
    app: AppContext, config_path: Path, run_dir: Path, cycle: int, adapter: str | None, unsafe_no_isolation: bool
) -> None:
    """Curate training pairs (per source), train a candidate adapter on top of the active one and register it."""
    with started_phase(app.pm, config_path, run_dir, "sleep", allow_no_isolation=unsafe_no_isolation,
                       first_line=lambda ctx: model_line(ctx, adapter)) as ctx:
        summary = run_sleep(ctx, cycle=cycle, adapter=adapter)
    counts = ", ".join(f"{k} {v}" for k, v in sorted(summary.dataset.source_counts.items()))
    click.echo(f"dataset {summary.dataset.hash[:16]}: {summary.dataset.size} examples ({counts}); "
               f"dropped: {dict(summary.dataset.dropped) or 'none'}")
    if summary.dreams is not None:
        click.echo(summary.dreams.line())
    if summary.candidate is None:
        click.echo("no consolidator configured: dataset only")
    else:
        click.echo(f"candidate {summary.candidate.id} ({summary.candidate.strategy}) registered in "
                   f"{summary.seconds:.1f} s")
