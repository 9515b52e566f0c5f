"""Constructs a fix never needs, refused when the candidate adds them to the task's code.

Each one could make the tests see something other than the code that ships (cfg(test) twins,
crate attributes), change what a test compares (a prelude name or `==` redefined), or reach the
completion proof's secret (unsafe code, foreign functions, the file system, other processes).
A construct the task's own code already has stays allowed, as often as it has it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from attrs import frozen

from sleepy.sandbox.rust_tokens import Kind, Token, TokenizeError, tokenize
from sleepy.sandbox.rust_tokens import is_token as _is

_CFG_NAMES = frozenset({"cfg", "cfg_attr"})
_CFG_SWITCHES = frozenset({"test", "debug_assertions"})  # what differs between the tests and real use
_LINK_ATTRIBUTES = frozenset({
    "no_mangle", "export_name", "link_section", "link", "link_name", "used", "global_allocator",
    "panic_handler", "naked", "linkage", "instruction_set",
})
_FORBIDDEN_MACROS = frozenset({
    "asm", "global_asm", "naked_asm", "include", "include_str", "include_bytes", "env", "option_env",
})
_STD_ROOTS = frozenset({"std", "core", "alloc"})
_HOST_MODULES = frozenset({"fs", "os", "net", "arch"})
_PROCESS_CALLS = frozenset({"exit", "abort"})  # ending the process is the completion proof's to catch
_COMPARISON_TRAITS = frozenset({"PartialEq", "PartialOrd"})
# Names a test resolves through std's prelude; a candidate item of that name would win over it
# in the test module's `use super::*`.
PRELUDE_NAMES = frozenset({
    "Some", "None", "Ok", "Err", "Option", "Result", "Vec", "String", "Box", "ToString", "ToOwned",
    "Into", "From", "TryFrom", "TryInto", "Iterator", "IntoIterator", "PartialEq", "Eq", "PartialOrd",
    "Ord", "Clone", "Copy", "Default", "Drop", "Fn", "FnMut", "FnOnce", "Send", "Sync", "Sized", "AsRef",
    "AsMut", "Extend", "DoubleEndedIterator", "ExactSizeIterator", "drop",
})
_ITEM_KEYWORDS = frozenset({"fn", "struct", "enum", "type", "const", "static", "trait", "union", "mod"})
_OPEN = {"(": ")", "[": "]", "{": "}"}


@frozen
class Construct:
    """One occurrence of a refused kind of construct."""

    kind: str  # what the refusal names, e.g. "`unsafe`"
    line: int


def added_construct(original_code: str, candidate_code: str) -> str | None:
    """Why the candidate's code (the part before the test module) is refused, or None."""
    if candidate_code == original_code:
        # Nothing added: the task as written (a syntax-error koan's unclosed `{` too) goes to the compiler.
        return None
    try:
        candidate_tokens = tokenize(candidate_code)
    except TokenizeError as exc:
        return f"the code before the test module does not lex ({exc})"
    unbalanced = _unbalanced(candidate_tokens)
    if unbalanced is not None:
        return unbalanced
    try:
        allowed = Counter(c.kind for c in constructs(tokenize(original_code)))
    except TokenizeError:
        allowed = Counter()
    seen: Counter[str] = Counter()
    for construct in constructs(candidate_tokens):
        seen[construct.kind] += 1
        if seen[construct.kind] > allowed[construct.kind]:
            return f"line {construct.line}: {construct.kind} is not allowed in a fix (the task's code has none)"
    return None


def constructs(tokens: list[Token]) -> Iterator[Construct]:
    """Every refusable construct in ``tokens``, in order."""
    at_module_level = _module_level(tokens)
    for i, tok in enumerate(tokens):
        if tok.kind is Kind.PUNCT and tok.value == "#":
            yield from _attribute(tokens, i)
        elif tok.kind is Kind.IDENT:
            yield from _word(tokens, i, at_module_level[i])
    yield from _paths(tokens)


