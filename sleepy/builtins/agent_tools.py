"""Registers the agent's built-in tools: write, edit, patch, run, search, rustfix."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sleepy.agent.tools import BUILTIN_TOOLS
from sleepy.hookspecs import hookimpl
from sleepy.protocols import Tool
from sleepy.registry import Registrar


@hookimpl
def sleepy_register_tools(register: Registrar[Tool]) -> None:
    for tool in BUILTIN_TOOLS:
        register.add(tool.name, _factory(tool), description=tool.description)


def _factory(tool: type[Tool]) -> Callable[[Any], Tool]:
    return lambda options: tool()
