"""`sleepy eval`: score an adapter (or the base model) on a koan collection the way the gate scores a split."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from sleepy.adapters import AdapterRecord
from sleepy.adapters.directory import EXTERNAL
from sleepy.builtins.console_reporter import ConsoleOptions, ConsoleReporter
from sleepy.cli.app import AppContext, pass_app, run_dir_option, unsafe_isolation_option
from sleepy.fileio import write_atomically
from sleepy.phases.collection_eval import (
    EVAL_SPLITS,
    EvalInputError,
    KoanCollection,
    check_adapter_choice,
    chosen_adapter,
    evaluate_collection,
)
from sleepy.phases.model import model_name
from sleepy.phases.setup import PhaseContext, started_phase
from sleepy.report.collection_eval import eval_figures, eval_lines
from sleepy.run_dir import RunDirectory

CONSOLE = "console"


@click.command("eval")
@click.option("--tasks", "tasks_dir", type=click.Path(path_type=Path), required=True, metavar="DIR",
              help="A koan collection: <family>/<id>/{koan.toml,lib.rs,fix.rs} and its manifest.json.")
@click.option("--adapter", default=None, metavar="ID|PATH",
              help="An adapter id of the run dir's registry, or an adapter directory (default: the base model).")
@click.option("--split", type=click.Choice(EVAL_SPLITS), default="heldout", show_default=True,
              help="Which of the collection's koans (all: every split).")
@click.option("-c", "--config", "config_path", type=click.Path(path_type=Path), default=None,
              help="Run configuration: backend, agent, sandbox, evaluation seeds (default: the run dir's "
                   "config.resolved.yaml, the config its run started with).")
@run_dir_option
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many koans of the split.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="FILE",
              help="Also write the figures and every task's verdict and episodes to FILE.")
@unsafe_isolation_option
@pass_app
def eval_command(app: AppContext, tasks_dir: Path, adapter: str | None, split: str, config_path: Path | None,
                 run_dir: Path, limit: int | None, json_path: Path | None, unsafe_no_isolation: bool) -> None:
    """Evaluate an adapter on a koan collection with the gate's agent, seeds and verdict; print the pass rate
    (95% Wilson interval), per family, repeat-error rate and median steps to green (resumable)."""
    collection = KoanCollection.open(tasks_dir)
    check_adapter_choice(run_dir, adapter)
    config = config_path if config_path is not None else _run_config(run_dir)
    tasks = collection.tasks(app.registry, split, limit)  # a split without koans stops here, before any write
    with started_phase(app.pm, config, run_dir, "eval", allow_no_isolation=unsafe_no_isolation) as ctx:
        chosen = chosen_adapter(ctx, adapter)
        click.echo(_model_line(ctx, chosen))
        with _progress_bar(ctx):
            result = evaluate_collection(ctx, collection, tasks, split, chosen)
        figures = {**eval_figures(result), "model": model_name(ctx), "run_dir": str(run_dir),
                   "run_id": ctx.run.run_id, "config_hash": ctx.run.config_hash,
                   "seeds": ctx.config.evaluation.seeds}
    for line in eval_lines(figures):
        click.echo(line)
    if json_path is not None:
        write_atomically(json_path, json.dumps(figures, indent=1) + "\n")
        click.echo(f"figures and per-task outcomes: {json_path}")


def _run_config(run_dir: Path) -> Path:
    """Without -c, the config the run dir's run started with: its adapters were trained under it."""
    snapshot = RunDirectory(run_dir).config_snapshot
    if not snapshot.exists():
        raise EvalInputError(f"no config: pass -c CONFIG ({run_dir} has no {snapshot.name} to reuse)")
    return snapshot


def _model_line(ctx: PhaseContext, adapter: AdapterRecord | None) -> str:
    if adapter is None:
        return f"model: {model_name(ctx)}, no adapter: the base model"
    where = f"the directory {adapter.path}" if adapter.status == EXTERNAL else "of the run's registry"
    return f"model: {model_name(ctx)}, adapter {adapter.id} ({where})"


@contextmanager
def _progress_bar(ctx: PhaseContext) -> Iterator[None]:
    """A progress bar while tasks run, also where the config lists no console reporter (which draws one)."""
    if any(reporter.spec.name == CONSOLE for reporter in ctx.resolved.reporters):
        yield
        return
    reporter = ConsoleReporter(ConsoleOptions())
    ctx.pm.register(reporter, name=f"eval-progress:{ctx.run.run_id}")
    try:
        yield
    finally:
        reporter.sleepy_run_finished(run=ctx.run, status="done")
        ctx.pm.unregister(reporter)
