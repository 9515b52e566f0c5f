"""`sleepy compare`: arms x seeds x cycles on the same tasks, resumable, with a paired report."""

from __future__ import annotations

from pathlib import Path

import click

from sleepy.cli.app import AppContext, pass_app, unsafe_isolation_option
from sleepy.compare import load_comparison, run_comparison
from sleepy.compare.jobs import JobOutcome


@click.command("compare")
@click.option("-c", "--config", "config_path", type=click.Path(path_type=Path), required=True,
              help="Comparison config (YAML or TOML): base_config, arms, seeds, cycles.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Directory of the comparison: a run directory per (arm, seed), compare.md, compare.json, PNG. "
                   "Rerun with the same directory to resume.")
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="(arm, seed) runs at once, each in its own process.")
@click.option("--tasks", "tasks_dir", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="Run every arm on this koan collection instead of the configs' tasks.")
@unsafe_isolation_option
@pass_app
def compare_command(app: AppContext, config_path: Path, out: Path, jobs: int, tasks_dir: Path | None,
                    unsafe_no_isolation: bool) -> None:
    """Run every arm with every seed for the configured cycles (skipping what finished), then write the report."""
    comparison = load_comparison(config_path, app.registry, tasks_dir=tasks_dir)
    runs = len(comparison.arms) * len(comparison.config.seeds)
    click.echo(f"compare: {len(comparison.arms)} arm(s) x {len(comparison.config.seeds)} seed(s) = {runs} run(s) "
               f"of {comparison.config.cycles} cycle(s), {jobs} at a time, in {out}")

    def done(outcome: JobOutcome) -> None:
        job = outcome.job
        what = f"ran cycle(s) {', '.join(map(str, outcome.ran))}" if outcome.ran else "ran no cycle"
        click.echo(f"arm {job.arm} seed {job.seed}: {what}" + (f"; failed: {outcome.error}" if outcome.error else "")
                   + f" (log: {job.log})")

    result = run_comparison(app.pm, comparison, out, workers=jobs, allow_no_isolation=unsafe_no_isolation,
                            on_done=done)
    for path in result.files:
        click.echo(str(path))
    if result.failed:
        for line in result.failed:
            click.echo(f"sleepy: error: {line}", err=True)
        click.get_current_context().exit(1)