def _module_level(tokens: list[Token]) -> list[bool]:
    """Per token: is it outside every block but `mod` blocks (where an item is visible to the tests)?"""
    stack: list[bool] = []  # one per open `{`: is it a `mod NAME {`
    out = []
    for i, tok in enumerate(tokens):
        out.append(all(stack))
        if tok.kind is Kind.PUNCT and tok.value == "{":
            stack.append(_is(tokens, i - 1, Kind.IDENT) and _is(tokens, i - 2, Kind.IDENT, "mod"))
        elif tok.kind is Kind.PUNCT and tok.value == "}" and stack:
            stack.pop()
    return out


def _attribute(tokens: list[Token], i: int) -> Iterator[Construct]:
    inner = _is(tokens, i + 1, Kind.PUNCT, "!")
    opening = i + 2 if inner else i + 1
    if not _is(tokens, opening, Kind.PUNCT, "["):
        return
    closing = _close(tokens, opening)
    body = tokens[opening + 1 : closing]
    if inner:
        text = " ".join(t.value for t in body)
        yield Construct(f"the crate attribute `#![{text}]`", tokens[i].line)
    names = {t.value for t in body if t.kind is Kind.IDENT}
    for name in sorted(names & _LINK_ATTRIBUTES):
        yield Construct(f"the attribute `#[{name}]`", tokens[i].line)


def _word(tokens: list[Token], i: int, module_level: bool) -> Iterator[Construct]:
    tok = tokens[i]
    word, line = tok.value, tok.line
    if (word in _CFG_NAMES and _is(tokens, i + 1, Kind.PUNCT, "(")) or (
        word == "cfg" and _is(tokens, i + 1, Kind.PUNCT, "!") and _is(tokens, i + 2, Kind.PUNCT, "(")
    ):
        opening = i + 1 if _is(tokens, i + 1, Kind.PUNCT, "(") else i + 2
        group = tokens[opening : _close(tokens, opening)]
        if any(t.kind is Kind.IDENT and t.value in _CFG_SWITCHES for t in group):
            yield Construct("`cfg(test)` / `cfg(debug_assertions)` (code that only the tests would see)", line)
    elif word == "unsafe":
        yield Construct("`unsafe`", line)
    elif word == "extern":
        if _is(tokens, i + 1, Kind.IDENT, "crate"):
            yield Construct("`extern crate`", line)
        elif _is(tokens, i + 1, Kind.STRING) or _is(tokens, i + 1, Kind.PUNCT, "{"):
            yield Construct("foreign code (`extern` blocks or ABIs)", line)
    elif word in _FORBIDDEN_MACROS and _is(tokens, i + 1, Kind.PUNCT, "!") and not _is(tokens, i - 1, Kind.PUNCT, "."):
        yield Construct(f"`{word}!`", line)
    elif word == "impl":
        trait = _implemented_trait(tokens, i)
        if trait in _COMPARISON_TRAITS:
            yield Construct(f"a hand-written `impl {trait}` (derive it instead)", line)
    elif word in _ITEM_KEYWORDS and module_level and _is(tokens, i + 1, Kind.IDENT) \
            and tokens[i + 1].value in PRELUDE_NAMES:
        yield Construct(f"an item named `{tokens[i + 1].value}` (it would hide std's)", line)
    elif word == "as" and _is(tokens, i + 1, Kind.IDENT) and tokens[i + 1].value in PRELUDE_NAMES:
        yield Construct(f"an import renamed to `{tokens[i + 1].value}` (it would hide std's)", line)


def _paths(tokens: list[Token]) -> Iterator[Construct]:
    """Paths into std's host-facing modules, also through `use` groups, aliases and globs."""
    i = 0
    while i < len(tokens):
        if _is(tokens, i, Kind.IDENT, "use"):
            end = next((j for j in range(i + 1, len(tokens)) if _is(tokens, j, Kind.PUNCT, ";")), len(tokens))
            for path in _use_paths(tokens[i + 1 : end]):
                yield from _std_path(path, tokens[i].line, in_use=True)
            i = end + 1
            continue
        mid_path = _is(tokens, i - 1, Kind.PUNCT, ":") and _is(tokens, i - 2, Kind.PUNCT, ":") and (
            _is(tokens, i - 3, Kind.IDENT) or _is(tokens, i - 3, Kind.PUNCT, ">"))
        if tokens[i].kind is Kind.IDENT and not mid_path:
            path, j = [tokens[i].value], i
            while _is(tokens, j + 1, Kind.PUNCT, ":") and _is(tokens, j + 2, Kind.PUNCT, ":") \
                    and _is(tokens, j + 3, Kind.IDENT):
                path.append(tokens[j + 3].value)
                j += 3
            yield from _std_path(path, tokens[i].line, in_use=False)
            i = j + 1
            continue
        i += 1


