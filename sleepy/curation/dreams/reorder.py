"""Reordering a koan's top-level items (rustc does not care about their order), the same way in both files.

An item is its tokens from the first to the `;` or `}` that ends it at depth 0, with the doc comments
and attributes above it. Inner attributes and `use` declarations stay first; the test module is not
touched. Items are matched between the buggy file and its fix by their header (the words before the
first `{`, `(`, `;` or `=`), so an item the fix adds stays right after the item it followed.
"""

from __future__ import annotations

import random

from attrs import frozen

from sleepy.agent.source import split_tests
from sleepy.sandbox.rust_tokens import Kind, Token, is_token, tokenize

_FIXED = ("use", "extern")  # items that stay at the top, in their order


@frozen
class Item:
    """One top-level item: its text (leading blank lines removed) and the header it is matched by."""

    text: str
    header: str
    fixed: bool


def top_level_items(code: str) -> tuple[str, list[Item], str] | None:
    """(text before the first item, the items, text after the last) of the code before the test module;
    None when an item cannot be told apart (an unbalanced brace)."""
    tokens = tokenize(code)
    items: list[Item] = []
    depth, begin, pos = 0, 0, 0
    head = _head_end(code)
    pos = head
    for i, tok in enumerate(tokens):
        if tok.start < head:
            continue
        if tok.kind is Kind.PUNCT and tok.value in "([{":
            depth += 1
        elif tok.kind is Kind.PUNCT and tok.value in ")]}":
            depth -= 1
            if depth < 0:
                return None
        ends = depth == 0 and tok.kind is Kind.PUNCT and (
            tok.value == ";" or (tok.value == "}" and not is_token(tokens, i + 1, Kind.PUNCT, ";")))
        if ends:
            item_tokens = [t for t in tokens[begin:i + 1] if t.start >= pos]
            items.append(_item(code[pos:tok.end], item_tokens))
            pos = tok.end
            begin = i + 1
    if depth != 0:
        return None
    seen: dict[str, int] = {}
    for index, item in enumerate(items):  # two `impl Foo` blocks: told apart by their order
        seen[item.header] = seen.get(item.header, 0) + 1
        if seen[item.header] > 1:
            items[index] = Item(item.text, f"{item.header} #{seen[item.header]}", item.fixed)
    return code[:head], items, code[pos:]


def _head_end(code: str) -> int:
    """Where the first movable text starts: after inner attributes and `//!` module docs at the top."""
    tokens = tokenize(code)
    end, i = 0, 0
    while is_token(tokens, i, Kind.PUNCT, "#") and is_token(tokens, i + 1, Kind.PUNCT, "!"):
        depth, j = 0, i + 2
        while j < len(tokens):
            if tokens[j].value == "[" and tokens[j].kind is Kind.PUNCT:
                depth += 1
            elif tokens[j].value == "]" and tokens[j].kind is Kind.PUNCT:
                depth -= 1
                if depth == 0:
                    break
            j += 1
        if j >= len(tokens):
            return 0
        end, i = tokens[j].end, j + 1
    first = tokens[i].start if i < len(tokens) else len(code)
    lines = code[end:first].splitlines(keepends=True)
    offset = end
    for line in lines:  # module docs (//!) above the first item stay at the top with it
        if line.lstrip().startswith("//!") or not line.strip():
            offset += len(line)
        else:
            break
    return offset


def _item(text: str, tokens: list[Token]) -> Item:
    words: list[str] = []
    attribute = 0
    for i, tok in enumerate(tokens):
        if tok.kind is Kind.PUNCT and tok.value == "#" and is_token(tokens, i + 1, Kind.PUNCT, "["):
            attribute = -1  # the attribute opens at the next token
            continue
        if attribute:
            if tok.kind is Kind.PUNCT and tok.value == "[":
                attribute = (0 if attribute == -1 else attribute) + 1
            elif tok.kind is Kind.PUNCT and tok.value == "]":
                attribute -= 1
            continue
        if tok.kind is Kind.PUNCT and tok.value in "{(;=":
            break
        words.append(tok.value)
    stripped = text.lstrip("\n")
    fixed = bool(words) and (words[0] in _FIXED or words[:2] in (["pub", "use"], ["pub", "extern"]))
    return Item(stripped, " ".join(words), fixed)


def item_order(headers: list[str], rng: random.Random) -> dict[str, int]:
    """A shuffled rank per header of the movable items."""
    shuffled = list(headers)
    rng.shuffle(shuffled)
    return {header: rank for rank, header in enumerate(shuffled)}


def reorder(source: str, ranks: dict[str, int]) -> str | None:
    """`source` with its movable items in `ranks` order; None when it cannot be split into items or its
    fixed items (inner attributes, `use`) do not all come first."""
    parts = split_tests(source)
    found = top_level_items(parts.code)
    if found is None:
        return None
    head, items, tail = found
    fixed = [item for item in items if item.fixed]
    if items[: len(fixed)] != fixed:
        return None
    movable = items[len(fixed):]
    keyed, anchor, follower = [], (-1, 0), 0
    for item in movable:
        if item.header in ranks:
            anchor, follower = (ranks[item.header], 0), 0
            keyed.append((anchor, item))
        else:  # only in this file: stays right after the item it follows
            follower += 1
            keyed.append(((anchor[0], follower), item))
    ordered = [item for _, item in sorted(keyed, key=lambda pair: pair[0])]
    body = head + "\n".join(item.text for item in fixed)
    blocks = "\n\n".join(item.text for item in ordered)
    joined = (body.rstrip("\n") + "\n\n" + blocks) if body.strip() else body + blocks
    return joined + tail + (parts.tests or "")


def movable_headers(source: str) -> list[str]:
    """Headers of the items `reorder` may move, in file order."""
    found = top_level_items(split_tests(source).code)
    if found is None:
        return []
    return [item.header for item in found[1] if not item.fixed]
