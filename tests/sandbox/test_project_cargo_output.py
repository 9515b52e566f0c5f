"""Reading cargo's JSON stream and libtest's per-binary output, without running cargo."""

from __future__ import annotations

import json

from sleepy.sandbox.libtest import parse_libtest
from sleepy.sandbox.project.cargo_output import binary_key, keyed_cases, parse_cargo_json
from sleepy.sandbox.project.results import CargoUnit, CaseOutcome


def artifact(package_id: str, kind: str, name: str, *, test: bool, fresh: bool, executable: str | None) -> str:
    return json.dumps({
        "reason": "compiler-artifact", "package_id": package_id, "target": {"kind": [kind], "name": name},
        "profile": {"test": test}, "fresh": fresh, "executable": executable,
    })


E0308 = {
    "level": "error", "message": "mismatched types", "code": {"code": "E0308", "explanation": "..."},
    "spans": [{"file_name": "src/lib.rs", "byte_start": 40, "byte_end": 43, "line_start": 2, "line_end": 2,
               "column_start": 5, "column_end": 8, "is_primary": True, "label": "expected `u32`"}],
    "children": [], "rendered": "error[E0308]: mismatched types\n",
}


def test_units_diagnostics_and_the_final_status_are_read_from_the_stream():
    stream = "\n".join([
        artifact("path+file:///crate#tally@0.2.0", "lib", "tally", test=False, fresh=True, executable=None),
        artifact("path+file:///crate/tally#0.2.0", "lib", "tally", test=True, fresh=False,
                 executable="/crate/target/debug/deps/tally-1"),
        artifact("tally 0.2.0 (path+file:///crate)", "test", "api", test=True, fresh=False,
                 executable="/crate/target/debug/deps/api-2"),
        json.dumps({"reason": "compiler-message", "message": E0308}),
        json.dumps({"reason": "compiler-message", "message": E0308}),  # lib and test targets repeat it
        '{"reason": "compiler-artifact", "package_id": "cut off by the output ca',
        "   Compiling tally v0.2.0 (/crate)",
        json.dumps({"reason": "build-finished", "success": False}),
    ])
    build = parse_cargo_json(stream)
    # Cargo >= 1.77 package ids (with and without a name in the fragment) and the older form.
    assert build.units == (
        CargoUnit("tally@0.2.0", "lib", "tally", test=False, fresh=True),
        CargoUnit("tally@0.2.0", "lib", "tally", test=True, fresh=False, executable="/crate/target/debug/deps/tally-1"),
        CargoUnit("tally@0.2.0", "test", "api", test=True, fresh=False, executable="/crate/target/debug/deps/api-2"),
    )
    assert [(d.code, d.is_error) for d in build.diagnostics] == [("E0308", True)]
    assert build.success is False
    assert build.test_binaries() == {"lib:tally": "/crate/target/debug/deps/tally-1",
                                     "test:api": "/crate/target/debug/deps/api-2"}


def test_a_stream_that_stops_before_build_finished_has_no_status():
    assert parse_cargo_json(artifact("x 1.0.0 (path+file:///crate)", "lib", "x", test=False, fresh=False,
                                     executable=None)).success is None


def test_every_library_kind_is_keyed_as_lib():
    assert [binary_key(kind, "x") for kind in ("lib", "rlib", "proc-macro", "cdylib", "test", "bin")] == [
        "lib:x", "lib:x", "lib:x", "lib:x", "test:x", "bin:x"]


UNIT_OUTPUT = """
running 3 tests
test tests::adds ... FAILED
test tests::overflow - should panic ... ok
test tests::slow ... ignored

failures:

---- tests::adds stdout ----

thread 'tests::adds' panicked at src/lib.rs:9:9:
assertion `left == right` failed
  left: 6
 right: 5


failures:
    tests::adds

test result: FAILED. 1 passed; 1 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.00s
"""

DOC_OUTPUT = """
running 2 tests
test src/lib.rs - add (line 3) ... FAILED
test src/lib.rs - double (line 10) - compile fail ... ok

failures:

---- src/lib.rs - add (line 3) stdout ----
Test executable failed (exit status: 101).

stderr:

thread 'main' panicked at src/lib.rs:4:1:
assertion `left == right` failed
  left: 6
 right: 5
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace



failures:
    src/lib.rs - add (line 3)

test result: FAILED. 1 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.21s
"""


def test_unit_tests_are_keyed_by_binary_with_the_panic_of_each_failure():
    cases = keyed_cases("lib:tally", UNIT_OUTPUT, parse_libtest(UNIT_OUTPUT))
    assert [(c.key, c.outcome) for c in cases] == [
        (("lib:tally", "tests::adds"), CaseOutcome.FAILED),
        (("lib:tally", "tests::overflow"), CaseOutcome.PASSED),  # " - should panic" is not part of the name
        (("lib:tally", "tests::slow"), CaseOutcome.IGNORED),
    ]
    assert "left == right" in cases[0].message and cases[1].message == ""


def test_doc_tests_keep_their_spaced_names_and_failure_messages():
    cases = keyed_cases("doc:tally", DOC_OUTPUT, parse_libtest(DOC_OUTPUT), doc=True)
    assert [(c.name, c.outcome) for c in cases] == [
        ("src/lib.rs - add (line 3)", CaseOutcome.FAILED),
        ("src/lib.rs - double (line 10)", CaseOutcome.PASSED),
    ]
    assert cases[0].message == "assertion `left == right` failed"
    # Read as a unit-test binary, both names are cut at their first " - " and collapse into one.
    assert [c.name for c in keyed_cases("doc:tally", DOC_OUTPUT, parse_libtest(DOC_OUTPUT))] == ["src/lib.rs"]
