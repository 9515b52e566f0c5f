"""Prepare the task's own test module for a verdict: std macros by absolute path, tests that prove they ran.

Both rewrites keep every line where it was, so rustc's line numbers still point at the source the
model saw.
"""

from __future__ import annotations

from attrs import frozen

from sleepy.sandbox.rust_tokens import Kind, Token, TokenizeError, tokenize
from sleepy.sandbox.rust_tokens import is_token as _is

# std's macros a test may call; `::std::NAME!` always means std's, whatever the candidate defines.
STD_MACROS = frozenset({
    "assert", "assert_eq", "assert_ne", "debug_assert", "debug_assert_eq", "debug_assert_ne",
    "panic", "unreachable", "unimplemented", "todo", "matches", "vec", "format", "format_args",
    "print", "println", "eprint", "eprintln", "write", "writeln", "dbg", "concat", "stringify",
})
PROOF_MODULE = "__sleepy_proof"
GUARD_BINDING = "__sleepy_proof_guard"


class TestModuleError(ValueError):
    """The test module is not shaped as a verdict needs (no `mod NAME { ... }`, does not lex)."""

    __test__ = False


@frozen
class ProvedTest:
    """One `#[test]` function and what its completion proof must say."""

    __test__ = False

    index: int
    name: str  # as libtest names it: "tests::adds"
    should_panic: bool = False
    ignored: bool = False


@frozen
class InstrumentedTests:
    """The rewritten test module and the tests whose completion it proves."""

    source: str
    tests: tuple[ProvedTest, ...]


def qualify_std_macros(tests_source: str) -> str:
    """Call std's macros by absolute path (`assert_eq!` -> `::std::assert_eq!`) in the test module."""
    tokens = _tokens(tests_source)
    edits = []
    for i, tok in enumerate(tokens):
        if tok.kind is not Kind.IDENT or tok.value not in STD_MACROS:
            continue
        if not _is(tokens, i + 1, Kind.PUNCT, "!") or _is(tokens, i - 1, Kind.PUNCT, ":", "$"):
            continue
        if _is(tokens, i - 1, Kind.PUNCT, "!") and _is(tokens, i - 2, Kind.IDENT, "macro_rules"):
            continue  # the module defines a macro of that name itself
        edits.append((tok.start, tok.start, "::std::"))
    return _apply(tests_source, edits)


@frozen
class TestFunction:
    """A `#[test]` function found in a source file."""

    __test__ = False

    modules: tuple[str, ...]  # the inline `mod NAME { ... }` blocks around it, outermost first
    name: str
    body: int  # offset just after its body's `{`: where a first statement goes
    should_panic: bool = False
    ignored: bool = False


def instrument_tests(tests_source: str, proof_module: str) -> InstrumentedTests:
    """Give each `#[test]` function a completion guard and the module the `proof_module` it uses.

    The guard is the function's first statement; the proof module goes inside the test module,
    where code outside it cannot name it.
    """
    tokens = _tokens(tests_source)
    opening = _module_opening(tokens)
    module_name = tokens[opening - 1].value
    closing = _matching_close(tokens, opening)
    edits: list[tuple[int, int, str]] = []
    tests: list[ProvedTest] = []
    for index, found in enumerate(_scan_test_functions(tokens, opening + 1, closing)):
        path = "::".join(["super"] * len(found.modules)) or "self"
        edits.append((found.body, found.body, guard_statement(f"{path}::{PROOF_MODULE}", index)))
        name = "::".join([module_name, *found.modules, found.name])
        tests.append(ProvedTest(index, name, found.should_panic, found.ignored))
    edits.append((tokens[closing].start, tokens[closing].start, proof_module + " "))
    return InstrumentedTests(_apply(tests_source, edits), tuple(tests))


def test_functions(source: str) -> tuple[TestFunction, ...]:
    """Every `#[test]` function in a whole source file, with the inline modules around it."""
    tokens = _tokens(source)
    return tuple(_scan_test_functions(tokens, 0, len(tokens)))


def guard_statement(proof_path: str, index: int) -> str:
    """The statement that opens test ``index``: a guard whose `Drop` writes its line of the proof."""
    return f" let {GUARD_BINDING} = {proof_path}::Guard::enter({index});"


