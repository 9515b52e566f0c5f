"""Error signatures: same mistake, same signature, whatever the names and values."""

from __future__ import annotations

import pytest

from sleepy.diagnostics import (
    ErrorSignature,
    panic_template,
    primary_error,
    rustc_template,
    signature_from_diagnostics,
    signature_from_panic,
)
from tests.diagnostics.conftest import CompileLib, fixture_diagnostics

MOVED = """
pub fn run() -> usize {{
    let {name} = String::from("koan");
    let taken = {name};
    {name}.len() + taken.len()
}}
"""

BORROWED = """
pub fn run() -> i32 {{
    let mut {name} = vec![1, 2, 3];
    let first = &{name}[0];
    {name}.push({n});
    *first
}}
"""

MISMATCH = """
pub fn run() -> {ty} {{
    {value}
}}
"""

NOT_DISPLAY = """
pub struct {name};
pub fn show(x: {name}) -> String {{
    format!("{{}}", x)
}}
"""


def _signature(compile_lib: CompileLib, source: str) -> ErrorSignature:
    signature = signature_from_diagnostics(compile_lib(source))
    assert signature is not None
    return signature


def test_e0382_same_signature_for_different_names(compile_lib: CompileLib) -> None:
    first = _signature(compile_lib, MOVED.format(name="greeting"))
    second = _signature(compile_lib, MOVED.format(name="s"))
    assert first == second
    assert str(first) == "E0382: borrow of moved value: `{}`"


def test_e0502(compile_lib: CompileLib) -> None:
    first = _signature(compile_lib, BORROWED.format(name="v", n=4))
    second = _signature(compile_lib, BORROWED.format(name="numbers", n=99))
    assert first == second
    assert str(first) == "E0502: cannot borrow `{}` as mutable because it is also borrowed as immutable"


def test_e0308(compile_lib: CompileLib) -> None:
    first = _signature(compile_lib, MISMATCH.format(ty="i32", value='"seven"'))
    second = _signature(compile_lib, MISMATCH.format(ty="String", value="7u8"))
    assert first == second == ErrorSignature("E0308", "mismatched types")


def test_e0277(compile_lib: CompileLib) -> None:
    first = _signature(compile_lib, NOT_DISPLAY.format(name="Point"))
    second = _signature(compile_lib, NOT_DISPLAY.format(name="Matrix"))
    assert first == second
    assert first.code == "E0277"
    assert "`{}`" in first.template and "Point" not in first.template


def test_primary_error_prefers_coded_errors_and_skips_the_abort_summary() -> None:
    diags = fixture_diagnostics("e0382")
    assert primary_error(diags) is diags[0]
    assert primary_error(fixture_diagnostics("warnings")) is None
    assert signature_from_diagnostics(fixture_diagnostics("warnings")) is None


def test_uncoded_error_gets_code_error() -> None:
    from sleepy.diagnostics import Diagnostic

    diag = Diagnostic("error", "linker `cc` not found")
    assert signature_from_diagnostics([diag]) == ErrorSignature("error", "linker `{}` not found")


@pytest.mark.parametrize(
    ("message", "template"),
    [
        ("borrow of moved value: `s`", "borrow of moved value: `{}`"),
        ("lifetime `'a` required", "lifetime `{}` required"),
        ("this function takes 2 arguments but 1 argument was supplied",
         "this function takes {n} arguments but {n} argument was supplied"),
        ("mismatched types\nexpected `i32`", "mismatched types"),
        ("no method named `foo` found for struct `std::vec::Vec<u8>` in the current scope",
         "no method named `{}` found for struct `{}` in the current scope"),
        ("cannot find type `u8x2` in this scope", "cannot find type `{}` in this scope"),
        # A list of names is one name, however long; a backtick inside a char literal is no delimiter.
        ("non-exhaustive patterns: `Dir::N` not covered", "non-exhaustive patterns: `{}` not covered"),
        ("non-exhaustive patterns: `Dir::N` and `Dir::S` not covered", "non-exhaustive patterns: `{}` not covered"),
        ("non-exhaustive patterns: `'\\0'..='/'`, `':'..='@'`, `'['..='`'` and 2 more not covered",
         "non-exhaustive patterns: `{}` not covered"),
        ("missing fields `a`, `b` and `c` in initializer of `Foo`", "missing fields `{}` in initializer of `{}`"),
        # The sandbox's temporary directory is new on every run.
        ("compiler exited with status 1: error: couldn't read /tmp/sleepy-k3j2/src/lib.rs: No such file",
         "compiler exited with status {n}: error: couldn't read {}: No such file"),
    ],
)
def test_rustc_template(message: str, template: str) -> None:
    assert rustc_template(message) == template


