"""Apply rustc's MachineApplicable suggestions to a file, the way ``cargo fix`` (rustfix) does.

`apply_suggestions` can also take MaybeIncorrect ones (``cargo fix`` applies only MachineApplicable
ones; the `rustfix` baseline offers the others as an option, to measure how far rustc's guesses go).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from sleepy.diagnostics.model import Applicability, Diagnostic, Edit

MACHINE_APPLICABLE_ONLY = frozenset({Applicability.MACHINE_APPLICABLE})
WITH_MAYBE_INCORRECT = frozenset({Applicability.MACHINE_APPLICABLE, Applicability.MAYBE_INCORRECT})


def apply_machine_applicable(
    source_text: str, diagnostics: Iterable[Diagnostic], file_name: str = "src/lib.rs"
) -> str | None:
    """Apply every MachineApplicable suggestion for ``file_name``; None when there is none to apply."""
    return apply_suggestions(source_text, diagnostics, file_name)


def apply_suggestions(
    source_text: str, diagnostics: Iterable[Diagnostic], file_name: str = "src/lib.rs",
    accept: Collection[Applicability] = MACHINE_APPLICABLE_ONLY,
) -> str | None:
    """Apply every suggestion for ``file_name`` whose applicability is in ``accept``; None when there is none.

    Suggestions are taken in rustc's order; one that overlaps an already accepted one is skipped
    whole (its edits belong together). Edits go in last-to-first by byte offset so earlier offsets
    stay valid, and offsets are bytes of the UTF-8 text, as rustc counts them.
    """
    data = source_text.encode("utf-8")
    accepted: list[Edit] = []
    for diag in diagnostics:
        for suggestion in diag.suggestions:
            if suggestion.applicability not in accept:
                continue
            edits = [e for e in suggestion.edits if e.file_name == file_name]
            if not edits or not all(_fits(e, len(data)) for e in edits):
                continue
            if all(e in accepted for e in edits):
                continue  # the lib and test targets report the same fix twice
            if any(_overlaps(e, a) for e in edits for a in accepted):
                continue
            accepted.extend(edits)
    if not accepted:
        return None
    for edit in sorted(accepted, key=lambda e: (e.byte_start, e.byte_end), reverse=True):
        data = data[: edit.byte_start] + edit.replacement.encode("utf-8") + data[edit.byte_end :]
    return data.decode("utf-8")


def _fits(edit: Edit, size: int) -> bool:
    return 0 <= edit.byte_start <= edit.byte_end <= size


def _overlaps(a: Edit, b: Edit) -> bool:
    # Two insertions at one point would apply in an arbitrary order, so they conflict too.
    return (a.byte_start < b.byte_end and b.byte_start < a.byte_end) or a.byte_start == b.byte_start
