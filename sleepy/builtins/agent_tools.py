"""Registers the agent's built-in tools: write, edit, patch, run, search."""

from __future__ import annotations

from typing import Any

from sleepy.agent.tools import BUILTIN_TOOLS
from sleepy.hookspecs import hookimpl
from sleepy.registry import Registrar


@hookimpl
def sleepy_register_tools(register: Registrar[Any]) -> None:
    for tool in BUILTIN_TOOLS:
        register.add(tool.name, lambda options, tool=tool: tool(), description=tool.description)
