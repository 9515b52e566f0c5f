"""`sleepy compare`: arms x seeds x cycles on the same tasks, resumable, with a paired report."""

from __future__ import annotations

from pathlib import Path

import click

from sleepy.cli.app import AppContext, pass_app, unsafe_isolation_option
from sleepy.compare import load_comparison, run_comparison
from sleepy.compare.executors import EXECUTORS, choose_executor
from sleepy.compare.jobs import JobOutcome


@click.command("compare")
@click.option("-c", "--config", "config_path", type=click.Path(path_type=Path), required=True,
              help="Comparison config (YAML or TOML): base_config, arms, seeds, cycles.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Directory of the comparison: a run directory per (arm, seed), compare.md, compare.json, PNG. "
                   "Rerun with the same directory to resume.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="(arm, seed) runs at once, each in its own process (local executor; default 1).")
@click.option("--executor", type=click.Choice(EXECUTORS), default="local", show_default=True,
              help="Where the runs go: local processes, or one Ray task per (arm, seed) (the `ray` extra).")
@click.option("--address", default=None,
              help="Ray only: the cluster to use, e.g. `auto` (one running on this machine) or ray://HEAD:10001; "
                   "default: RAY_ADDRESS, else a new local Ray instance.")
@click.option("--ray-cpus", type=click.FloatRange(min=0), default=None,
              help="Ray only: CPUs each (arm, seed) run asks for (default 1).")
@click.option("--ray-gpus", type=click.FloatRange(min=0), default=None,
              help="Ray only: GPUs each (arm, seed) run asks for (default 0).")
@click.option("--tasks", "tasks_dir", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="Run every arm on this koan collection instead of the configs' tasks.")
@unsafe_isolation_option
@pass_app
def compare_command(app: AppContext, config_path: Path, out: Path, jobs: int | None, executor: str,
                    address: str | None, ray_cpus: float | None, ray_gpus: float | None, tasks_dir: Path | None,
                    unsafe_no_isolation: bool) -> None:
    """Run every arm with every seed for the configured cycles (skipping what finished), then write the report."""
    runner = choose_executor(executor, jobs=jobs, address=address, ray_cpus=ray_cpus, ray_gpus=ray_gpus)
    comparison = load_comparison(config_path, app.registry, tasks_dir=tasks_dir)
    runs = len(comparison.arms) * len(comparison.config.seeds)
    click.echo(f"compare: {len(comparison.arms)} arm(s) x {len(comparison.config.seeds)} seed(s) = {runs} run(s) "
               f"of {comparison.config.cycles} cycle(s), {runner.describe()}, in {out}")

    def done(outcome: JobOutcome) -> None:
        job = outcome.job
        what = f"ran cycle(s) {', '.join(map(str, outcome.ran))}" if outcome.ran else "ran no cycle"
        click.echo(f"arm {job.arm} seed {job.seed}: {what}" + (f"; failed: {outcome.error}" if outcome.error else "")
                   + (f" on {outcome.worker}" if outcome.worker else "") + f" (log: {job.log})")

    result = run_comparison(app.pm, comparison, out, executor=runner, allow_no_isolation=unsafe_no_isolation,
                            on_done=done)
    for path in result.files:
        click.echo(str(path))
    if result.failed:
        for line in result.failed:
            click.echo(f"sleepy: error: {line}", err=True)
        click.get_current_context().exit(1)
