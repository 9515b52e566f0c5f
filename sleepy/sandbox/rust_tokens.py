"""A small Rust tokenizer: enough to see identifiers, punctuation and string values, never comments.

The policy checks read tokens, not raw text, so a directive cannot hide in a comment or string
and an escaped string (``"\\x2fetc"``) is judged by the value rustc would see.
"""

from __future__ import annotations

import enum

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


class TokenizeError(ValueError):
    """The text is not Rust that rustc could lex (an unterminated string or comment)."""


def tokenize(source: str) -> list[Token]:
    """Split Rust source into tokens, dropping whitespace and (nested) comments."""
    return _Lexer(source).run()


class _Lexer:
    def __init__(self, source: str) -> None:
        self.src = source
        self.pos = 0
        self.line = 1
        self.tokens: list[Token] = []

    def run(self) -> list[Token]:
        while self.pos < len(self.src):
            ch = self.src[self.pos]
            if ch.isspace():
                self._advance(1)
            elif self.src.startswith("//", self.pos):
                end = self.src.find("\n", self.pos)
                self._advance((len(self.src) if end < 0 else end) - self.pos)
            elif self.src.startswith("/*", self.pos):
                self._block_comment()
            elif self._string_prefix() is not None:
                self._string()
            elif ch == "'" or (ch == "b" and self.src.startswith("b'", self.pos)):
                self._quote()
            elif ch.isalpha() or ch == "_":
                self._ident()
            elif ch.isdigit():
                self._number()
            else:
                self._emit(Kind.PUNCT, ch, 1)
        return self.tokens

    def _advance(self, n: int) -> None:
        self.line += self.src.count("\n", self.pos, self.pos + n)
        self.pos += n

    def _emit(self, kind: Kind, value: str, length: int, valid: bool = True) -> None:
        self.tokens.append(Token(kind, value, self.line, valid))
        self._advance(length)

    def _block_comment(self) -> None:
        depth, i = 0, self.pos
        while i < len(self.src):
            if self.src.startswith("/*", i):
                depth, i = depth + 1, i + 2
            elif self.src.startswith("*/", i):
                depth, i = depth - 1, i + 2
                if depth == 0:
                    self._advance(i - self.pos)
                    return
            else:
                i += 1
        raise TokenizeError(f"line {self.line}: unterminated block comment")

    def _string_prefix(self) -> str | None:
        # b"", c"", r"", r#""#, br"", cr#""#: the prefix up to and including the hashes.
        for prefix in ("br", "cr", "r", "b", "c", ""):
            if not self.src.startswith(prefix, self.pos):
                continue
            i = self.pos + len(prefix)
            if prefix.endswith("r"):
                while i < len(self.src) and self.src[i] == "#":
                    i += 1
            if i < len(self.src) and self.src[i] == '"':
                return self.src[self.pos : i]
        return None

    def _string(self) -> None:
        prefix = self._string_prefix() or ""
        start = self.pos + len(prefix) + 1
        if "r" in prefix:
            closing = '"' + "#" * prefix.count("#")
            end = self.src.find(closing, start)
            if end < 0:
                raise TokenizeError(f"line {self.line}: unterminated raw string")
            self._emit(Kind.STRING, self.src[start:end], end + len(closing) - self.pos)
            return
        i = start
        while i < len(self.src) and self.src[i] != '"':
            i += 2 if self.src[i] == "\\" else 1
        if i >= len(self.src):
            raise TokenizeError(f"line {self.line}: unterminated string")
        body = self.src[start:i]
        value = unescape(body)
        self._emit(Kind.STRING, body if value is None else value, i + 1 - self.pos, valid=value is not None)

    def _quote(self) -> None:
        start = self.pos + (2 if self.src[self.pos] == "b" else 1)
        if start < len(self.src) and self.src[start] == "\\":
            end = self.src.find("'", start + 2)
            if end < 0:
                raise TokenizeError(f"line {self.line}: unterminated character literal")
            self._emit(Kind.CHAR, self.src[start:end], end + 1 - self.pos)
        elif start + 1 < len(self.src) and self.src[start + 1] == "'":
            self._emit(Kind.CHAR, self.src[start], start + 2 - self.pos)
        else:  # a lifetime or loop label: 'a, 'static
            i = start
            while i < len(self.src) and (self.src[i].isalnum() or self.src[i] == "_"):
                i += 1
            self._emit(Kind.LIFETIME, self.src[start:i], max(i - self.pos, 1))

    def _ident(self) -> None:
        start = self.pos + 2 if self.src.startswith("r#", self.pos) else self.pos
        i = start
        while i < len(self.src) and (self.src[i].isalnum() or self.src[i] == "_"):
            i += 1
        self._emit(Kind.IDENT, self.src[start:i], i - self.pos)

    def _number(self) -> None:
        i = self.pos
        while i < len(self.src) and (
            self.src[i].isalnum() or self.src[i] == "_"
            or (self.src[i] == "." and i + 1 < len(self.src) and self.src[i + 1].isdigit())
        ):
            i += 1
        self._emit(Kind.NUMBER, self.src[self.pos : i], i - self.pos)


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
