"""`sleepy koans list|freeze|verify|baseline`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from sleepy.koans import default_koans_dir, freeze, load_koans, manifest_problems, read_manifest
from sleepy.records import SPLITS


def koans_path_option(fn: click.decorators.FC) -> click.decorators.FC:
    return click.option("--path", type=click.Path(file_okay=False, path_type=Path), default=None,
                        help="Koans directory (default: $SLEEPY_KOANS_DIR or the repository's koans/).")(fn)


@click.group("koans")
def koans_group() -> None:
    """List, verify and freeze Rust koans."""


@koans_group.command("list")
@koans_path_option
@click.option("--split", type=click.Choice(SPLITS), help="Only this split.")
@click.option("--family", help="Only this family.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
def list_command(path: Path | None, split: str | None, family: str | None, as_json: bool) -> None:
    """List koans with their family, split and expected failure."""
    root = path or default_koans_dir()
    manifest = read_manifest(root)
    rows = []
    for koan in load_koans(root):
        row = {"id": koan.id, "family": koan.family, "split": manifest.split_of(koan.id),
               "expected_failure": koan.meta.expected_failure, "difficulty": koan.meta.difficulty,
               "description": koan.meta.description}
        if (split is None or row["split"] == split) and (family is None or koan.family == family):
            rows.append(row)
    if as_json:
        click.echo(json.dumps(rows, indent=1))
        return
    for row in rows:
        click.echo(f"{row['id']:<20} {row['split']:<8} {row['expected_failure']:<13} {row['description']}")
    click.echo(f"{len(rows)} koans")


@koans_group.command("freeze")
@koans_path_option
@click.option("--refreeze", is_flag=True, help="Allow changes to frozen koans and record a new suite version.")
@click.option("--note", default="", help="Why, recorded in the manifest history.")
def freeze_command(path: Path | None, refreeze: bool, note: str) -> None:
    """Assign splits to new koans and pin every koan's content hash in manifest.json."""
    root = path or default_koans_dir()
    manifest, changes = freeze(root, load_koans(root), refreeze=refreeze, note=note)
    for change in changes:
        click.echo(change)
    counts = manifest.counts()
    click.echo(f"suite version {manifest.suite_version}: " + ", ".join(f"{s} {counts.get(s, 0)}" for s in SPLITS)
               + ("" if changes else " (no changes)"))


@koans_group.command("status")
@koans_path_option
def status_command(path: Path | None) -> None:
    """Check that the koans on disk match their manifest (exit 1 if not)."""
    root = path or default_koans_dir()
    problems = manifest_problems(load_koans(root), read_manifest(root))
    for problem in problems:
        click.echo(problem)
    if problems:
        raise SystemExit(1)
    click.echo("manifest matches the koans on disk")
