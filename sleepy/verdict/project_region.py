"""A crate task's candidate may differ from the buggy file only inside its editable lines (the mutated function).

The lines before and after the region must be identical; the region itself may grow or shrink.
The cheat policy then compares the candidate's region with the buggy one.
"""

from __future__ import annotations

from attrs import frozen

from sleepy.sandbox.rust_tokens import Kind, TokenizeError, tokenize
from sleepy.verdict.cheats import added_construct

# Every name the verdict adds to a project starts with this (`__sleepy_proof`, its guard binding).
VERDICT_PREFIX = "__sleepy"


@frozen
class Region:
    """The editable lines of a file: the text before, inside and after them."""

    before: str
    inside: str
    after: str


def split_region(text: str, span: tuple[int, int], after_lines: int | None = None) -> Region:
    """``text`` cut at the 1-based inclusive line ``span``; ``after_lines`` counts the lines kept after it."""
    lines = text.splitlines(keepends=True)
    first, last = span
    tail = len(lines) - last if after_lines is None else after_lines
    end = max(first - 1, len(lines) - tail)
    return Region("".join(lines[: first - 1]), "".join(lines[first - 1 : end]), "".join(lines[end:]))


def outside_change(path: str, buggy: str, candidate: str, span: tuple[int, int]) -> str | None:
    """Why ``candidate`` changes ``buggy`` outside the editable ``span``, or None when it does not."""
    old = buggy.splitlines(keepends=True)
    new = candidate.splitlines(keepends=True)
    first, last = span
    where = f"the editable lines {first}-{last}"
    for k in range(min(first - 1, len(old))):
        if k >= len(new) or new[k] != old[k]:
            return f"{path}: line {k + 1} is before {where} and differs from the task's file"
    tail = len(old) - last
    if len(new) < (first - 1) + tail:
        return f"{path}: the lines after {where} were removed"
    for k in range(1, tail + 1):
        if new[-k] != old[-k]:
            return f"{path}: line {len(new) - k + 1} is after {where} and differs from the task's file"
    return None


def region_cheat(buggy_region: str, candidate_region: str, first_line: int = 1) -> str | None:
    """Why the candidate's editable lines are refused, or None: the koan policy, macros, the proof's names.

    ``first_line`` is the region's first line in its file, so that a refusal names the file's line.
    """
    padding = "\n" * (first_line - 1)
    buggy_region, candidate_region = padding + buggy_region, padding + candidate_region
    reason = added_construct(buggy_region, candidate_region)
    if reason is not None:
        return reason.replace("before the test module", "in the editable lines")
    try:
        old, new = tokenize(buggy_region), tokenize(candidate_region)
    except TokenizeError as exc:
        return f"the editable lines do not lex ({exc})"
    # `#[macro_export] macro_rules! assert_eq` in a function body replaces std's in any test that
    # imports the crate's macros; a fix has no need to define a macro the function did not.
    defined = sum(1 for t in old if t.kind is Kind.IDENT and t.value == "macro_rules")
    for tok in new:
        if tok.kind is Kind.IDENT and tok.value == "macro_rules":
            defined -= 1
            if defined < 0:
                return f"line {tok.line}: `macro_rules!` is not allowed in a fix (the function defines no macro)"
        if tok.kind is Kind.IDENT and tok.value.startswith(VERDICT_PREFIX):
            return f"line {tok.line}: `{tok.value}` names the verdict's own code"
    return None
