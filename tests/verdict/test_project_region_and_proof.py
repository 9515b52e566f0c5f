"""The editable region of a crate task, the policy on it and the proof's instrumentation, without cargo."""

from __future__ import annotations

from pathlib import Path

import pytest

from sleepy.verdict.project_proof import ProjectProofError, instrument_project
from sleepy.verdict.project_region import outside_change, region_cheat, split_region
from tests.sandbox.project_fixture import write_project

BUGGY = "fn a() {}\nfn f() -> u32 {\n    1\n}\nfn b() {}\n"


def test_the_region_may_grow_but_nothing_around_it_may_change() -> None:
    grown = "fn a() {}\nfn f() -> u32 {\n    let x = 1;\n    x + 1\n}\nfn b() {}\n"
    assert outside_change("f.rs", BUGGY, grown, (2, 4)) is None
    assert split_region(grown, (2, 4), after_lines=1).inside == "fn f() -> u32 {\n    let x = 1;\n    x + 1\n}\n"
    assert outside_change("f.rs", BUGGY, BUGGY.replace("fn b", "fn c"), (2, 4)) == (
        "f.rs: line 5 is after the editable lines 2-4 and differs from the task's file")
    assert outside_change("f.rs", BUGGY, BUGGY.replace("fn a", "fn z"), (2, 4)) == (
        "f.rs: line 1 is before the editable lines 2-4 and differs from the task's file")
    assert outside_change("f.rs", BUGGY, "fn a() {}\n", (2, 4)) == (
        "f.rs: the lines after the editable lines 2-4 were removed")


@pytest.mark.parametrize(("region", "refused"), [
    ("fn f() -> u32 {\n    unsafe { 1 }\n}\n", "line 11: `unsafe`"),
    ("fn f() -> u32 {\n    macro_rules! m { () => { 1 } }\n    m!()\n}\n", "line 11: `macro_rules!`"),
    ("fn f() -> u32 {\n    let _ = std::fs::read(\"/proc/self/mem\");\n    1\n}\n", "line 11: `std::fs`"),
    ("fn f() -> u32 {\n    r#__sleepy_proof::x()\n}\n", "line 11: `__sleepy_proof` names"),
    ("fn f() -> u32 {\n    (1\n}\n", "line 12: unmatched `}` in the editable lines"),
])
def test_the_policy_refuses_what_the_function_did_not_have(region: str, refused: str) -> None:
    reason = region_cheat("fn f() -> u32 {\n    1\n}\n", region, first_line=10)
    assert reason is not None and refused in reason


def test_what_the_function_already_had_stays_allowed() -> None:
    own = "fn f() -> u32 {\n    macro_rules! m { () => { 1 } }\n    unsafe { m!() }\n}\n"
    assert region_cheat(own, own.replace("1 }", "2 }")) is None


def test_the_proof_goes_into_each_deciding_test_and_each_binary_s_root(tmp_path: Path) -> None:
    root = write_project(tmp_path, {
        "Cargo.toml": '[package]\nname = "p"\nversion = "0.1.0"\n',
        "src/lib.rs": "pub mod a;\n",
        "src/a/mod.rs": "pub mod b;\n",
        "src/a/b.rs": "#[cfg(test)]\nmod tests {\n    #[test]\n    fn one() {}\n    #[test]\n    fn other() {}\n}\n",
        "tests/api.rs": "mod common;\n#[test]\n#[should_panic]\nfn boom() { panic!() }\n",
        "tests/common/mod.rs": "#[test]\nfn shared() {}\n",
        "tests/other.rs": "#[test]\nfn boom() {}\n",
    })
    proved = instrument_project(root, {}, {"lib:p": ["a::b::tests::one"], "test:api": ["common::shared", "boom"]})
    assert set(proved.files) == {"src/lib.rs", "src/a/b.rs", "tests/api.rs", "tests/common/mod.rs"}
    lines = proved.files["src/a/b.rs"].splitlines()
    assert lines[3] == "    fn one() { let __sleepy_proof_guard = crate::__sleepy_proof::Guard::enter(0);}"
    assert lines[5] == "    fn other() {}"
    assert proved.files["src/lib.rs"].startswith("pub mod a;\n#[cfg(test)] #[allow(dead_code)] mod __sleepy_proof")
    assert [(t.index, t.name, t.should_panic) for t in proved.tests["test:api"]] == [
        (0, "common::shared", False), (1, "boom", True)]
    assert proved.files["tests/api.rs"].count("\n") == 5  # four lines kept, the proof module after them
    with pytest.raises(ProjectProofError, match="no `#\\[test\\] fn` found for the deciding test `a::b::gone`"):
        instrument_project(root, {}, {"lib:p": ["a::b::gone"]})
    with pytest.raises(ProjectProofError, match="covers unit tests"):
        instrument_project(root, {}, {"doc:p": ["src/lib.rs - x (line 1)"]})
