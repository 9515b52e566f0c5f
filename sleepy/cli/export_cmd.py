"""`sleepy export episodes`: stream episodes as JSON lines."""

from __future__ import annotations

import json
from pathlib import Path

import click

from sleepy.cli.app import command_group, run_dir_option
from sleepy.run_dir import RunDirectory

PRD_COLUMNS = ("task_id", "attempt_idx", "error_signature", "diff", "passed", "steps_to_green")


@click.command("episodes")
@run_dir_option
@click.option("--jsonl", is_flag=True, default=True, help="One JSON object per line (the only format).")
@click.option("--steps", "with_steps", is_flag=True, help="Include every step of each episode.")
def episodes_command(run_dir: Path, jsonl: bool, with_steps: bool) -> None:
    """Stream episodes: task_id, attempt_idx, error_signature, diff, passed, steps_to_green and more."""
    store = RunDirectory(run_dir).open_store()
    for row in store.episodes():
        record = {
            "task_id": row["task_id"],
            "attempt_idx": row["attempt_idx"],
            "error_signature": row["first_error_signature"],
            "diff": row["final_diff"],
            "passed": bool(row["passed"]),
            "steps_to_green": row["steps_to_green"],
            # final_code (schema m007) is left out: the diff above says what changed.
            **{k: v for k, v in row.items() if k not in ("final_diff", "passed", "final_code")},
        }
        if with_steps:
            record["steps_detail"] = store.steps(row["id"])
        click.echo(json.dumps(record, sort_keys=False))


@click.command("dataset")
@run_dir_option
@click.option("--jsonl", is_flag=True, default=True, help="Chat-messages JSONL (the only format).")
@click.option("--hash", "dataset_hash", default=None, help="A dataset hash prefix (default: the newest).")
def dataset_command(run_dir: Path, jsonl: bool, dataset_hash: str | None) -> None:
    """Stream a training set as chat-messages JSONL, as `datasets`/TRL load it."""
    store = RunDirectory(run_dir).open_store()
    rows = store.datasets(newest_first=True)
    if dataset_hash:
        rows = [r for r in rows if r.hash.startswith(dataset_hash)]
    if not rows:
        raise click.ClickException(f"no dataset{' ' + dataset_hash if dataset_hash else ''} in {run_dir}; "
                                   "run `sleepy sleep` first")
    with rows[0].path.open(encoding="utf-8") as fh:
        for line in fh:
            click.echo(line, nl=False)


def export_group() -> click.Group:
    """A fresh `export` group: built per CLI, so what a plugin adds to it stays in that CLI."""
    return command_group("export", "Export what a run recorded.", (episodes_command, dataset_command))
