"""Applying MachineApplicable suggestions like rustfix: real rustc output in, fixed source out."""

from __future__ import annotations

from sleepy.diagnostics import (
    WITH_MAYBE_INCORRECT,
    Applicability,
    Diagnostic,
    Span,
    apply_machine_applicable,
    apply_suggestions,
)
from tests.diagnostics.conftest import FIXTURES, CompileLib, fixture_diagnostics

MISSING_MUT = """pub fn build() -> Vec<i32> {
    let v = Vec::new();
    v.push(1);
    v
}
"""


def test_missing_mut_is_fixed_and_then_compiles(compile_lib: CompileLib) -> None:
    diags = compile_lib(MISSING_MUT)
    assert any(d.code == "E0596" for d in diags)
    fixed = apply_machine_applicable(MISSING_MUT, diags)
    assert fixed == MISSING_MUT.replace("let v", "let mut v")
    assert not [d for d in compile_lib(fixed) if d.is_error]


def test_fixture_fix_matches_file() -> None:
    source = (FIXTURES / "missing_mut.rs").read_text()
    fixed = apply_machine_applicable(source, fixture_diagnostics("missing_mut"))
    assert fixed is not None and "let mut v = Vec::new();" in fixed


def test_several_fixes_apply_last_to_first(compile_lib: CompileLib) -> None:
    source = "pub fn f() -> i32 {\n    let a = 1;\n    let b = 2;\n    3\n}\n"
    fixed = apply_machine_applicable(source, compile_lib(source))
    assert fixed == source.replace("let a", "let _a").replace("let b", "let _b")


def test_none_when_nothing_applies() -> None:
    assert apply_machine_applicable("pub fn f() {}\n", []) is None
    assert apply_machine_applicable("pub fn f() {}\n", fixture_diagnostics("e0502")) is None
    # The fix is for another file.
    assert apply_machine_applicable("x", fixture_diagnostics("missing_mut"), file_name="src/util.rs") is None


def _suggesting(start: int, end: int, replacement: str, applicability: Applicability) -> Diagnostic:
    span = Span("src/lib.rs", start, end, 1, 1, start + 1, end + 1, True, None, replacement, applicability)
    return Diagnostic("warning", "w", children=(Diagnostic("help", "h", spans=(span,)),))


def test_only_machine_applicable_and_non_overlapping_in_rustc_order() -> None:
    source = "abcdef"
    diags = [
        _suggesting(0, 2, "XY", Applicability.MACHINE_APPLICABLE),
        _suggesting(1, 3, "ZZ", Applicability.MACHINE_APPLICABLE),  # overlaps the first: skipped
        _suggesting(4, 5, "Q", Applicability.MAYBE_INCORRECT),  # not machine-applicable: skipped
        _suggesting(5, 6, "!", Applicability.MACHINE_APPLICABLE),
        _suggesting(5, 6, "!", Applicability.MACHINE_APPLICABLE),  # the same fix again: once
        _suggesting(9, 12, "?", Applicability.MACHINE_APPLICABLE),  # out of range: skipped
    ]
    assert apply_machine_applicable(source, diags) == "XYcde!"


def test_offsets_are_utf8_bytes() -> None:
    source = "é = 1"  # é is two bytes
    fix = _suggesting(3, 3, "mut ", Applicability.MACHINE_APPLICABLE)
    assert apply_machine_applicable(source, [fix]) == "é mut = 1"


def test_multi_part_suggestion_is_all_or_nothing() -> None:
    parts = (
        Span("src/lib.rs", 0, 1, 1, 1, 1, 2, True, None, "A", Applicability.MACHINE_APPLICABLE),
        Span("src/lib.rs", 2, 3, 1, 1, 3, 4, True, None, "C", Applicability.MAYBE_INCORRECT),
    )
    diag = Diagnostic("error", "e", children=(Diagnostic("help", "h", spans=parts),))
    assert diag.suggestions[0].applicability is Applicability.MAYBE_INCORRECT
    assert apply_machine_applicable("abc", [diag]) is None


def test_maybe_incorrect_suggestions_only_when_asked() -> None:
    diags = [
        _suggesting(0, 1, "A", Applicability.MACHINE_APPLICABLE),
        _suggesting(2, 3, "C", Applicability.MAYBE_INCORRECT),
        _suggesting(4, 5, "E", Applicability.HAS_PLACEHOLDERS),  # never: it holds a placeholder to fill in
    ]
    assert apply_suggestions("abcdef", diags) == "Abcdef"
    assert apply_suggestions("abcdef", diags, accept=WITH_MAYBE_INCORRECT) == "AbCdef"
    assert apply_suggestions("abcdef", diags[1:]) is None
