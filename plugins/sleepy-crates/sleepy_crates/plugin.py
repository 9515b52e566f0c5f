"""The plugin's entry point (``sleepy = crates``): the `crates` task source and `sleepy tasks ...`. No I/O here."""

from __future__ import annotations

import click

from sleepy import Registrar, TaskSource, hookimpl
from sleepy_crates.source import CratesOptions, CrateTaskSource


@hookimpl
def sleepy_register_task_sources(register: Registrar[TaskSource]) -> None:
    register.add("crates", CrateTaskSource, options=CratesOptions,
                 description="Real Rust crates: verified mutants of one function each, judged by the crate's own "
                             "tests (docs/crates.md).")


@hookimpl
def sleepy_register_commands(cli: click.Group) -> None:
    from sleepy_crates.commands import tasks_group

    existing = cli.commands.get("tasks")
    if isinstance(existing, click.Group):  # a core or another plugin's group: add ours to it
        for name, command in tasks_group().commands.items():
            existing.add_command(command, name)
        return
    cli.add_command(tasks_group())
