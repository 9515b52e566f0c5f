"""For tasks without tests (`check = "compile"`): a fix changes a few lines and keeps every line of code.

Compiling proves little on its own: deleting or commenting out the broken code compiles too. So the
change is measured on code lines (comments and blank lines dropped, as rustc's lexer sees them):
no line of the task's code may disappear, and at most ``max_changed_lines`` may differ.
"""

from __future__ import annotations

import difflib
from itertools import groupby

from sleepy.sandbox.rust_tokens import TokenizeError, tokenize


def code_lines(source: str) -> list[str]:
    """The source's lines of code, each as its tokens joined by spaces; comments and blanks are gone."""
    tokens = tokenize(source)
    return [" ".join(t.value for t in line) for _, line in groupby(tokens, key=lambda t: t.line)]


def budget_violation(original: str, candidate: str, max_changed_lines: int) -> str | None:
    """Why the candidate is not a small, code-keeping change of the original, or None."""
    try:
        before, after = code_lines(original), code_lines(candidate)
    except TokenizeError as exc:
        return f"the code does not lex ({exc})"
    changed = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if i2 - i1 > j2 - j1:
            gone = before[i1 + (j2 - j1)]
            return f"the change removes {i2 - i1 - (j2 - j1)} line(s) of code (`{gone[:60]}`); a fix keeps them"
        changed += max(i2 - i1, j2 - j1)
    if changed > max_changed_lines:
        return f"the change touches {changed} lines of code; this task allows at most {max_changed_lines}"
    return None
