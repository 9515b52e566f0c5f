"""`sleepy config check|explain`."""

from __future__ import annotations

from pathlib import Path

import attrs
import click

from sleepy.cli.app import AppContext, command_group, pass_app
from sleepy.config import SleepyConfig, explain_class, load_config, resolve


@click.command("check")
@click.argument("path", type=click.Path(path_type=Path))
@pass_app
def check_command(app: AppContext, path: Path) -> None:
    """Validate a config file, strategy options included (exit status 2 on errors)."""
    resolved = resolve(load_config(path), app.registry, str(path))
    click.echo(f"{path}: ok (backend {resolved.backend.spec.name}, tasks {resolved.tasks.spec.name}, "
               f"config hash {resolved.config_hash()})")


@click.command("explain")
@click.option("--strategy", metavar="KIND/NAME", help="Only the options of one strategy, e.g. backend/scripted.")
@pass_app
def explain_command(app: AppContext, strategy: str | None) -> None:
    """Print every config field with its type, default and help text."""
    if strategy is None:
        click.echo("# Run configuration (YAML or TOML)")
        for line in explain_class(SleepyConfig):
            click.echo(line)
    for spec in app.registry:
        if strategy is not None and strategy != f"{spec.kind}/{spec.name}":
            continue
        click.echo(f"\n# {spec.kind} {spec.name!r} options (from {spec.provider})"
                   + (f": {spec.description}" if spec.description else ""))
        if attrs.has(spec.options) and attrs.fields(spec.options):
            for line in explain_class(spec.options):
                click.echo(line)
        else:
            click.echo("(no options)")


def config_group() -> click.Group:
    """A fresh `config` group: built per CLI, so what a plugin adds to it stays in that CLI."""
    return command_group("config", "Check and explain configuration files.", (check_command, explain_command))
