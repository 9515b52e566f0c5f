"""The top-level click group and what every command shares: the plugin manager and registry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from attrs import define, field

from sleepy.errors import ConfigError, SleepyError
from sleepy.plugins import SleepyPluginManager
from sleepy.registry import Registry


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
    lines = [str(exc)] if not isinstance(exc, ConfigError) else str(exc).splitlines()
    for line in lines:
        click.echo(f"sleepy: error: {line}", err=True)


class SleepyGroup(click.Group):
    """A click group that turns SleepyError into its one-line message and exit status."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SleepyError as exc:
            report_error(exc)
            ctx.exit(exc.exit_code)


def run_dir_option(fn: Any) -> Any:
    """The `--run-dir` option every run-related command takes."""
    return click.option(
        "--run-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("runs/default"),
        envvar="SLEEPY_RUN_DIR", show_default=True, show_envvar=True,
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
