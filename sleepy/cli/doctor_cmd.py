"""`sleepy doctor`: what this machine has, and what to install before the main job can run safely."""

from __future__ import annotations

import json
from pathlib import Path

import click

from sleepy.cli.app import AppContext, pass_app
from sleepy.doctor import FAIL, diagnose


@click.command("doctor")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@pass_app
def doctor_command(app: AppContext, as_json: bool) -> None:
    """Check Python, Rust, the sandbox's isolation, model cache, disk, memory and plugins (exit 1 if unsafe)."""
    findings = diagnose(app.pm, workdir=Path.cwd())
    failed = [f for f in findings if f.status == FAIL]
    if as_json:
        click.echo(json.dumps({"ready": not failed, "checks": [f.to_json() for f in findings]}, indent=1))
    else:
        width = max(len(f.name) for f in findings)
        for finding in findings:
            click.echo(f"{finding.name:<{width}}  {finding.status:<4}  {finding.detail}")
            if finding.fix:
                click.echo(f"{'':<{width}}        -> {finding.fix}")
        if failed:
            click.echo(f"not ready: the main job cannot run safely here; {'; '.join(f.fix for f in failed)}")
        else:
            click.echo("ready: the main job can run here (scripts/quick_cycle.sh)")
    if failed:
        raise SystemExit(1)
