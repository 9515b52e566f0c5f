"""Records for rustc's JSON diagnostics (``--error-format=json``), close to rustc's own shape."""

from __future__ import annotations

import enum

from attrs import field, frozen


class Applicability(enum.StrEnum):
    """How sure rustc is that a suggestion is right; only MachineApplicable may be applied unseen."""

    MACHINE_APPLICABLE = "MachineApplicable"
    MAYBE_INCORRECT = "MaybeIncorrect"
    HAS_PLACEHOLDERS = "HasPlaceholders"
    UNSPECIFIED = "Unspecified"


@frozen
class Span:
    """A region of a source file that a diagnostic points at; lines and columns are 1-based."""

    file_name: str
    byte_start: int
    byte_end: int
    line_start: int
    line_end: int
    column_start: int
    column_end: int
    is_primary: bool = False
    label: str | None = None
    suggested_replacement: str | None = None
    suggestion_applicability: Applicability | None = None


@frozen
class Edit:
    """Replace the bytes ``[byte_start, byte_end)`` of one file by ``replacement``."""

    file_name: str
    byte_start: int
    byte_end: int
    replacement: str


@frozen
class Suggestion:
    """One fix rustc proposes; its edits belong together and are applied all or none."""

    message: str
    applicability: Applicability
    edits: tuple[Edit, ...]


@frozen
class Diagnostic:
    """One rustc message (error, warning, note, help...) with its spans and nested children."""

    level: str
    message: str
    code: str | None = None
    spans: tuple[Span, ...] = ()
    children: tuple[Diagnostic, ...] = ()
    rendered: str | None = None
    # The JSON line as rustc wrote it, kept for the episode store; not part of equality.
    raw: str = field(default="", eq=False, repr=False)

    @property
    def is_error(self) -> bool:
        """True for ``error`` and internal compiler errors; warnings denied by -D are errors too."""
        return self.level.startswith("error")

    @property
    def primary_span(self) -> Span | None:
        """The span rustc marks primary, or the first span, or None for span-less messages."""
        for span in self.spans:
            if span.is_primary:
                return span
        return self.spans[0] if self.spans else None

    @property
    def suggestions(self) -> tuple[Suggestion, ...]:
        """Every suggestion carried by this message or its children, in rustc's order."""
        found: list[Suggestion] = []
        for node in (self, *self.children):
            suggestion = _suggestion_of(node)
            if suggestion is not None:
                found.append(suggestion)
        return tuple(found)


# Least to most confident, so that min() picks the weakest part of a multi-part fix.
_CONFIDENCE = (
    Applicability.UNSPECIFIED,
    Applicability.HAS_PLACEHOLDERS,
    Applicability.MAYBE_INCORRECT,
    Applicability.MACHINE_APPLICABLE,
)


def _suggestion_of(node: Diagnostic) -> Suggestion | None:
    # rustc puts a multi-part fix in one child with several replacement spans, so one node
    # makes one suggestion; its applicability is the weakest of its spans'.
    spans = [s for s in node.spans if s.suggested_replacement is not None]
    if not spans:
        return None
    applicability = min(
        (s.suggestion_applicability or Applicability.UNSPECIFIED for s in spans), key=_CONFIDENCE.index
    )
    edits = tuple(Edit(s.file_name, s.byte_start, s.byte_end, s.suggested_replacement or "") for s in spans)
    return Suggestion(node.message, applicability, edits)
