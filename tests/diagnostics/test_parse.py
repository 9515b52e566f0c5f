"""Parsing rustc's JSON diagnostics: captured fixtures for exact shapes, live rustc for the rest."""

from __future__ import annotations

import json

from sleepy.diagnostics import Applicability, Diagnostic, parse_diagnostics, unique_diagnostics
from tests.diagnostics.conftest import FIXTURES, CompileLib, fixture_diagnostics


def test_error_with_notes_and_help() -> None:
    error, summary, explain = fixture_diagnostics("e0382")
    assert (error.level, error.code) == ("error", "E0382")
    assert error.message == "use of moved value: `name`"
    assert error.is_error and not explain.is_error
    span = error.primary_span
    assert span is not None and (span.file_name, span.line_start, span.column_start) == ("src/lib.rs", 8, 21)
    assert span.label == "value used here after move"
    assert {c.level for c in error.children} == {"note", "help"}
    assert error.rendered is not None and error.rendered.startswith("error[E0382]: use of moved value: `name`")
    assert summary.message == "aborting due to 1 previous error" and summary.code is None
    assert explain.level == "failure-note"


def test_multi_span_error_keeps_every_span_and_marks_the_primary() -> None:
    error = fixture_diagnostics("e0502")[0]
    assert error.code == "E0502"
    assert len(error.spans) == 3
    assert [s.is_primary for s in error.spans].count(True) == 1
    labels = {s.label for s in error.spans}
    assert "mutable borrow occurs here" in labels and "immutable borrow occurs here" in labels
    primary = error.primary_span
    assert primary is not None and primary.line_start == 4


def test_warnings_are_not_errors_and_carry_lint_codes() -> None:
    unused, dead, summary = fixture_diagnostics("warnings")
    assert (unused.level, unused.code, unused.is_error) == ("warning", "unused_variables", False)
    assert dead.code == "dead_code" and dead.message == "function `never_called` is never used"
    assert summary.message == "2 warnings emitted"
    note = unused.children[0]
    assert note.level == "note" and note.spans == () and note.rendered is None


def test_suggestions_carry_bytes_replacement_and_applicability() -> None:
    error = fixture_diagnostics("missing_mut")[0]
    (suggestion,) = error.suggestions
    assert suggestion.applicability is Applicability.MACHINE_APPLICABLE
    (edit,) = suggestion.edits
    source = (FIXTURES / "missing_mut.rs").read_bytes()
    assert edit.replacement == "mut "
    assert edit.byte_start == edit.byte_end == source.index(b"v = Vec")


def test_raw_line_is_kept_but_not_compared() -> None:
    line = (FIXTURES / "missing_mut.jsonl").read_text().splitlines()[0]
    (diag,) = parse_diagnostics(line)
    assert json.loads(diag.raw)["message"] == diag.message
    assert diag == Diagnostic(diag.level, diag.message, diag.code, diag.spans, diag.children, diag.rendered)


def test_non_diagnostic_and_broken_lines_are_skipped() -> None:
    text = "\n".join([
        "warning: plain text from somewhere",
        '{"$message_type":"artifact","artifact":"out/libkoan.rmeta","emit":"metadata"}',
        '{"$message_type":"diagnostic","message":"boom","code":null,"level":"error","spans":[],'
        '"children":[],"rendered":"error: boom\\n"}',
        '{"$message_type":"diagnostic","message":"cut off',
    ])
    (diag,) = parse_diagnostics(text)
    assert (diag.message, diag.level, diag.primary_span, diag.suggestions) == ("boom", "error", None, ())


def test_unknown_applicability_is_never_machine_applicable() -> None:
    line = json.dumps({
        "message": "x", "level": "error", "code": None, "children": [],
        "spans": [{"file_name": "src/lib.rs", "byte_start": 0, "byte_end": 1, "line_start": 1, "line_end": 1,
                   "column_start": 1, "column_end": 2, "is_primary": True, "suggested_replacement": "y",
                   "suggestion_applicability": "SomethingNew"}],
    })
    (diag,) = parse_diagnostics(line)
    assert diag.suggestions[0].applicability is Applicability.UNSPECIFIED


def test_unique_diagnostics_drops_the_second_targets_repeats() -> None:
    diags = fixture_diagnostics("warnings")
    assert unique_diagnostics(diags + diags) == diags


def test_live_rustc_multi_error_file(compile_lib: CompileLib) -> None:
    diags = compile_lib(
        "pub fn a() -> i32 { \"no\" }\n"
        "pub fn b() { let x = 1; }\n"
        "pub fn c(v: &Vec<i32>) -> i32 { v.push(1); 0 }\n"
    )
    errors = [d for d in diags if d.is_error and d.spans]
    assert [d.code for d in errors] == ["E0308", "E0596"]
    assert any(d.code == "unused_variables" and d.level == "warning" for d in diags)
    lines = [d.primary_span.line_start for d in errors if d.primary_span is not None]
    assert lines == [1, 3]
