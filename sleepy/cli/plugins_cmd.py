"""`sleepy plugins`: what is installed and what it registered."""

from __future__ import annotations

import json
from typing import Any

import click

from sleepy.cli.app import AppContext, pass_app


@click.command("plugins")
@click.option("--all", "show_all", is_flag=True, help="Include built-in plugins.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def plugins_command(app: AppContext, show_all: bool, as_json: bool) -> None:
    """List loaded plugins, their hooks and the strategies they register."""
    strategies: dict[str, list[dict[str, str]]] = {}
    for spec in app.registry:
        strategies.setdefault(spec.provider, []).append(
            {"kind": str(spec.kind), "name": spec.name, "description": spec.description}
        )
    rows: list[dict[str, Any]] = [
        {
            "name": info.name,
            "builtin": info.builtin,
            "distribution": info.distribution,
            "version": info.version,
            "hooks": list(info.hooks),
            "strategies": strategies.get(info.name, []),
        }
        for info in app.pm.plugin_infos()
        if show_all or not info.builtin
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        click.echo("No plugins installed (use --all to include built-ins).")
    for row in rows:
        origin = f"{row['distribution']} {row['version']}" if row["distribution"] else "built in"
        click.echo(f"{row['name']} ({origin})")
        for s in row["strategies"]:
            click.echo(f"  {s['kind']}: {s['name']}" + (f"  {s['description']}" if s["description"] else ""))
        click.echo(f"  hooks: {', '.join(row['hooks'])}")
