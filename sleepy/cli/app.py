"""The top-level click group and what every command shares: the plugin manager and registry."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click
from attrs import define, field

from sleepy.errors import SleepyError
from sleepy.plugins import SleepyPluginManager
from sleepy.registry import Registry
from sleepy.run_dir import RunDirectory
from sleepy.store import damaged_database, is_damage


@define
class AppContext:
    """Shared by all commands of one invocation."""

    pm: SleepyPluginManager
    _registry: Registry | None = field(default=None, alias="_registry")

    @property
    def registry(self) -> Registry:
        if self._registry is None:
            self._registry = Registry.collect(self.pm)
        return self._registry


def report_error(exc: SleepyError) -> None:
    """Print a SleepyError as one line per problem on stderr."""
    for line in str(exc).splitlines() or [type(exc).__name__]:
        click.echo(f"sleepy: error: {line}", err=True)


class SleepyGroup(click.Group):
    """A click group that turns SleepyError into its one-line message and exit status."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SleepyError as exc:
            report_error(exc)
            ctx.exit(exc.exit_code)
        except sqlite3.DatabaseError as exc:
            # Damaged pages surface at whichever query first reads them, anywhere in a command.
            if not is_damage(exc):
                raise
            error = damaged_database(ctx.meta.get(DATABASE_KEY, "the episode database"), exc)
            report_error(error)
            ctx.exit(error.exit_code)


DATABASE_KEY = "sleepy.database"


def _remember_database(ctx: click.Context, _: click.Parameter, run_dir: Path) -> Path:
    ctx.meta[DATABASE_KEY] = RunDirectory(run_dir).database  # meta is shared with the group, for its errors
    return run_dir


def run_dir_option(fn: Any) -> Any:
    """The `--run-dir` option every run-related command takes."""
    return click.option(
        "--run-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("runs/default"),
        envvar="SLEEPY_RUN_DIR", show_default=True, show_envvar=True, callback=_remember_database,
        help="Directory holding everything of a run (database, resolved config, adapters, plots).",
    )(fn)


def unsafe_isolation_option(fn: Any) -> Any:
    """`--unsafe-no-isolation`: the only way a config's `sandbox.isolation: none` is accepted."""
    return click.option(
        "--unsafe-no-isolation", "unsafe_no_isolation", is_flag=True, default=False,
        help="Accept `sandbox.isolation: none` from the config: model-written code then runs with rlimits only, "
             "unconfined, as this user. Never needed with bubblewrap or unshare.",
    )(fn)


pass_app = click.make_pass_decorator(AppContext)


def command_group(name: str, help_text: str, commands: Iterable[click.Command]) -> click.Group:
    """A new group holding `commands`. Groups are built per CLI (in `make_cli`), never at import: a plugin's
    `sleepy_register_commands` adds to the groups of the CLI it is handed, and to no other."""
    group = click.Group(name, help=help_text)
    for command in commands:
        group.add_command(command)
    return group


def hidden_alias(command: click.Command, replacement: str) -> click.Command:
    """`command` under its old place, left out of --help; its help names `sleepy <replacement>`."""
    return click.Command(command.name, callback=command.callback, params=command.params, hidden=True,
                         help=f"Alias of `sleepy {replacement}`. {command.help or ''}".strip())


def adapter_option(fn: Any) -> Any:
    """The `--adapter base|ID` option of every command that runs the model."""
    return click.option(
        "--adapter", default=None, metavar="base|ID",
        help="Run this adapter (base: the model alone) instead of the run's active adapter.",
    )(fn)
