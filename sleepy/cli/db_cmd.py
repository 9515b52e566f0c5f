"""`sleepy db stats`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from sleepy.cli.app import command_group, run_dir_option
from sleepy.run_dir import RunDirectory


@click.command("stats")
@run_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def stats_command(run_dir: Path, as_json: bool) -> None:
    """Row counts, outcomes and schema version of a run's database."""
    store = RunDirectory(run_dir).open_store()
    stats = store.stats()
    if as_json:
        click.echo(json.dumps(stats, indent=2))
        return
    click.echo(f"database: {RunDirectory(run_dir).database}")
    click.echo(f"runs: {stats['runs']}  episodes: {stats['episodes']}  steps: {stats['steps']}  "
               f"passed: {stats['passed']}")
    for outcome, count in stats["outcomes"].items():
        click.echo(f"  {outcome}: {count}")
    click.echo(f"schema: {', '.join(stats['schema'])}")


def db_group() -> click.Group:
    """A fresh `db` group: built per CLI, so what a plugin adds to it stays in that CLI."""
    return command_group("db", "Inspect a run's episode database.", (stats_command,))
