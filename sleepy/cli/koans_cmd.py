"""`sleepy koans list|freeze|verify|baseline`."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

from sleepy.cli.app import command_group
from sleepy.koans import default_koans_dir, freeze, load_koans, manifest_problems, read_manifest
from sleepy.koans.manifest import MANIFEST_FILE
from sleepy.records import SPLITS, Split


def koans_path_option(fn: click.decorators.FC) -> click.decorators.FC:
    return click.option("--path", type=click.Path(file_okay=False, path_type=Path), default=None,
                        help="Koans directory (default: $SLEEPY_KOANS_DIR or the repository's koans/).")(fn)


@click.command("list")
@koans_path_option
@click.option("--split", type=click.Choice(SPLITS), help="Only this split (needs the manifest).")
@click.option("--family", help="Only this family.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
def list_command(path: Path | None, split: str | None, family: str | None, as_json: bool) -> None:
    """List koans with their family, split ("-" before `sleepy koans freeze`) and expected failure."""
    root = path or default_koans_dir()
    has_manifest = (root / MANIFEST_FILE).exists()
    if split is not None and not has_manifest:
        raise click.UsageError(f"--split needs {root / MANIFEST_FILE}, which does not exist yet; "
                               f"run `sleepy koans freeze --path {root}` to assign splits")
    koans = load_koans(root)
    assigned = read_manifest(root).entries if has_manifest else {}
    rows = []
    for koan in koans:
        entry = assigned.get(koan.id)
        row = {"id": koan.id, "family": koan.family, "split": entry.split if entry else "-",
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
    if not has_manifest:
        click.echo(f"no manifest yet ({root / MANIFEST_FILE}): run `sleepy koans freeze --path {root}` to assign "
                   "splits (`--split heldout` puts every koan in one split)")


@click.command("freeze")
@koans_path_option
@click.option("--refreeze", is_flag=True, help="Allow changes to frozen koans and record a new suite version.")
@click.option("--note", default="", help="Why, recorded in the manifest history.")
@click.option("--split", "split", type=click.Choice(SPLITS),
              help="Put every new koan in this split (e.g. heldout for an evaluation-only collection) instead of "
                   "3:2:1 per family; a koan whose koan.toml declares `split` keeps its own.")
def freeze_command(path: Path | None, refreeze: bool, note: str, split: Split | None) -> None:
    """Assign splits to new koans and pin every koan's content hash in manifest.json."""
    root = path or default_koans_dir()
    manifest, changes = freeze(root, load_koans(root), refreeze=refreeze, note=note, split=split)
    for change in changes:
        click.echo(change)
    counts = manifest.counts()
    click.echo(f"suite version {manifest.suite_version}: " + ", ".join(f"{s} {counts.get(s, 0)}" for s in SPLITS)
               + ("" if changes else " (no changes)"))


@click.command("status")
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


@click.command("verify")
@koans_path_option
@click.option("--split", type=click.Choice(SPLITS), help="Only this split (needs the manifest).")
@click.option("--family", help="Only this family.")
@click.option("--jobs", type=click.IntRange(1, 64), default=2, show_default=True, help="Koans checked at once.")
@click.option("--no-clippy", is_flag=True, help="Skip clippy on the reference fixes.")
@click.option("--strict", is_flag=True,
              help="Also hold each koan to the shipped collection's house rules (lib.rs has 10-40 non-blank lines).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per koan instead of a table.")
def verify_command(path: Path | None, split: str | None, family: str | None, jobs: int, no_clippy: bool,
                   strict: bool, as_json: bool) -> None:
    """Every buggy koan fails as declared; every fix passes its tests and clippy -D warnings.

    Also reports the rustfix baseline: koans fixed by rustc's machine-applicable suggestions alone.
    """
    from rich.progress import Progress

    from sleepy.koans.verify import KoanVerdict, verify_koans
    from sleepy.sandbox import Sandbox

    root = path or default_koans_dir()
    koans = load_koans(root)
    if split is not None:
        manifest = read_manifest(root)
        koans = [k for k in koans if manifest.split_of(k.id) == split]
    if family is not None:
        koans = [k for k in koans if k.family == family]
    if not koans:
        raise click.UsageError("no koans match the given --path/--split/--family")
    sandbox = Sandbox()
    failures: list[KoanVerdict] = []
    with Progress(console=None, transient=True, disable=as_json) as progress:
        bar = progress.add_task("verifying koans", total=len(koans))

        def report(verdict: KoanVerdict) -> None:
            progress.advance(bar)
            if as_json:
                click.echo(json.dumps({"id": verdict.koan_id, "family": verdict.family, "ok": verdict.ok,
                                       "expected_failure": verdict.expected_failure,
                                       "observed_failure": verdict.observed_failure,
                                       "problems": list(verdict.problems), "rustfix_fixes": verdict.rustfix_fixes,
                                       "seconds": round(verdict.seconds, 3)}))
            elif not verdict.ok:
                failures.append(verdict)
                progress.console.print(f"FAIL {verdict.koan_id}: " + "; ".join(verdict.problems), markup=False)

        started = time.perf_counter()
        verdicts = verify_koans(koans, sandbox, jobs=jobs, clippy=not no_clippy, strict=strict, on_verdict=report)
        elapsed = time.perf_counter() - started
    bad = sum(not v.ok for v in verdicts)
    rustfix = [v.koan_id for v in verdicts if v.rustfix_fixes]
    if not as_json:
        click.echo(f"isolation: {sandbox.isolation.value}")
        click.echo(f"rustfix baseline: {len(rustfix)} of {len(verdicts)} koans fixed by rustc's machine-applicable "
                   f"suggestions alone" + (f" ({', '.join(rustfix)})" if rustfix else ""))
        click.echo(f"{len(verdicts) - bad} passed, {bad} failed in {elapsed:.1f} s with {jobs} jobs")
    if bad:
        raise SystemExit(1)


def koans_group() -> click.Group:
    """A fresh `koans` group: built per CLI, so what a plugin adds to it stays in that CLI."""
    return command_group("koans", "List, verify and freeze Rust koans.",
                         (list_command, freeze_command, status_command, verify_command))
