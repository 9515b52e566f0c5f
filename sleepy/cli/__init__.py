"""The `sleepy` command line. Built by a factory so plugins attach commands without import side effects."""

from __future__ import annotations

import sys

import click

from sleepy.allocator import return_freed_memory
from sleepy.cli.adapters_cmd import adapters_group, rollback_alias
from sleepy.cli.app import AppContext, SleepyGroup, report_error
from sleepy.cli.compare_cmd import compare_command
from sleepy.cli.config_cmd import config_group
from sleepy.cli.cycle_cmd import cycle_command, cycles_command, gate_command, report_command
from sleepy.cli.dashboard_cmd import dashboard_command
from sleepy.cli.day_cmd import day_command
from sleepy.cli.db_cmd import db_group
from sleepy.cli.doctor_cmd import doctor_command
from sleepy.cli.eval_cmd import eval_command
from sleepy.cli.export_cmd import export_group
from sleepy.cli.koans_cmd import koans_group
from sleepy.cli.plugins_cmd import plugins_command
from sleepy.cli.sleep_cmd import sleep_command
from sleepy.errors import SleepyError
from sleepy.plugins import SleepyPluginManager, get_plugin_manager
from sleepy.version import sleepy_version

__all__ = ["main", "make_cli"]


def make_cli(pm: SleepyPluginManager) -> click.Group:
    """The command group with core commands and those plugins add."""

    @click.group(cls=SleepyGroup, context_settings={"help_option_names": ["-h", "--help"]})
    @click.version_option(sleepy_version(), "--version", prog_name="sleepy-coder")
    @click.pass_context
    def cli(ctx: click.Context) -> None:
        """sleepy-coder: a local coding agent that learns from its own mistakes while it sleeps."""
        ctx.obj = AppContext(pm)

    # Groups are built here, per CLI: a plugin adding to `adapters` or `export` changes only this CLI.
    for command in (plugins_command, config_group(), day_command, db_group(), export_group(), koans_group(),
                    adapters_group(), rollback_alias(), sleep_command, gate_command, cycle_command, cycles_command,
                    report_command, eval_command, compare_command, dashboard_command, doctor_command):
        cli.add_command(command)
    pm.hook.sleepy_register_commands(cli=cli)
    return cli


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    return_freed_memory()  # before anything large is allocated: model weights, training steps
    try:
        pm = get_plugin_manager()
    except SleepyError as exc:
        report_error(exc)
        sys.exit(exc.exit_code)
    make_cli(pm).main(args=argv, prog_name="sleepy")