def _std_path(path: list[str], line: int, *, in_use: bool) -> Iterator[Construct]:
    if path[0] not in _STD_ROOTS:
        return
    if len(path) == 1 or path[1] in ("*", "self") or path[1].startswith("as "):
        if in_use:
            yield Construct(f"importing `{path[0]}` itself (an alias or glob reaches any module)", line)
        return
    if path[1] in _HOST_MODULES:
        yield Construct(f"`{path[0]}::{path[1]}`", line)
    elif path[1] == "process" and (len(path) < 3 or path[2] not in _PROCESS_CALLS):
        yield Construct(f"`{path[0]}::process` beyond `exit` and `abort` (other programs)", line)


def _implemented_trait(tokens: list[Token], impl: int) -> str | None:
    """The trait's last name in `impl<...> Trait<...> for Type`; None for an inherent impl."""
    k = impl + 1
    if _is(tokens, k, Kind.PUNCT, "<"):  # skip the impl's own generic parameters
        depth = 0
        while k < len(tokens):
            depth += {"<": 1, ">": -1}.get(tokens[k].value, 0) if tokens[k].kind is Kind.PUNCT else 0
            k += 1
            if depth == 0:
                break
    last, depth = None, 0
    while k < len(tokens) and not _is(tokens, k, Kind.PUNCT, "{", ";"):
        tok = tokens[k]
        if tok.kind is Kind.PUNCT and tok.value in "<>":
            depth += 1 if tok.value == "<" else -1
        elif tok.kind is Kind.IDENT and tok.value == "for" and depth == 0:
            return last
        elif tok.kind is Kind.IDENT and depth == 0:
            last = tok.value
        k += 1
    return None


def _use_paths(tokens: list[Token]) -> list[list[str]]:
    """Flatten a use tree (`std::{fs, process::{self, Command as C}}`) into full paths."""
    paths: list[list[str]] = []

    def walk(k: int, prefix: list[str]) -> int:
        segments = list(prefix)
        while k < len(tokens):
            tok = tokens[k]
            if tok.kind is Kind.IDENT and tok.value == "as" and _is(tokens, k + 1, Kind.IDENT):
                segments.append(f"as {tokens[k + 1].value}")
                k += 2
            elif tok.kind is Kind.IDENT:
                segments.append(tok.value)
                k += 1
            elif tok.value == "*":
                segments.append("*")
                k += 1
            elif tok.value == "{":
                k += 1
                while k < len(tokens) and tokens[k].value != "}":
                    k = walk(k, segments)
                    if k < len(tokens) and tokens[k].value == ",":
                        k += 1
                return k + 1
            elif tok.value in (",", "}"):
                break
            else:  # `::`
                k += 1
        if segments != prefix:
            paths.append(segments)
        return k

    k = 0
    while k < len(tokens):
        k = walk(k, [])
        if k < len(tokens) and tokens[k].value in (",", "}"):
            k += 1
    return paths


def _unbalanced(tokens: list[Token]) -> str | None:
    stack: list[Token] = []
    for tok in tokens:
        if tok.kind is not Kind.PUNCT:
            continue
        if tok.value in _OPEN:
            stack.append(tok)
        elif tok.value in _OPEN.values():
            if not stack or _OPEN[stack[-1].value] != tok.value:
                return f"line {tok.line}: unmatched `{tok.value}` before the test module"
            stack.pop()
    if stack:
        return f"line {stack[-1].line}: `{stack[-1].value}` is not closed before the test module"
    return None


def _close(tokens: list[Token], opening: int) -> int:
    depth = 0
    for j in range(opening, len(tokens)):
        if tokens[j].kind is Kind.PUNCT and tokens[j].value in _OPEN:
            depth += 1
        elif tokens[j].kind is Kind.PUNCT and tokens[j].value in _OPEN.values():
            depth -= 1
            if depth == 0:
                return j
    return len(tokens)

