"""Sandbox.run end to end on small trusted crates: modes, outcomes, diagnostics, output capping."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sleepy.diagnostics import ErrorSignature
from sleepy.sandbox import Limits, Mode, Outcome, ProcessLimits
from sleepy.sandbox.limits import KIB
from tests.sandbox.conftest import SandboxFactory, koan

GOOD = koan(
    """
    pub fn mean(values: &[f64]) -> Option<f64> {
        if values.is_empty() {
            return None;
        }
        Some(values.iter().sum::<f64>() / values.len() as f64)
    }
    """,
    """
    #[test]
    fn mean_of_three() { assert_eq!(mean(&[1.0, 2.0, 3.0]), Some(2.0)); }

    #[test]
    fn mean_of_none() { assert_eq!(mean(&[]), None); }
    """,
)


def test_test_mode_passes(sandbox: SandboxFactory) -> None:
    result = sandbox().run(GOOD, "test")
    assert result.outcome is Outcome.PASSED and result.passed, result.reason
    assert result.mode is Mode.TEST
    assert result.tests is not None and (result.tests.passed, result.tests.failed) == (2, 0)
    assert result.exit_code == 0 and result.signal is None
    assert result.compile_seconds > 0 and result.run_seconds > 0
    assert result.signature() is None


def test_check_and_clippy_pass_on_clean_code(sandbox: SandboxFactory) -> None:
    box = sandbox()
    for mode in (Mode.CHECK, Mode.CLIPPY):
        result = box.run(GOOD, mode)
        assert result.outcome is Outcome.PASSED, (mode, result.reason, result.rendered_diagnostics())
        assert result.tests is None and result.run_seconds == 0.0


def test_check_reports_warnings_but_passes(sandbox: SandboxFactory) -> None:
    files = koan("pub fn f() -> i32 { let unused = 1; 2 }", "#[test]\nfn t() { assert_eq!(f(), 2); }")
    result = sandbox().run(files, "check")
    assert result.outcome is Outcome.PASSED
    assert [d.code for d in result.diagnostics if d.level == "warning" and d.spans] == ["unused_variables"]


def test_check_catches_errors_in_the_test_target_only(sandbox: SandboxFactory) -> None:
    files = koan("pub fn f() -> i32 { 2 }", '#[test]\nfn t() { let x: i32 = "two"; assert_eq!(f(), x); }')
    result = sandbox().run(files, "check")
    assert result.outcome is Outcome.COMPILE_ERROR
    assert result.signature() == ErrorSignature("E0308", "mismatched types")
    assert "E0308" in result.reason and "error[E0308]" in result.rendered_diagnostics()
    assert result.errors and result.compiler_output.startswith("{")


def test_clippy_lints_are_compile_errors(sandbox: SandboxFactory) -> None:
    files = koan(
        "pub fn blank(v: &Vec<i32>) -> bool { v.len() == 0 }",
        "#[test]\nfn t() { assert!(blank(&vec![])); }",
    )
    result = sandbox().run(files, "clippy")
    assert result.outcome is Outcome.COMPILE_ERROR
    codes = {d.code for d in result.errors}
    assert {"clippy::len_zero", "clippy::ptr_arg"} <= codes
    signature = result.signature()
    assert signature is not None and signature.code.startswith("clippy::")
    # The same lint from the lib and the test target is reported once.
    assert len(result.errors) == len({(d.message, d.rendered) for d in result.errors})


def test_test_failure_signature_ignores_values_but_not_the_test(sandbox: SandboxFactory) -> None:
    box = sandbox()
    signatures = []
    for test, expected in (("t", 5), ("t", 99), ("u", 5)):
        files = koan("pub fn f() -> i32 { 1 }", f"#[test]\nfn {test}() {{ assert_eq!(f(), {expected}); }}")
        result = box.run(files, "test")
        assert result.outcome is Outcome.TEST_FAILURE
        assert result.tests is not None and result.tests.failing_names == (f"tests::{test}",)
        assert result.tests.failures[0].location is not None
        signatures.append(result.signature())
    assert signatures[0] == signatures[1] == ErrorSignature(
        "test_failure", "tests::t: assertion `left == right` failed (left: {n}, right: {n})"
    )
    assert signatures[2] != signatures[0]


def test_user_panic_values_are_templated(sandbox: SandboxFactory) -> None:
    files = koan(
        'pub fn parse(s: &str) -> u32 { s.parse().unwrap_or_else(|_| panic!("bad input {s:?} at {}", s.len())) }',
        '#[test]\nfn t() { parse("x7"); }',
    )
    result = sandbox().run(files, "test")
    assert str(result.signature()) == 'test_failure: tests::t: bad input "{}" at {n}'


def test_compile_error_in_test_mode(sandbox: SandboxFactory) -> None:
    files = koan("pub fn f() -> String { let s = String::new(); let t = s; s }", "#[test]\nfn t() { f(); }")
    result = sandbox().run(files, "test")
    assert result.outcome is Outcome.COMPILE_ERROR
    assert str(result.signature()) == "E0382: use of moved value: `{}`"
    assert result.tests is None


def test_multi_file_crate(sandbox: SandboxFactory) -> None:
    files = {
        "src/lib.rs": "mod util;\npub use util::double;\n\n#[cfg(test)]\nmod tests {\n    use super::*;\n"
                      "    #[test]\n    fn doubles() { assert_eq!(double(4), 8); }\n}\n",
        "src/util.rs": "pub fn double(x: i32) -> i32 { x * 2 }\n",
    }
    result = sandbox().run(files, "test")
    assert result.outcome is Outcome.PASSED, result.reason


def test_timeout_names_the_running_test(sandbox: SandboxFactory) -> None:
    limits = Limits(run=ProcessLimits(wall_seconds=1.5, cpu_seconds=1))
    files = koan("", "#[test]\nfn quick() {}\n#[test]\nfn stuck() { loop { std::hint::black_box(()); } }")
    result = sandbox(limits=limits).run(files, "test")
    assert result.outcome is Outcome.TIMEOUT
    assert result.tests is not None and result.tests.running == "tests::stuck" and result.tests.passed == 1
    assert str(result.signature()).startswith("timeout: tests::stuck: test program exceeded the ")


def test_long_output_is_truncated_but_the_summary_survives(sandbox: SandboxFactory) -> None:
    loud = "use std::io::Write;\n    std::io::stdout().write_all(&[b'z'; 100_000]).unwrap();"
    files = koan("", f"#[test]\nfn loud() {{\n    {loud}\n}}")
    result = sandbox(limits=Limits(output_bytes=2 * KIB)).run(files, "test")
    assert result.outcome is Outcome.PASSED, result.reason
    assert result.stdout_truncated and len(result.stdout) < 3 * KIB
    assert "bytes truncated" in result.stdout


def test_stack_overflow_is_a_test_failure(sandbox: SandboxFactory) -> None:
    files = koan(
        "pub fn depth(n: u64) -> u64 { if n == 0 { 0 } else { 1 + depth(std::hint::black_box(n + 1)) } }",
        "#[test]\nfn deep() { assert_eq!(depth(1), 0); }",
    )
    result = sandbox().run(files, "test")
    assert result.outcome is Outcome.TEST_FAILURE
    assert str(result.signature()) == "test_failure: tests::deep: stack overflow in `{}`"


def test_caller_tree_is_untouched(sandbox: SandboxFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "lib.rs").write_text("// the caller's own file\n")
    before = sorted(os.walk(tmp_path))
    result = sandbox().run(GOOD, "test")
    assert result.passed
    assert sorted(os.walk(tmp_path)) == before
    assert (tmp_path / "src" / "lib.rs").read_text() == "// the caller's own file\n"


def test_unknown_mode_and_bad_crate_name(sandbox: SandboxFactory) -> None:
    with pytest.raises(ValueError):
        sandbox().run(GOOD, "bench")
    with pytest.raises(ValueError):
        sandbox(crate_name="not-an-ident")


def test_compiler_output_is_capped_and_still_parsed(sandbox: SandboxFactory) -> None:
    lib = "\n".join(f'pub fn f{i}() -> i32 {{ "x" }}' for i in range(40))
    result = sandbox(limits=Limits(compiler_output_bytes=16 * KIB)).run({"src/lib.rs": lib}, "check")
    assert result.outcome is Outcome.COMPILE_ERROR
    # Capped per compiler process; check mode runs two (lib and test targets).
    assert result.compiler_output_truncated and len(result.compiler_output) < 2 * 17 * KIB
    assert result.signature() == ErrorSignature("E0308", "mismatched types")
    assert 0 < len(result.errors) < 40


@pytest.mark.parametrize("mode", ["test", "check"])
def test_compiler_timeout(sandbox: SandboxFactory, mode: str) -> None:
    # No rustc finishes in 10 ms, so this is the compiler hitting its wall-clock limit.
    limits = Limits(compile=ProcessLimits(wall_seconds=0.01, cpu_seconds=5, memory_bytes=2048 * 1024 * KIB))
    result = sandbox(limits=limits).run(GOOD, mode)
    assert result.outcome is Outcome.TIMEOUT
    assert result.reason.startswith("compiler exceeded the wall time limit")
    assert result.tests is None