def insert_at(source: str, edits: list[tuple[int, str]]) -> str:
    """``source`` with each text inserted at its offset (offsets into the original source)."""
    return _apply(source, [(offset, offset, text) for offset, text in edits])


def _scan_test_functions(tokens: list[Token], start: int, end: int) -> list[TestFunction]:
    found: list[TestFunction] = []
    depth_path: list[tuple[str, int]] = []  # nested modules: (name, close index)
    i = start
    while i < end:
        while depth_path and i > depth_path[-1][1]:
            depth_path.pop()
        tok = tokens[i]
        if tok.kind is Kind.IDENT and tok.value == "mod" and _is(tokens, i + 1, Kind.IDENT) \
                and _is(tokens, i + 2, Kind.PUNCT, "{"):
            depth_path.append((tokens[i + 1].value, _matching_close(tokens, i + 2)))
            i += 3
            continue
        if _is_test_attribute(tokens, i):
            function = _test_function(tokens, i + 4, end)
            if function is not None:
                name_index, body_index, attributes = function
                found.append(TestFunction(
                    tuple(m for m, _ in depth_path), tokens[name_index].value, tokens[body_index].end,
                    "should_panic" in attributes, "ignore" in attributes,
                ))
                i = body_index + 1
                continue
        i += 1
    return found


def _tokens(source: str) -> list[Token]:
    try:
        return tokenize(source)
    except TokenizeError as exc:
        raise TestModuleError(f"the test module does not lex: {exc}") from exc


def _module_opening(tokens: list[Token]) -> int:
    for i in range(len(tokens) - 2):
        if _is(tokens, i, Kind.IDENT, "mod") and _is(tokens, i + 1, Kind.IDENT) and _is(tokens, i + 2, Kind.PUNCT, "{"):
            return i + 2
    raise TestModuleError("the test module has no `mod NAME { ... }`")


def _matching_close(tokens: list[Token], opening: int) -> int:
    depth = 0
    for i in range(opening, len(tokens)):
        if _is(tokens, i, Kind.PUNCT, "{"):
            depth += 1
        elif _is(tokens, i, Kind.PUNCT, "}"):
            depth -= 1
            if depth == 0:
                return i
    raise TestModuleError("the test module's braces do not balance")


def _is_test_attribute(tokens: list[Token], i: int) -> bool:
    return (_is(tokens, i, Kind.PUNCT, "#") and _is(tokens, i + 1, Kind.PUNCT, "[")
            and _is(tokens, i + 2, Kind.IDENT, "test") and _is(tokens, i + 3, Kind.PUNCT, "]"))


def _test_function(tokens: list[Token], i: int, limit: int) -> tuple[int, int, set[str]] | None:
    """(name index, body `{` index, attribute names) of the function after a `#[test]`."""
    attributes: set[str] = set()
    while _is(tokens, i, Kind.PUNCT, "#") and _is(tokens, i + 1, Kind.PUNCT, "["):
        depth, j = 0, i + 1
        while j < limit:
            if _is(tokens, j, Kind.PUNCT, "["):
                depth += 1
            elif _is(tokens, j, Kind.PUNCT, "]"):
                depth -= 1
                if depth == 0:
                    break
            elif tokens[j].kind is Kind.IDENT and depth == 1 and _is(tokens, j - 1, Kind.PUNCT, "["):
                attributes.add(tokens[j].value)
            j += 1
        i = j + 1
    while i < limit and not _is(tokens, i, Kind.IDENT, "fn"):
        if tokens[i].kind is not Kind.IDENT:  # only qualifiers (pub, async, ...) may stand before `fn`
            return None
        i += 1
    if not _is(tokens, i + 1, Kind.IDENT):
        return None
    for j in range(i + 2, limit):
        if _is(tokens, j, Kind.PUNCT, "{"):
            return i + 1, j, attributes
        if _is(tokens, j, Kind.PUNCT, ";"):
            return None
    return None


def _apply(source: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, text in sorted(edits, reverse=True):
        source = source[:start] + text + source[end:]
    return source
