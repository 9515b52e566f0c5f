"""The agent's tools: write, edit, patch, run, search, rustfix. Each acts on a task's in-memory workspace.

Model-written code is compiled and run only by `run`, through the sandbox.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from attrs import define, field, frozen

from sleepy.agent.edits import EditError, apply_search_replace, apply_unified_diff
from sleepy.agent.view import FileView
from sleepy.diagnostics import MACHINE_APPLICABLE_ONLY, WITH_MAYBE_INCORRECT, apply_suggestions
from sleepy.sandbox import Mode, SandboxResult

if TYPE_CHECKING:
    from sleepy.agent.task_sandbox import TaskSandbox


@define
class Workspace:
    """The files of one task as the agent has left them, plus the sandbox that runs them (`run(files, mode)`:
    the koan sandbox, or a crate task's project; sleepy/agent/task_sandbox.py)."""

    files: dict[str, str]
    main_path: str
    sandbox: TaskSandbox
    # The part of the main file the prompt showed (sleepy/agent/view.py): what `write` replaces and where
    # `edit` looks; None: the whole file.
    view: FileView | None = field(default=None, kw_only=True)

    def shown(self, path: str) -> str:
        """The text of ``path`` a reply was written against: the view of the main file, else the whole file."""
        text = self.files.get(path, "")
        return self.view.excerpt(text) if self.view is not None and path == self.main_path else text

    def with_shown(self, path: str, text: str) -> dict[str, str]:
        """The files with the shown part of ``path`` replaced by ``text``."""
        whole = self.files.get(path, "")
        if self.view is not None and path == self.main_path:
            text = self.view.splice(whole, text)
        return {**self.files, path: text}


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
    description = "Replace a whole file (or, on a crate task, the lines its prompt showed) with new content."
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
        return ToolOutcome(output=f"wrote {path}", new_files=workspace.with_shown(path, content))


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
                workspace.shown(path), _text_argument(arguments, "search"), _text_argument(arguments, "replace")
            )
        except EditError as exc:
            return ToolOutcome(error=f"edit refused: {exc}")
        return ToolOutcome(
            output=f"edited {path}", new_files=workspace.with_shown(path, result.text), fuzzy=result.fuzzy
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


class RustfixTool:
    """rustc's own suggestions, applied the way `cargo fix` does: type-check, apply, type-check again.

    One call runs up to `rounds` rounds (a fix can uncover the next error) and stops early when the
    file type-checks or rustc suggests nothing more. Only the suggestions change the file: rustfix
    never touches a file rustc is silent about.
    """

    name = "rustfix"
    description = ("Apply rustc's machine-applicable suggestions to a file, recompiling after each round "
                   "(up to `rounds`, at most 4); `maybe_incorrect: true` also applies MaybeIncorrect ones.")
    parameters: ClassVar[dict[str, Any]] = {
        "type": "object",
        "properties": {"path": {"type": "string"}, "rounds": {"type": "integer", "minimum": 1, "maximum": 4},
                       "maybe_incorrect": {"type": "boolean"}},
    }
    max_rounds = 4

    def run(self, workspace: Workspace, arguments: Mapping[str, Any]) -> ToolOutcome:
        rounds = arguments.get("rounds", self.max_rounds)
        maybe_incorrect = arguments.get("maybe_incorrect", False)
        if isinstance(rounds, bool) or not isinstance(rounds, int) or not 1 <= rounds <= self.max_rounds:
            return ToolOutcome(error=f"rustfix: argument 'rounds' must be an integer from 1 to {self.max_rounds}")
        if not isinstance(maybe_incorrect, bool):
            return ToolOutcome(error="rustfix: argument 'maybe_incorrect' must be true or false")
        try:
            path = _path(workspace, arguments)
        except EditError as exc:
            return ToolOutcome(error=f"rustfix: {exc}")
        accept = WITH_MAYBE_INCORRECT if maybe_incorrect else MACHINE_APPLICABLE_ONLY
        files = dict(workspace.files)
        applied = 0
        for _ in range(rounds):
            # Check mode type-checks the lib and test targets: what rustc suggests, without running anything.
            result = workspace.sandbox.run(files, Mode.CHECK)
            if not result.errors:
                break  # it compiles (or the policy refused it): nothing left that rustfix fixes
            patched = apply_suggestions(files.get(path, ""), result.diagnostics, path, accept)
            if patched is None or patched == files.get(path, ""):
                break
            files[path] = patched
            applied += 1
        if not applied:
            return ToolOutcome(error=f"rustfix: rustc has no suggestion to apply to {path}")
        return ToolOutcome(output=f"rustfix: applied rustc's suggestions to {path} ({applied} round(s))",
                           new_files=files)


BUILTIN_TOOLS = (WriteTool, EditTool, PatchTool, RunTool, SearchTool, RustfixTool)
