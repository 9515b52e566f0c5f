"""What may be handed to the sandbox at all; checked before anything is written or compiled.

The file system isolation is the real wall; these rules keep the compiler itself from reading
outside the crate (``include_str!("/etc/shadow")``, ``#[path]``) or pulling in other crates,
which matters most when the weaker ``unshare`` isolation leaves the host file system visible.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from attrs import frozen

from sleepy.sandbox.limits import KIB
from sleepy.sandbox.rust_tokens import Kind, Token, TokenizeError, tokenize

ALLOWED_EXTERN_CRATES = frozenset({"std", "core", "alloc", "test"})
MAX_FILES = 64
MAX_FILE_BYTES = 512 * KIB
REQUIRED_FILE = "src/lib.rs"

_PATH_RE = re.compile(r"src/(?:[A-Za-z0-9_][A-Za-z0-9_-]*/)*[A-Za-z0-9_][A-Za-z0-9_-]*\.rs")
_INCLUDE_MACROS = frozenset({"include", "include_str", "include_bytes"})
_OPEN = {"(": ")", "[": "]", "{": "}"}
# Used only when the tokenizer gives up: rustc will reject the file anyway, but not before the
# lexer-independent directives below could act, so their mere presence is refused.
_RAW_RED_FLAGS = re.compile(r"\bextern\s+crate\b|\binclude(?:_str|_bytes)?\b|#\s*!?\s*\[[^\]]*\bpath\s*=")


@frozen
class Violation:
    """Why a set of files was refused; ``path`` is the file at fault, empty for the set as a whole."""

    reason: str
    path: str = ""

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}" if self.path else self.reason


def check_files(files: Mapping[str, str]) -> Violation | None:
    """Return the first policy violation in ``files`` (crate-relative path -> text), or None."""
    if len(files) > MAX_FILES:
        return Violation(f"{len(files)} files supplied; at most {MAX_FILES} are allowed")
    for path in files:
        if not _PATH_RE.fullmatch(path):
            return Violation(f"only src/**/*.rs files may be supplied; refused `{path}`", path)
    if REQUIRED_FILE not in files:
        return Violation(f"{REQUIRED_FILE} is missing")
    for path, text in files.items():
        if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
            return Violation(f"file is larger than {MAX_FILE_BYTES} bytes", path)
        reason = source_violation(text)
        if reason is not None:
            return Violation(reason, path)
    return None


def source_violation(source: str) -> str | None:
    """Why this Rust source may not be compiled here, or None when it may."""
    try:
        tokens = tokenize(source)
    except TokenizeError as exc:
        if _RAW_RED_FLAGS.search(source):
            return f"source does not lex ({exc}) and mentions extern crate, include or #[path]"
        return None
    return _TokenRules(tokens).first_violation()


class _TokenRules:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        # One entry per open delimiter: (closing char, inside a macro call, inside an attribute).
        self.stack: list[tuple[str, bool, bool]] = []
        self.in_use = False

    def first_violation(self) -> str | None:
        for i, tok in enumerate(self.tokens):
            reason = self._check(i, tok)
            if reason is not None:
                return f"line {tok.line}: {reason}"
        return None

    def _at(self, i: int) -> Token | None:
        return self.tokens[i] if 0 <= i < len(self.tokens) else None

    def _is(self, i: int, kind: Kind, *values: str) -> bool:
        tok = self._at(i)
        return tok is not None and tok.kind is kind and (not values or tok.value in values)

    def _check(self, i: int, tok: Token) -> str | None:
        in_macro = any(frame[1] for frame in self.stack)
        in_attr = any(frame[2] for frame in self.stack)
        if tok.kind is Kind.PUNCT:
            return self._punct(i, tok, in_attr)
        if tok.kind is not Kind.IDENT:
            return None
        if tok.value == "use":
            self.in_use = True
        elif tok.value == "extern" and self._is(i + 1, Kind.IDENT, "crate"):
            name = self._at(i + 2)
            if name is None or name.kind is not Kind.IDENT or name.value not in ALLOWED_EXTERN_CRATES:
                shown = name.value if name is not None else ""
                return f"extern crate `{shown}` is not allowed (only {', '.join(sorted(ALLOWED_EXTERN_CRATES))})"
        elif tok.value in _INCLUDE_MACROS:
            return self._include(i, tok, in_macro)
        elif tok.value == "path" and in_attr and self._is(i + 1, Kind.PUNCT, "="):
            return "#[path] attributes are not allowed"
        return None

    def _punct(self, i: int, tok: Token, in_attr: bool) -> str | None:
        if tok.value in _OPEN:
            is_macro = self._is(i - 1, Kind.PUNCT, "!") and self._is(i - 2, Kind.IDENT)
            is_macro_rules = self._is(i - 1, Kind.IDENT) and self._is(i - 3, Kind.IDENT, "macro_rules")
            is_attr = tok.value == "[" and (
                self._is(i - 1, Kind.PUNCT, "#")
                or (self._is(i - 1, Kind.PUNCT, "!") and self._is(i - 2, Kind.PUNCT, "#"))
            )
            self.stack.append((_OPEN[tok.value], is_macro or is_macro_rules, is_attr))
        elif self.stack and tok.value == self.stack[-1][0]:
            self.stack.pop()
        elif tok.value == ";":
            self.in_use = False
        elif tok.value == "$" and in_attr:
            return "attributes built from macro variables are not allowed"
        return None

    def _include(self, i: int, tok: Token, in_macro: bool) -> str | None:
        name = tok.value
        if not self._is(i + 1, Kind.PUNCT, "!"):
            # A bare `include` is an ordinary identifier; anywhere it could name the macro
            # (a use, a macro's tokens) it could smuggle an unchecked path in.
            if name == "include" and not (in_macro or self.in_use):
                return None
            return f"`{name}` may only be invoked directly, with a literal path"
        literal = self._at(i + 3)
        opener = self._at(i + 2)
        closes = self._at(i + 4)
        if closes is not None and closes.value == ",":
            closes = self._at(i + 5)
        if (
            opener is None or opener.value not in _OPEN or literal is None
            or literal.kind is not Kind.STRING or not literal.valid
            or closes is None or closes.value != _OPEN[opener.value]
        ):
            return f"`{name}!` needs one plain string literal as its path"
        path = literal.value
        if path.startswith("/") or "\\" in path or "\0" in path or ".." in path.split("/"):
            return f"`{name}!` path `{path}` is absolute or leaves the crate"
        return None
