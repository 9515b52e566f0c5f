"""What the model is told about the last run: compiler errors, failing tests, or a limit hit."""

from __future__ import annotations

import difflib

from sleepy.sandbox import Outcome, SandboxResult


def truncate(text: str, limit: int) -> str:
    """Cut `text` to `limit` characters, saying so."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - 40)].rstrip() + f"\n... [{len(text) - limit + 40} more characters cut]"


def render_result(result: SandboxResult, limit: int) -> str:
    """The feedback block for a sandbox result, capped at `limit` characters."""
    if result.outcome is Outcome.COMPILE_ERROR:
        errors = [d for d in result.diagnostics if d.is_error and d.code] or list(result.errors)
        text = "".join(d.rendered or f"error: {d.message}\n" for d in errors) or result.reason
        return f"It does not compile:\n```\n{truncate(text.strip(), limit)}\n```"
    if result.outcome is Outcome.TEST_FAILURE:
        failures = result.tests.failures if result.tests else ()
        text = "\n\n".join(f"test {f.name} failed:\n{f.message.strip()}" for f in failures) or result.reason
        return f"It compiles, but tests fail:\n```\n{truncate(text.strip(), limit)}\n```"
    if result.outcome is Outcome.PASSED:
        return "It compiles and all tests pass."
    if result.outcome is Outcome.SANDBOX_VIOLATION:
        return f"The change was refused: {result.reason}"
    return f"Running the tests hit a limit ({result.outcome.value}): {truncate(result.reason, limit)}"


def unified_diff(before: str, after: str, path: str) -> str:
    """A unified diff between two versions of one file ('' when equal)."""
    return "".join(difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                        f"a/{path}", f"b/{path}"))
