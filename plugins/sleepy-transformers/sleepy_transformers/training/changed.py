"""Where the fix is in an answer: the answer's lines that differ from the file it edits.

A whole-file answer mostly copies the buggy file, so in a plain mean loss the few tokens of the fix
are drowned out by copied lines (a LoRA trained that way learns to copy). These character spans let
the trainer weight the changed lines' tokens more (the `lora` option `changed_token_weight`).

The answer and prompt shapes are the agent's (its prompts show the file in a ```rust block; replies
are a whole file in a ```rust block or SEARCH/REPLACE edit blocks), read with the agent's own reply
parser (`sleepy.fenced_blocks`, `sleepy.edit_blocks`).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from sleepy import Message, edit_blocks, fenced_blocks

Span = tuple[int, int]
"""[start, end) character offsets of one changed line in the answer, without its line break."""


def changed_spans(prompt: Sequence[Message], answer: str) -> list[Span]:
    """Spans of the answer's changed lines: REPLACE lines that differ from their SEARCH lines, or, for a
    whole-file answer, lines of its (longest) rust block not found unchanged in the file the prompt shows.

    Lines are matched by difflib (replaced and inserted lines count; a deletion has no line in the
    answer to mark). An answer with neither form (prose, bare code), or a prompt showing no file, has none.
    """
    edits = edit_blocks(answer)
    if edits:
        return [span for edit in edits for span in
                _changed_lines(answer[edit.search_start:edit.search_end], answer, edit.replace_start, edit.replace_end)]
    shown = shown_file(prompt)
    blocks = [block for block in fenced_blocks(answer) if block.is_rust]
    if shown is None or not blocks:
        return []
    block = max(blocks, key=lambda b: b.end - b.start)  # the agent writes the longest rust block as the file
    return _changed_lines(shown, answer, block.start, block.end)


def shown_file(prompt: Sequence[Message]) -> str | None:
    """The file the answer edits: the first rust block of the last user message that has one."""
    for message in reversed(prompt):
        if message.role == "user":
            block = next((b for b in fenced_blocks(message.content) if b.is_rust), None)
            if block is not None:
                return message.content[block.start:block.end]
    return None


def _changed_lines(before: str, text: str, start: int, end: int) -> list[Span]:
    """Spans of the non-empty lines of ``text[start:end]`` that difflib finds replaced or inserted against `before`."""
    lines: list[Span] = []
    at = start
    for line in text[start:end].split("\n"):
        lines.append((at, at + len(line)))
        at += len(line) + 1
    matcher = difflib.SequenceMatcher(None, before.split("\n"), [text[a:b] for a, b in lines], autojunk=False)
    return [lines[j] for tag, _, _, j1, j2 in matcher.get_opcodes() if tag in ("replace", "insert")
            for j in range(j1, j2) if lines[j][1] > lines[j][0]]


def tokens_in(offsets: Sequence[Sequence[int]], spans: Sequence[Span]) -> tuple[int, ...]:
    """Indices of the tokens whose character offsets overlap a span (a token holding the line break
    before a changed line's indentation counts; one holding only the break after it does not)."""
    return tuple(i for i, (s, e) in enumerate(offsets) if any(s < b and e > a for a, b in spans))
