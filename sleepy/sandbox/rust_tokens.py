"""A small Rust tokenizer: enough to see identifiers, punctuation and string values, never comments.

The policy checks read tokens, not raw text, so a directive cannot hide in a comment or string
and an escaped string (``"\\x2fetc"``) is judged by the value rustc would see.
"""

from __future__ import annotations

import enum
import re

from attrs import frozen


class Kind(enum.Enum):
    """What a token is."""

    IDENT = "ident"
    LIFETIME = "lifetime"
    STRING = "string"
    CHAR = "char"
    NUMBER = "number"
    PUNCT = "punct"


@frozen
class Token:
    """One token; ``value`` is the identifier (without ``r#``), the decoded string, or the text."""

    kind: Kind
    value: str
    line: int
    # False for a string whose escapes do not decode; its value is then the raw text.
    valid: bool = True
    start: int = 0  # offset of the token's first character in the source
    end: int = 0  # offset just past its last character


class TokenizeError(ValueError):
    """The text is not Rust that rustc could lex (an unterminated string or comment)."""


def tokenize(source: str) -> list[Token]:
    """Split Rust source into tokens, dropping whitespace, (nested) comments and a shebang line."""
    tokens: list[Token] = []
    pos, line, end = shebang_end(source), 1, len(source)
    while pos < end:
        match = _TOKEN_RE.match(source, pos)
        if match is None:  # only an unterminated string or char reaches here
            raise TokenizeError(f"line {line}: unterminated literal")
        kind = match.lastgroup
        stop = match.end()
        if kind == "block":
            stop = _block_comment_end(source, pos, line)
        elif kind == "raw":
            closing = '"' + match.group("hashes")
            found = source.find(closing, stop)
            if found < 0:
                raise TokenizeError(f"line {line}: unterminated raw string")
            tokens.append(Token(Kind.STRING, source[stop:found], line, start=pos, end=found + len(closing)))
            stop = found + len(closing)
        elif kind == "string":
            body = match.group("body")
            value = unescape(body)
            tokens.append(Token(Kind.STRING, body if value is None else value, line, value is not None, pos, stop))
        elif kind == "ident":
            tokens.append(Token(Kind.IDENT, match.group(0).removeprefix("r#"), line, start=pos, end=stop))
        elif kind in _KINDS:
            value_group = _VALUE_GROUPS.get(kind)
            tokens.append(Token(_KINDS[kind], match.group(value_group or 0), line, start=pos, end=stop))
        line += source.count("\n", pos, stop)
        pos = stop
    return tokens


_BOM = "\ufeff"
# What rustc skips when it decides whether ``#!`` starts a shebang or an inner attribute ``#![``:
# whitespace and plain (non-doc) comments. Doc comments (``///``, ``//!``, ``/**``, ``/*!``) are tokens.
_NOT_A_TOKEN = re.compile(r"\s+|//(?![/!])[^\n]*|////[^\n]*|/\*\*/|/\*(?![*!])|/\*\*\*")


def shebang_end(source: str) -> int:
    """Where lexing starts: after a leading BOM and a ``#!`` line that rustc drops as a shebang.

    rustc (``rustc_lexer::strip_shebang``) treats the first line as a shebang when the file starts
    with ``#!`` and the next token is not ``[``; without this, ``#!/x r"`` would make the rest of
    the file look like one raw string and hide whatever follows from the policy.
    """
    start = 1 if source.startswith(_BOM) else 0
    if not source.startswith("#!", start):
        return start
    pos = start + 2
    while (match := _NOT_A_TOKEN.match(source, pos)) is not None:
        if match.group(0).startswith("/*"):
            try:
                pos = _block_comment_end(source, match.start(), 1)
            except TokenizeError:
                pos = len(source)  # rustc lexes an unterminated comment as a comment too
        else:
            pos = match.end()
    if source.startswith("[", pos):
        return start  # an inner attribute such as #![allow(dead_code)]
    newline = source.find("\n", start)
    return len(source) if newline < 0 else newline


# One alternative per token kind, tried in order; a raw string's end and a block comment's
# nesting are found by hand, since neither is regular.
_TOKEN_RE = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<line>//[^\n]*)
  | (?P<block>/\*)
  | (?P<raw>(?:br|cr|r)(?P<hashes>\#*)")
  | (?P<string>[bc]?"(?P<body>(?:[^"\\]|\\.)*)")
  | (?P<char>b?'(?P<char_v>\\.[^'\n]*?|[^'\\\n])')
  | (?P<lifetime>'(?P<lifetime_v>[^\W\d]\w*))
  | (?P<ident>(?:r\#)?[^\W\d]\w*)
  | (?P<number>\d\w*(?:\.\d\w*)?)
  | (?P<punct>[^"'\s])
    """,
    re.VERBOSE | re.DOTALL,
)
_KINDS = {"char": Kind.CHAR, "lifetime": Kind.LIFETIME, "number": Kind.NUMBER, "punct": Kind.PUNCT}
_VALUE_GROUPS = {"char": "char_v", "lifetime": "lifetime_v"}


def _block_comment_end(source: str, start: int, line: int) -> int:
    depth, i = 0, start
    while True:
        opening, closing = source.find("/*", i), source.find("*/", i)
        if closing < 0:
            raise TokenizeError(f"line {line}: unterminated block comment")
        if 0 <= opening < closing:
            depth, i = depth + 1, opening + 2
        else:
            depth, i = depth - 1, closing + 2
            if depth == 0:
                return i


_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "\\": "\\", "0": "\0", "'": "'", '"': '"'}


def unescape(body: str) -> str | None:
    """Decode a non-raw string literal's escapes as rustc does; None when one is invalid."""
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        nxt = body[i + 1 : i + 2]
        if nxt in _SIMPLE_ESCAPES:
            out.append(_SIMPLE_ESCAPES[nxt])
            i += 2
        elif nxt == "x" and len(body) >= i + 4:
            try:
                out.append(chr(int(body[i + 2 : i + 4], 16)))
            except ValueError:
                return None
            i += 4
        elif nxt == "u" and body[i + 2 : i + 3] == "{":
            end = body.find("}", i)
            if end < 0:
                return None
            try:
                out.append(chr(int(body[i + 3 : end].replace("_", ""), 16)))
            except ValueError:
                return None
            i = end + 1
        elif nxt == "\n":  # a line continuation skips the newline and the next line's indent
            i += 2
            while i < len(body) and body[i] in " \t\n\r":
                i += 1
        else:
            return None
    return "".join(out)


def is_token(tokens: list[Token], i: int, kind: Kind, *values: str) -> bool:
    """``tokens[i]`` exists, is of ``kind`` and (when given) one of ``values``."""
    if not 0 <= i < len(tokens):
        return False
    tok = tokens[i]
    return tok.kind is kind and (not values or tok.value in values)
