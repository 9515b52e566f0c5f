"""The agent's tools: write, edit, patch, run, search. Each acts on a task's in-memory workspace.

Model-written code is compiled and run only by `run`, through the sandbox.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar

from attrs import define, frozen

from sleepy.agent.edits import EditError, apply_search_replace, apply_unified_diff
from sleepy.sandbox import Mode, Sandbox, SandboxResult


@define
class Workspace:
    """The files of one task as the agent has left them, plus the sandbox that runs them."""

    files: dict[str, str]
    main_path: str
    sandbox: Sandbox


@frozen
class ToolOutcome:
    """What a tool did: text for the model, new file contents, or an error."""

    output: str = ""
    new_files: Mapping[str, str] | None = None
    error: str | None = None
    result: SandboxResult | None = None
    fuzzy: bool = False


def _path(workspace: Workspace, arguments: Mapping[str, Any]) -> str:
    # Any path is accepted here: the sandbox's policy decides what may be compiled (and refuses
    # Cargo.toml, build.rs and paths outside src/ before anything runs).
    path = arguments.get("path") or workspace.main_path
    if not isinstance(path, str):
        raise EditError("argument 'path' must be a string")
    return path


def _text_argument(arguments: Mapping[str, Any], name: str) -> str:
    value = arguments.get(name)
    if not isinstance(value, str):
        raise EditError(f"argument {name!r} must be a string")
    return value


class WriteTool:
    name = "write"
    description = "Replace a whole file with new content."
    parameters: ClassVar[dict[str, Any]] = {
        "type": "object",
        "properties": {"path": {"type": "string"}, "content": {"type": "string"}},
        "required": ["content"],
    }

    def run(self, workspace: Workspace, arguments: Mapping[str, Any]) -> ToolOutcome:
        try:
            path = _path(workspace, arguments)
            content = _text_argument(arguments, "content")
        except EditError as exc:
            return ToolOutcome(error=str(exc))
        return ToolOutcome(output=f"wrote {path}", new_files={**workspace.files, path: content})


class EditTool:
    name = "edit"
    description = "Replace one exact occurrence of `search` with `replace` (whitespace-tolerant if no exact match)."
    parameters: ClassVar[dict[str, Any]] = {
        "type": "object",
        "properties": {"path": {"type": "string"}, "search": {"type": "string"}, "replace": {"type": "string"}},
        "required": ["search", "replace"],
    }

    def run(self, workspace: Workspace, arguments: Mapping[str, Any]) -> ToolOutcome:
        try:
            path = _path(workspace, arguments)
            result = apply_search_replace(
                workspace.files.get(path, ""), _text_argument(arguments, "search"), _text_argument(arguments, "replace")
            )
        except EditError as exc:
            return ToolOutcome(error=f"edit refused: {exc}")
        return ToolOutcome(
            output=f"edited {path}", new_files={**workspace.files, path: result.text}, fuzzy=result.fuzzy
        )


class PatchTool:
    name = "patch"
    description = "Apply a unified diff to a file."
    parameters: ClassVar[dict[str, Any]] = {
        "type": "object",
        "properties": {"path": {"type": "string"}, "diff": {"type": "string"}},
        "required": ["diff"],
    }

    def run(self, workspace: Workspace, arguments: Mapping[str, Any]) -> ToolOutcome:
        try:
            path = _path(workspace, arguments)
            result = apply_unified_diff(workspace.files.get(path, ""), _text_argument(arguments, "diff"))
        except EditError as exc:
            return ToolOutcome(error=f"patch refused: {exc}")
        return ToolOutcome(
            output=f"patched {path}", new_files={**workspace.files, path: result.text}, fuzzy=result.fuzzy
        )


class RunTool:
    name = "run"
    description = "Compile and run the task in the sandbox: mode check, test (default) or clippy."
    parameters: ClassVar[dict[str, Any]] = {
        "type": "object",
        "properties": {"mode": {"type": "string", "enum": ["check", "test", "clippy"]}},
    }

    def run(self, workspace: Workspace, arguments: Mapping[str, Any]) -> ToolOutcome:
        mode = str(arguments.get("mode") or "test")
        if mode not in ("check", "test", "clippy"):
            return ToolOutcome(error=f"run: unknown mode {mode!r}; use check, test or clippy")
        result = workspace.sandbox.run(workspace.files, Mode(mode))
        return ToolOutcome(output=f"{mode}: {result.outcome.value}", result=result)


class SearchTool:
    name = "search"
    description = "Find lines matching a regular expression in the task's files."
    parameters: ClassVar[dict[str, Any]] = {
        "type": "object",
        "properties": {"pattern": {"type": "string"}},
        "required": ["pattern"],
    }
    max_lines = 40

    def run(self, workspace: Workspace, arguments: Mapping[str, Any]) -> ToolOutcome:
        try:
            pattern = re.compile(_text_argument(arguments, "pattern"))
        except (EditError, re.error) as exc:
            return ToolOutcome(error=f"search: {exc}")
        hits = [
            f"{path}:{number}: {line}"
            for path, text in sorted(workspace.files.items())
            for number, line in enumerate(text.splitlines(), start=1)
            if pattern.search(line)
        ]
        shown = hits[: self.max_lines]
        more = f"\n... {len(hits) - len(shown)} more" if len(hits) > len(shown) else ""
        return ToolOutcome(output="\n".join(shown) + more if hits else "no matches")


BUILTIN_TOOLS = (WriteTool, EditTool, PatchTool, RunTool, SearchTool)
