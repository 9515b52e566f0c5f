"""Turning a model reply into tool actions, leniently: small models rarely follow a format exactly."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from attrs import field, frozen

from sleepy.records import Completion

WHOLE_FILE = "whole_file"
SEARCH_REPLACE = "search_replace"
REPLY_FORMATS = (WHOLE_FILE, SEARCH_REPLACE)

_FENCE = re.compile(r"```[ \t]*([\w+-]*)[^\n]*\n(.*?)(?:\n[ \t]*```|\Z)", re.S)
_SEARCH_REPLACE = re.compile(
    r"<{5,9}\s*SEARCH[ \t]*\n(.*?)\n?={5,9}[ \t]*\n(.*?)\n?>{5,9}\s*REPLACE", re.S
)
# A text model's call of the `rustfix` tool: a line of its own, at the start of the line, outside every
# code block. No Rust file has such a line (an item cannot be a bare name), so code never reads as a call.
RUSTFIX_LINE = "RUSTFIX"
_RUSTFIX_CALL = re.compile(r"^`?RUSTFIX`?[ \t]*$\n?", re.M)
_RUST_LANGS = {"rust", "rs", ""}
_RUST_START = re.compile(r"^\s*(?:pub |fn |use |struct |enum |impl |trait |#\[|//|mod |const |type )", re.M)


def _readonly(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(value))


class ReplyFormatError(ValueError):
    """The reply holds nothing the agent can act on; the message is sent back to the model."""


@frozen
class Action:
    """One tool invocation parsed from a reply."""

    tool: str
    arguments: Mapping[str, Any] = field(factory=dict, converter=_readonly)
    via: str = ""  # how it was found: fence, bare_code, search_replace, diff, tool_call, text_tool

    def to_json(self) -> dict[str, Any]:
        return {"tool": self.tool, "arguments": dict(self.arguments), "via": self.via}


def valid_unicode(text: str) -> str:
    """`text` as UTF-8 (files, SQLite) can hold it: a lone surrogate becomes U+FFFD, a pair its character."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def check_unicode(completion: Completion) -> None:
    """Refuse a reply holding surrogates: it could be neither compiled nor stored as it is."""
    calls = [json.dumps(dict(c.arguments), ensure_ascii=False, default=str) for c in completion.tool_calls]
    texts = [completion.text, *calls]
    if any(valid_unicode(text) != text for text in texts):
        raise ReplyFormatError("the reply is not valid Unicode text (it holds a lone surrogate, U+D800-U+DFFF)")


@frozen
class FencedBlock:
    """A fenced code block of a reply: its language tag (lower case) and its body's [start, end) offsets."""

    language: str
    start: int
    end: int

    @property
    def is_rust(self) -> bool:
        """Tagged rust or rs, or untagged (the agent reads an untagged block as Rust)."""
        return self.language in _RUST_LANGS


@frozen
class EditBlock:
    """A SEARCH/REPLACE edit block: the [start, end) offsets of its search text and of its replacement."""

    search_start: int
    search_end: int
    replace_start: int
    replace_end: int


def fenced_blocks(text: str) -> list[FencedBlock]:
    """Every fenced block of `text`, in order; an unterminated last block counts."""
    return [FencedBlock(m.group(1).lower(), m.start(2), m.end(2)) for m in _FENCE.finditer(text)]


def edit_blocks(text: str) -> list[EditBlock]:
    """Every SEARCH/REPLACE edit block of `text`, in order (as the agent applies them)."""
    return [EditBlock(m.start(1), m.end(1), m.start(2), m.end(2)) for m in _SEARCH_REPLACE.finditer(text)]


def code_blocks(text: str) -> list[tuple[str, str]]:
    """(language, body) of every fenced block; an unterminated last block counts."""
    return [(block.language, text[block.start:block.end]) for block in fenced_blocks(text)]


def parse_reply(completion: Completion) -> list[Action]:
    """Actions in a reply: native tool calls, SEARCH/REPLACE edits, a diff, or a whole file; then a
    `RUSTFIX` line's call of the rustfix tool (after the reply's edits, on their result)."""
    if completion.tool_calls:
        return [Action(call.name, call.arguments, "tool_call") for call in completion.tool_calls]
    text = completion.text
    outside = _FENCE.sub("", _SEARCH_REPLACE.sub("", text))
    if not _RUSTFIX_CALL.search(outside):
        return _code_actions(text)
    try:
        # Without fences the line would be read as part of a bare file; fenced code is left as written.
        actions = _code_actions(text if "```" in text else _RUSTFIX_CALL.sub("", text))
    except ReplyFormatError:
        actions = []
    return [*actions, Action("rustfix", {}, "text_tool")]


def _code_actions(text: str) -> list[Action]:
    edits = [Action("edit", {"search": text[e.search_start:e.search_end],
                             "replace": text[e.replace_start:e.replace_end]}, "search_replace")
             for e in edit_blocks(text)]
    if edits:
        return edits
    blocks = code_blocks(text)
    diffs = [body for lang, body in blocks if lang in ("diff", "patch") or body.lstrip().startswith("--- ")]
    if diffs and "@@" in diffs[0]:
        return [Action("patch", {"diff": diffs[0]}, "diff")]
    rust = [body for lang, body in blocks if lang in _RUST_LANGS and "fn " in body]
    if rust:
        return [Action("write", {"content": max(rust, key=len).rstrip() + "\n"}, "fence")]
    if "```" not in text and _RUST_START.search(text) and "fn " in text and text.count("{") == text.count("}"):
        return [Action("write", {"content": text.strip() + "\n"}, "bare_code")]
    raise ReplyFormatError("the reply contains no ```rust code block")


def format_rule(reply_format: str, *, rustfix: bool = False, shown: str = "") -> str:
    """What a reply must look like, as told to the model; `rustfix`: also offer the `RUSTFIX` line (the
    agent offers it only when the tool is enabled and rustc has suggestions for the current file);
    `shown`: the part of the file the prompt showed, e.g. "lines 40-61" (sleepy/agent/view.py), "" for all."""
    if reply_format == SEARCH_REPLACE:
        rule = (
            "Reply with one or more edits, each exactly in this form:\n"
            f"<<<<<<< SEARCH\n(lines copied exactly from the {'lines shown' if shown else 'file'})\n=======\n"
            "(the replacement lines)\n>>>>>>> REPLACE"
        )
    elif shown:
        rule = f"Reply with the complete fixed {shown} in a single ```rust code block."
    else:
        rule = "Reply with the complete fixed file in a single ```rust code block."
    if rustfix:
        rule += f"\nOr reply with the single line {RUSTFIX_LINE} to apply the compiler's suggested fixes."
    return rule
