"""`sleepy gate`, `sleepy cycle`, `sleepy cycles` and `sleepy report`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from sleepy.cli.app import AppContext, adapter_option, pass_app, run_dir_option, unsafe_isolation_option
from sleepy.gating import checked_text
from sleepy.phases.cycle import run_cycle
from sleepy.phases.gate import GateDecision, run_gate
from sleepy.phases.model import model_line
from sleepy.phases.setup import started_phase
from sleepy.phases.summaries import CycleSummary, SleepSkipped
from sleepy.report import write_report
from sleepy.run_dir import RunDirectory
from sleepy.train_recall import recall_text

config_option = click.option("-c", "--config", "config_path", type=click.Path(path_type=Path), required=True,
                             help="Run configuration (YAML or TOML).")


@click.command("gate")
@config_option
@run_dir_option
@click.option("--cycle", type=click.IntRange(min=0), default=0, show_default=True)
@adapter_option
@unsafe_isolation_option
@pass_app
def gate_command(
    app: AppContext, config_path: Path, run_dir: Path, cycle: int, adapter: str | None, unsafe_no_isolation: bool
) -> None:
    """Evaluate the cycle's candidate against the current adapter; promote it only if every gate passes."""
    with started_phase(app.pm, config_path, run_dir, "gate", allow_no_isolation=unsafe_no_isolation,
                       first_line=lambda ctx: model_line(ctx, adapter)) as ctx:
        decision = run_gate(ctx, cycle=cycle, adapter=adapter)
    for result in decision.results:
        click.echo(f"{'PASS' if result.passed else 'FAIL'} {result.gate}: {'; '.join(result.reasons)}")
    click.echo(f"candidate {decision.candidate_id}: {decision.label}; {_rates(decision.rates)}")
    if decision.train_recall is not None:
        click.echo(recall_text(decision.train_recall, decision.rates))


def _rates(rates: dict[str, Any]) -> str:
    return "; ".join(f"{split} {r['current']:.0%} -> {r['candidate']:.0%} "
                     f"({checked_text(split, r['n'], r.get('total'))})" for split, r in rates.items())


def _echo_cycle(summary: CycleSummary, run_dir: Path) -> None:
    cycle, day, sleep, gate = summary.cycle, summary.day, summary.sleep, summary.gate
    if day is not None:
        click.echo(f"cycle {cycle} day: {day.passed}/{day.tasks} train tasks passed "
                   f"({day.tokens_per_second:.1f} tok/s)")
    if isinstance(sleep, SleepSkipped):  # nothing to learn: say why, so the missing gate decision is explained
        click.echo(f"cycle {cycle} sleep: 0 examples: {sleep.note}")
    elif sleep is not None:
        click.echo(f"cycle {cycle} sleep: {sleep.dataset.size} examples {dict(sleep.dataset.source_counts)}"
                   f" candidate {sleep.candidate.id if sleep.candidate else '-'}")
        if sleep.dreams is not None:
            click.echo(f"cycle {cycle} sleep: {sleep.dreams.line()}")
    if isinstance(gate, GateDecision):
        click.echo(f"cycle {cycle} gate: {gate.label} {gate.candidate_id}: {_rates(gate.rates)}")
        if gate.train_recall is not None:
            click.echo(f"cycle {cycle} {recall_text(gate.train_recall, gate.rates)}")
    elif gate is not None:
        click.echo(f"cycle {cycle} gate: {gate.note}")
        checked = [checked_text(split, c.n, c.total) for split, c in gate.checked.items() if c.n < c.total]
        if checked:
            click.echo(f"cycle {cycle} evaluated: {'; '.join(checked)}")
    click.echo(f"cycle {cycle} plots: {run_dir / 'plots'}")


@click.command("cycle")
@config_option
@run_dir_option
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many train tasks by day.")
@adapter_option
@unsafe_isolation_option
@pass_app
def cycle_command(
    app: AppContext, config_path: Path, run_dir: Path, limit: int | None, adapter: str | None, unsafe_no_isolation: bool
) -> None:
    """One cycle: day -> sleep -> gate -> report (resumes a killed cycle where it stopped)."""
    with started_phase(app.pm, config_path, run_dir, "cycle", allow_no_isolation=unsafe_no_isolation,
                       first_line=lambda ctx: model_line(ctx, adapter)) as ctx:
        _echo_cycle(run_cycle(ctx, limit=limit, adapter=adapter), run_dir)


@click.command("cycles")
@click.option("-n", "count", type=click.IntRange(min=1), required=True, help="How many cycles.")
@config_option
@run_dir_option
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many train tasks by day.")
@click.option("--adapter", default=None, metavar="base|ID",
              help="The first cycle runs this adapter (base: the model alone) instead of the run's active one; "
                   "later cycles run whatever the gate left active.")
@unsafe_isolation_option
@pass_app
def cycles_command(app: AppContext, count: int, config_path: Path, run_dir: Path, limit: int | None,
                   adapter: str | None, unsafe_no_isolation: bool) -> None:
    """N cycles in a row, sharing one loaded model."""
    with started_phase(app.pm, config_path, run_dir, "cycles", allow_no_isolation=unsafe_no_isolation,
                       first_line=lambda ctx: model_line(ctx, adapter)) as ctx:
        for index in range(count):
            chosen = adapter if index == 0 else None
            if index:
                click.echo(model_line(ctx, chosen))
            _echo_cycle(run_cycle(ctx, limit=limit, adapter=chosen), run_dir)


@click.command("report")
@run_dir_option
def report_command(run_dir: Path) -> None:
    """Write plots, summary.json and summary.md into RUN_DIR/plots; print the paths, then summary.md."""
    directory = RunDirectory(run_dir)
    store = directory.open_store()
    run_ids = [r.id for r in store.runs()]
    if not run_ids:
        raise click.ClickException(f"{run_dir}: no run recorded")
    paths = write_report(store, run_ids[-1], directory.plots)
    for path in paths:
        click.echo(str(path))
    click.echo("")
    click.echo((directory.plots / "summary.md").read_text(encoding="utf-8"), nl=False)
