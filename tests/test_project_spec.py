"""Task.project: the one file of a Cargo project that a crate task edits (docs/crates.md)."""

import pytest

from sleepy.records import ProjectSpec, Task


def _spec(**changes: object) -> ProjectSpec:
    values: dict[str, object] = {"root": "/work/strsim", "digest": "ab12", "editable": (10, 14),
                                 "tests": {"lib:strsim": ["tests::hamming"]}, "focus": (5, 20)}
    values.update(changes)
    return ProjectSpec(**values)  # type: ignore[arg-type]


def test_a_koan_has_no_project_and_a_crate_task_carries_its_spec():
    koan = Task(id="k", family="borrow", split="train", files={"src/lib.rs": "fn f() {}\n"})
    assert koan.project is None
    crate = Task(id="c", family="E0308", split="heldout", files={"src/lib.rs": "fn f() {}\n"}, project=_spec())
    assert crate.project is not None and crate.project.editable == (10, 14)


def test_the_deciding_tests_are_kept_read_only_as_tuples():
    spec = _spec(tests={"lib:strsim": ["a", "b"], "test:lib": ["c"]})
    assert spec.tests == {"lib:strsim": ("a", "b"), "test:lib": ("c",)}
    with pytest.raises(TypeError):
        spec.tests["lib:strsim"] = ("x",)  # type: ignore[index]


@pytest.mark.parametrize("span", [(0, 3), (5, 4), (-1, 2)])
def test_a_line_span_must_be_one_based_and_ordered(span):
    with pytest.raises(ValueError, match="1 <= first <= last"):
        _spec(editable=span)
    with pytest.raises(ValueError, match="1 <= first <= last"):
        _spec(focus=span)
