"""`sleepy adapters list|show|promote|rollback|prune` (and `sleepy rollback`, a hidden alias)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from sleepy.adapters import AdapterRegistry
from sleepy.cli.app import command_group, hidden_alias, run_dir_option
from sleepy.run_dir import RunDirectory


def open_registry(run_dir: Path) -> AdapterRegistry:
    directory = RunDirectory(run_dir)
    return AdapterRegistry(directory.adapters, directory.open_store())


@click.command("list")
@run_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def list_command(run_dir: Path, as_json: bool) -> None:
    """Every adapter with its status; the active one is marked."""
    registry = open_registry(run_dir)
    active = registry.active_id()
    records = registry.list()
    if as_json:
        click.echo(json.dumps([{**r.to_json(), "active": r.id == active} for r in records], indent=1))
        return
    for r in records:
        mark = "*" if r.id == active else " "
        click.echo(f"{mark} {r.id}  {r.status:<11} {r.strategy:<8} parent={r.parent_id or '-'} "
                   f"dataset={(r.dataset_hash or '-')[:12]}  {r.created_at}")
    click.echo(f"active: {active or 'none (base model)'}")


@click.command("show")
@run_dir_option
@click.argument("adapter_id")
def show_command(run_dir: Path, adapter_id: str) -> None:
    """One adapter's record and metadata as JSON."""
    click.echo(json.dumps(open_registry(run_dir).get(adapter_id).to_json(), indent=1))


@click.command("promote")
@run_dir_option
@click.argument("adapter_id")
def promote_command(run_dir: Path, adapter_id: str) -> None:
    """Make an adapter active by hand (validated first)."""
    record = open_registry(run_dir).promote(adapter_id)
    click.echo(f"active: {record.id}")


@click.command("rollback")
@run_dir_option
def rollback_command(run_dir: Path) -> None:
    """Deactivate the active adapter and restore the previously promoted one."""
    record = open_registry(run_dir).rollback()
    click.echo(f"active: {record.id if record else 'none (base model)'}")


@click.command("prune")
@run_dir_option
@click.option("--keep", type=click.IntRange(min=0), default=0, show_default=True,
              help="Keep the files of this many newest rejected/rolled-back adapters.")
def prune_command(run_dir: Path, keep: int) -> None:
    """Delete files of rejected and rolled-back adapters; active and previously promoted ones stay."""
    removed = open_registry(run_dir).prune(keep=keep)
    click.echo(f"removed {len(removed)} adapter(s)" + (f": {', '.join(removed)}" if removed else ""))


def adapters_group() -> click.Group:
    """A fresh `adapters` group: built per CLI, so what a plugin adds to it stays in that CLI."""
    return command_group("adapters", "Inspect and manage a run's adapters.",
                         (list_command, show_command, promote_command, rollback_command, prune_command))


def rollback_alias() -> click.Command:
    """`sleepy rollback`, kept hidden for old scripts: the command is `sleepy adapters rollback`."""
    return hidden_alias(rollback_command, "adapters rollback")
