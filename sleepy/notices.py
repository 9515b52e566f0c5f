"""Warnings for people: one line on stderr, for problems that do not stop the command."""

from __future__ import annotations

import click


def warn(message: str) -> None:
    """Print ``sleepy: warning: message`` on stderr (errors use ``sleepy: error:``)."""
    click.echo(f"sleepy: warning: {message}", err=True)
