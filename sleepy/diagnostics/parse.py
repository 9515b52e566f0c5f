"""Turn rustc / clippy-driver ``--error-format=json`` output into Diagnostic records."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from sleepy.diagnostics.model import Applicability, Diagnostic, Span


def parse_diagnostics(output: str) -> tuple[Diagnostic, ...]:
    """Parse every diagnostic line of rustc's JSON stderr; other lines (artifacts, noise) are skipped."""
    found: list[Diagnostic] = []
    for line in output.splitlines():
        line = line.strip()
        if not line.startswith("{"):
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            # A truncated last line or a stray non-JSON message; the rest is still usable.
            continue
        if isinstance(obj, dict) and obj.get("$message_type", "diagnostic") == "diagnostic" and "level" in obj:
            found.append(diagnostic_from_json(obj, raw=line))
    return tuple(found)


def diagnostic_from_json(obj: Mapping[str, Any], raw: str = "") -> Diagnostic:
    """Build one Diagnostic from a decoded rustc JSON object."""
    code = obj.get("code")
    if isinstance(code, Mapping):  # rustc nests it: {"code": "E0308", "explanation": ...}
        code = code.get("code")
    return Diagnostic(
        level=str(obj.get("level", "")),
        message=str(obj.get("message", "")),
        # A plain string: what the episode store wrote for a diagnostic without rustc's JSON line.
        code=str(code) if code else None,
        spans=tuple(_span(s) for s in _list(obj.get("spans"))),
        children=tuple(diagnostic_from_json(c) for c in _list(obj.get("children"))),
        rendered=obj.get("rendered") if isinstance(obj.get("rendered"), str) else None,
        raw=raw,
    )


def diagnostic_to_json(diagnostic: Diagnostic) -> dict[str, Any]:
    """The rustc JSON object of a Diagnostic built without one (what `diagnostic_from_json` reads back)."""
    return {
        "level": diagnostic.level,
        "message": diagnostic.message,
        "code": {"code": diagnostic.code} if diagnostic.code else None,
        "spans": [attrs.asdict(span) for span in diagnostic.spans],  # rustc's field names; Applicability is a str
        "children": [diagnostic_to_json(child) for child in diagnostic.children],
        "rendered": diagnostic.rendered,
    }


def diagnostics_json(diagnostics: Iterable[Diagnostic]) -> str:
    """A JSON array of diagnostics in rustc's shape: each one's own JSON line when rustc wrote it (kept
    whole, never parsed again), else built from the record."""
    return "[" + ",".join(d.raw or json.dumps(diagnostic_to_json(d), sort_keys=True) for d in diagnostics) + "]"


def unique_diagnostics(diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    """Drop repeats, keeping first occurrences: lib and test targets report shared code twice."""
    seen: set[tuple[str, str, str | None]] = set()
    kept: list[Diagnostic] = []
    for diag in diagnostics:
        key = (diag.level, diag.message, diag.rendered)
        if key not in seen:
            seen.add(key)
            kept.append(diag)
    return tuple(kept)


def _span(obj: Mapping[str, Any]) -> Span:
    applicability = obj.get("suggestion_applicability")
    return Span(
        file_name=str(obj.get("file_name", "")),
        byte_start=int(obj.get("byte_start", 0)),
        byte_end=int(obj.get("byte_end", 0)),
        line_start=int(obj.get("line_start", 0)),
        line_end=int(obj.get("line_end", 0)),
        column_start=int(obj.get("column_start", 0)),
        column_end=int(obj.get("column_end", 0)),
        is_primary=bool(obj.get("is_primary", False)),
        label=obj.get("label") if isinstance(obj.get("label"), str) else None,
        suggested_replacement=(
            obj["suggested_replacement"] if isinstance(obj.get("suggested_replacement"), str) else None
        ),
        suggestion_applicability=_applicability(applicability),
    )


def _applicability(value: object) -> Applicability | None:
    if not isinstance(value, str):
        return None
    try:
        return Applicability(value)
    except ValueError:
        # A newer rustc may add a kind; treating it as unspecified keeps it from being auto-applied.
        return Applicability.UNSPECIFIED


def _list(value: object) -> list[Mapping[str, Any]]:
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []
