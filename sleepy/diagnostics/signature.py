"""Error signatures: the same mistake gives the same signature, whatever the names and values."""

from __future__ import annotations

import re
from collections.abc import Iterable

from attrs import frozen

from sleepy.diagnostics.model import Diagnostic
from sleepy.diagnostics.shape import debug_shape

TEST_FAILURE = "test_failure"
NAME = "{}"
NUMBER = "{n}"

# Digits inside words (u8, E0382, x1) are names, not values, hence the look-arounds.
_NUMBER_RE = re.compile(r"(?<![\w.])-?(?:0x[0-9a-fA-F_]+|\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?)(?![\w])")
# A char literal inside backticks may itself be a backtick: `'['..='`'` (rustc's E0004 ranges).
# An absolute path names the sandbox's fresh temporary directory, different on every run.
_PATH_RE = re.compile(r"(?<![\w./-])/(?:[\w.+-]+/)+[\w.+-]*")
_BACKTICKED_RE = re.compile(r"`(?:'(?:[^'\\\n]|\\[^'\n]{1,10})'|[^`\n])*`")
# rustc lists names ("patterns `A`, `B` and `C` not covered", "`A`, `B` and 2 more"): the same
# mistake with one more missing arm or field is still the same mistake, so a list is one name.
_NAME_LIST_RE = re.compile(r"`\{\}`(?:(?:, | and )`\{\}`)*(?: and \{n\} more)?")
_DOUBLE_QUOTED_RE = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_CHAR_RE = re.compile(r"'(?:[^'\\\n]|\\[^\n]{1,10})'")
# assert_eq!/assert_ne! end their message with the two Debug values, one line each; before Rust 1.73
# they were backticked with a trailing comma ("  left: `1`,").
_LEFT_RIGHT_RE = re.compile(r"\n *left: ([^\n]*)\n *right: ([^\n]*)\s*$")
# Backticked phrases in std's own panic messages: they are the template, not a value.
_STD_PANIC_PHRASES = frozenset({
    "left == right", "left != right", "left matches right", "(left == right)", "(left != right)",
    "Option::unwrap()", "Option::expect()", "Result::unwrap()", "Result::expect()",
    "Result::unwrap_err()", "Result::expect_err()", "None", "Some", "Err", "Ok",
})
_MAX_TEMPLATE_CHARS = 200


@frozen
class ErrorSignature:
    """A name-independent key for a mistake: a code (``E0382``, ``clippy::len_zero``, ``test_failure``,
    ``timeout``...) and a message template with names as ``{}`` and numbers as ``{n}``."""

    code: str
    template: str

    def __str__(self) -> str:
        return f"{self.code}: {self.template}"

    @classmethod
    def parse(cls, text: str) -> ErrorSignature:
        """Read back a signature from its ``str()`` form."""
        code, sep, template = text.partition(": ")
        return cls(code, template) if sep else cls(text, "")


def rustc_template(message: str) -> str:
    """Template of a compiler message: backticked names, types, lifetimes and paths -> ``{}``."""
    templated = _replace_numbers_outside_backticks(_BACKTICKED_RE.sub(f"`{NAME}`", _first_line(message)))
    return _cap(_NAME_LIST_RE.sub(f"`{NAME}`", templated))


def panic_template(message: str) -> str:
    """Template of a panic message: quoted values -> ``{}``, numbers -> ``{n}``; std's phrases kept.

    An ``assert_eq!``/``assert_ne!`` message also gets the shapes of its left and right values
    (``assertion `left == right` failed (left: None, right: Some("{}"))``): the first line alone
    is the same for every such failure.
    """
    line = _first_line(message)
    line = _DOUBLE_QUOTED_RE.sub(f'"{NAME}"', line)
    line = _CHAR_RE.sub(f"'{NAME}'", line)
    line = _BACKTICKED_RE.sub(_keep_std_phrase, line)
    line = _replace_numbers_outside_backticks(line)
    sides = _LEFT_RIGHT_RE.search(message)
    if sides is not None:
        left, right = (_debug_value(side) for side in sides.groups())
        line += f" (left: {debug_shape(left)}, right: {debug_shape(right)})"
    return _cap(line)


def primary_error(diagnostics: Iterable[Diagnostic]) -> Diagnostic | None:
    """The error a fix should address first: the first error with a code, else the first error."""
    errors = [d for d in diagnostics if d.is_error and not _is_summary(d)]
    return next((d for d in errors if d.code), errors[0] if errors else None)


def signature_from_diagnostics(diagnostics: Iterable[Diagnostic]) -> ErrorSignature | None:
    """Signature of the primary error, or None when the compiler reported no error."""
    diag = primary_error(diagnostics)
    if diag is None:
        return None
    return ErrorSignature(diag.code or "error", rustc_template(diag.message))


def signature_from_panic(message: str, test: str | None = None) -> ErrorSignature:
    """Signature of a failing test from its panic message (code ``test_failure``), named after the
    test when known: ``test_failure: tests::adds: assertion `left == right` failed (left: {n}, right: {n})``."""
    return ErrorSignature(TEST_FAILURE, named_template(test, panic_template(message)))


def named_template(test: str | None, template: str) -> str:
    """``template`` prefixed with the test it happened in, so failures of different tests differ."""
    return _cap(f"{test}: {template}") if test else template


def _is_summary(diag: Diagnostic) -> bool:
    # "aborting due to 2 previous errors" is level error but only counts the real ones.
    return not diag.spans and diag.message.startswith("aborting due to")


def _keep_std_phrase(match: re.Match[str]) -> str:
    inner = match.group(0)[1:-1]
    return match.group(0) if inner in _STD_PANIC_PHRASES else f"`{NAME}`"


def _replace_numbers_outside_backticks(text: str) -> str:
    # Split keeps backticked parts at odd indexes; numbers inside them are part of a kept phrase.
    parts = re.split(f"({_BACKTICKED_RE.pattern})", text)
    return "".join(p if i % 2 else _NUMBER_RE.sub(NUMBER, _PATH_RE.sub(NAME, p)) for i, p in enumerate(parts))


def _debug_value(side: str) -> str:
    side = side.strip()
    if side.endswith(","):
        side = side[:-1]
    return side[1:-1] if len(side) >= 2 and side[0] == side[-1] == "`" else side


def _first_line(text: str) -> str:
    stripped = text.strip()
    return stripped.splitlines()[0].strip() if stripped else ""


def _cap(text: str) -> str:
    return text if len(text) <= _MAX_TEMPLATE_CHARS else text[: _MAX_TEMPLATE_CHARS - 3] + "..."