@pytest.mark.parametrize(
    ("message", "template"),
    [
        ("assertion `left == right` failed\n  left: 1\n right: 2",
         "assertion `left == right` failed (left: {n}, right: {n})"),
        ("assertion `left == right` failed: sums differ for 42\n  left: 1\n right: 2",
         "assertion `left == right` failed: sums differ for {n} (left: {n}, right: {n})"),
        ('assertion `left != right` failed\n  left: Some("a")\n right: Some("a")',
         'assertion `left != right` failed (left: Some("{}"), right: Some("{}"))'),
        # Before Rust 1.73 the values were backticked, with a comma after the left one.
        ("assertion failed: `(left == right)`\n  left: `[3, 1]`,\n right: `[]`",
         "assertion failed: `(left == right)` (left: [{n}], right: [])"),
        ("index out of bounds: the len is 3 but the index is 10",
         "index out of bounds: the len is {n} but the index is {n}"),
        ("called `Option::unwrap()` on a `None` value", "called `Option::unwrap()` on a `None` value"),
        ('called `Result::unwrap()` on an `Err` value: ParseIntError { kind: InvalidDigit }',
         'called `Result::unwrap()` on an `Err` value: ParseIntError { kind: InvalidDigit }'),
        ('unknown command "jump" at step -3', 'unknown command "{}" at step {n}'),
        ("attempt to subtract with overflow", "attempt to subtract with overflow"),
        ("assertion failed: x > 3.5", "assertion failed: x > {n}"),
        ("bad char 'q' in `input_7`", "bad char '{}' in `{}`"),
        ("cannot open /tmp/sleepy-x9/data.txt for 3 / 4 of a/b", "cannot open {} for {n} / {n} of a/b"),
    ],
)
def test_panic_template(message: str, template: str) -> None:
    assert panic_template(message) == template


def test_panic_signature_is_value_independent() -> None:
    a = signature_from_panic("index out of bounds: the len is 3 but the index is 3")
    b = signature_from_panic("index out of bounds: the len is 0 but the index is 17")
    assert a == b and str(a) == "test_failure: index out of bounds: the len is {n} but the index is {n}"


def test_panic_signature_names_the_test() -> None:
    message = "assertion `left == right` failed\n  left: (Some(3), None)\n right: (Some(4), Some(3))"
    signature = signature_from_panic(message, test="tests::undo_order")
    assert str(signature) == (
        "test_failure: tests::undo_order: assertion `left == right` failed "
        "(left: (Some({n}), None), right: (Some({n}), Some({n})))"
    )
    assert signature_from_panic(message.replace("3", "8"), test="tests::undo_order") == signature
    assert signature_from_panic(message, test="tests::redo_order") != signature


def test_signature_round_trips_through_str() -> None:
    signature = ErrorSignature("E0382", "borrow of moved value: `{}`")
    assert ErrorSignature.parse(str(signature)) == signature
    assert ErrorSignature.parse("timeout") == ErrorSignature("timeout", "")
    named = signature_from_panic("assertion `left == right` failed\n  left: 1\n right: 2", test="tests::adds")
    assert ErrorSignature.parse(str(named)) == named and named.code == "test_failure"


def test_signatures_stored_before_test_names_still_read() -> None:
    # Rows written before signatures named the test keep their "code: template" form.
    old = ErrorSignature.parse("test_failure: assertion `left == right` failed")
    assert old == ErrorSignature("test_failure", "assertion `left == right` failed")


def test_templates_are_capped() -> None:
    assert len(panic_template("x" * 1000)) == 200


def test_real_test_panics_give_value_free_signatures() -> None:
    # Real libtest output, captured from a test binary the sandbox ran (tests/sandbox/fixtures).
    from pathlib import Path

    from sleepy.sandbox import parse_libtest

    captured = Path(__file__).parents[1] / "sandbox" / "fixtures" / "libtest_failures.txt"
    failures = {f.name: f for f in parse_libtest(captured.read_text()).failures}
    assert str(signature_from_panic(failures["tests::adds"].message)) == (
        "test_failure: assertion `left == right` failed (left: {n}, right: {n})"
    )
    assert str(signature_from_panic(failures["tests::indexes"].message)) == (
        "test_failure: index out of bounds: the len is {n} but the index is {n}"
    )
    assert str(signature_from_panic(failures["tests::returns_err"].message)) == 'test_failure: Error: "{}"'
