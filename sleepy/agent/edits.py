"""Applying search/replace edits and unified diffs to text, exactly or whitespace-tolerantly.

An edit that matches in more than one place is refused rather than guessed.
"""

from __future__ import annotations

import re

from attrs import frozen


class EditError(ValueError):
    """An edit could not be applied; the message says why, for the model to read."""


@frozen
class EditResult:
    text: str
    fuzzy: bool  # matched only after ignoring whitespace differences


def _line_key(line: str) -> str:
    return " ".join(line.split())


def _fuzzy_positions(lines: list[str], needle: list[str]) -> list[int]:
    keys = [_line_key(line) for line in lines]
    wanted = [_line_key(line) for line in needle]
    while wanted and not wanted[0]:
        wanted.pop(0)
    while wanted and not wanted[-1]:
        wanted.pop()
    if not wanted:
        return []
    return [i for i in range(len(keys) - len(wanted) + 1) if keys[i:i + len(wanted)] == wanted]


def apply_search_replace(text: str, search: str, replace: str) -> EditResult:
    """Replace the unique occurrence of `search`; fall back to matching lines modulo whitespace."""
    if not search.strip():
        raise EditError("the SEARCH text is empty")
    count = text.count(search)
    if count == 1:
        return EditResult(text.replace(search, replace, 1), fuzzy=False)
    if count > 1:
        raise EditError(f"the SEARCH text matches {count} places; include more surrounding lines")
    lines = text.splitlines(keepends=True)
    needle = [line for line in search.splitlines()]
    while needle and not needle[0].strip():
        needle.pop(0)
    while needle and not needle[-1].strip():
        needle.pop()
    positions = _fuzzy_positions([line.rstrip("\n") for line in lines], needle)
    if not positions:
        raise EditError("the SEARCH text was not found in the file")
    if len(positions) > 1:
        raise EditError(f"the SEARCH text matches {len(positions)} places; include more surrounding lines")
    start = positions[0]
    replacement = replace if replace.endswith("\n") or not replace else replace + "\n"
    return EditResult("".join(lines[:start]) + replacement + "".join(lines[start + len(needle):]), fuzzy=True)


_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@")


def parse_hunks(diff: str) -> list[tuple[list[str], list[str]]]:
    """(old lines, new lines) per hunk of a unified diff; file headers are ignored."""
    hunks: list[tuple[list[str], list[str]]] = []
    old: list[str] | None = None
    new: list[str] = []
    for line in diff.splitlines():
        if _HUNK.match(line):
            if old is not None:
                hunks.append((old, new))
            old, new = [], []
        elif old is None or line.startswith(("--- ", "+++ ", "\\ No newline")):
            continue
        elif line.startswith("-"):
            old.append(line[1:])
        elif line.startswith("+"):
            new.append(line[1:])
        else:
            context = line[1:] if line.startswith(" ") else line
            old.append(context)
            new.append(context)
    if old is not None:
        hunks.append((old, new))
    if not hunks:
        raise EditError("no @@ hunks found in the diff")
    return hunks


def apply_unified_diff(text: str, diff: str) -> EditResult:
    """Apply every hunk by locating its old lines (exactly, then modulo whitespace)."""
    fuzzy = False
    for number, (old, new) in enumerate(parse_hunks(diff), start=1):
        search = "\n".join(old) + "\n"
        replace = "\n".join(new) + "\n" if new else ""
        try:
            result = apply_search_replace(text, search, replace)
        except EditError as exc:
            raise EditError(f"hunk {number}: {exc}") from None
        text, fuzzy = result.text, fuzzy or result.fuzzy
    return EditResult(text, fuzzy)
