"""The task set on disk: round trip, pins that catch tampering in one line, and the split rule by crate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sleepy_crates.mutations import Mutation
from sleepy_crates.synthesis import (
    Bucket,
    CrateIdentity,
    CrateTask,
    CrateVerification,
    Failure,
    MutantResult,
    SplitError,
    TaskSetError,
    assign_crate_splits,
    load_task_set,
    split_conflicts,
    write_task_set,
)


def _task(crate: str, n: int, function: str = "f") -> CrateTask:
    mutation = Mutation("comparison_operator", function, 10 + n, 11 + n, "<", "<=", 2, "`<` -> `<=`",
                        "test_failure")
    failure = Failure("test_failure", "assertion failed", failing_tests=(("lib:x", f"tests::t{n}"),))
    return CrateTask(f"{crate}-{n:012x}", crate, "src/lib.rs", function, (1, 3), "comparison_operator", mutation,
                     failure, (("lib:x", "tests::ok"),), "fn f() { a <= b }", "fn f() { a < b }")


def _verification(crate: str, tasks: list[CrateTask], extra: int = 0) -> CrateVerification:
    results = [MutantResult(t.id.split("-")[-1], t.file, t.operator, Bucket.KEPT, "kept", f"h{i}", f"s{i}", 1.0, t)
               for i, t in enumerate(tasks)]
    results += [MutantResult(f"nc{i}", "src/lib.rs", "swap_arguments", Bucket.NOT_CAUGHT, "passes", f"n{i}")
                for i in range(extra)]
    return CrateVerification(CrateIdentity(crate, "1.0.0", "ab" * 32), ("src/lib.rs",), len(results) + 5,
                             tuple(results), 1.0)


@pytest.fixture
def written(tmp_path: Path) -> Path:
    verified = [_verification("alpha", [_task("alpha", 1), _task("alpha", 2, "g")], extra=2),
                _verification("beta", [_task("beta", 3)])]
    write_task_set(tmp_path, verified, {"alpha": "train", "beta": "heldout"}, seed=3)
    return tmp_path


def test_the_task_set_round_trips(written: Path) -> None:
    loaded = load_task_set(written)
    assert sorted(t.id for t in loaded.tasks) == ["alpha-000000000001", "alpha-000000000002", "beta-000000000003"]
    assert loaded.tasks[0] == _task("alpha", 1)
    assert {n: e.split for n, e in loaded.crates.items()} == {"alpha": "train", "beta": "heldout"}
    assert loaded.crates["alpha"].yields == {
        "comparison_operator": {"kept": 2, "not_caught": 0, "unviable": 0, "timed_out": 0, "duplicate": 0},
        "swap_arguments": {"kept": 0, "not_caught": 2, "unviable": 0, "timed_out": 0, "duplicate": 0},
    }
    assert loaded.crates["alpha"].mutants_available == 9
    assert [t.id for t in loaded.in_split("heldout")] == ["beta-000000000003"]
    manifest = json.loads((written / "manifest.json").read_text())
    assert manifest["format_version"] == 1 and manifest["seed"] == 3
    entry = manifest["tasks"]["beta-000000000003"]
    assert entry["failing_tests"] == [["lib:x", "tests::t3"]] and entry["passing_tests"] == [["lib:x", "tests::ok"]]
    assert entry["mutation"]["replacement"] == "<=" and entry["split"] == "heldout"


def _one_line_error(root: Path) -> str:
    with pytest.raises(TaskSetError) as caught:
        load_task_set(root)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_a_tampered_task_file_fails_in_one_line_naming_file_and_field(written: Path) -> None:
    path = written / "tasks" / "alpha-000000000001.json"
    path.write_text(path.read_text().replace('"<="', '"<"'))
    message = _one_line_error(written)
    assert message.startswith(f"{path}: field sha256:")


def test_a_manifest_field_that_disagrees_with_its_task_file_is_named(written: Path) -> None:
    manifest_path = written / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["tasks"]["alpha-000000000002"]["operator"] = "off_by_one"
    manifest_path.write_text(json.dumps(manifest))
    message = _one_line_error(written)
    assert message.startswith(f"{written / 'tasks' / 'alpha-000000000002.json'}: field operator:")
    assert "off_by_one" in message


def test_a_missing_or_stray_task_file_is_named(written: Path, tmp_path: Path) -> None:
    (written / "tasks" / "beta-000000000003.json").rename(written / "beta.json")
    assert "beta-000000000003.json: missing" in _one_line_error(written)
    (written / "beta.json").rename(written / "tasks" / "beta-000000000003.json")
    (written / "tasks" / "gamma-1.json").write_text("{}")
    assert "gamma-1.json: not in manifest.json" in _one_line_error(written)


def test_a_task_whose_split_is_not_its_crates_is_refused(written: Path) -> None:
    manifest_path = written / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["tasks"]["alpha-000000000001"]["split"] = "heldout"
    manifest_path.write_text(json.dumps(manifest))
    assert "field tasks.alpha-000000000001.split" in _one_line_error(written)


def test_the_same_crate_under_two_spellings_in_two_splits_is_refused(tmp_path: Path) -> None:
    verified = [_verification("foo-bar", [_task("foo-bar", 1)]), _verification("foo_bar", [_task("foo_bar", 2)])]
    with pytest.raises(SplitError, match="crate foo-bar is in splits heldout, train"):
        write_task_set(tmp_path, verified, {"foo-bar": "train", "foo_bar": "heldout"})
    assert not (tmp_path / "manifest.json").exists()
    write_task_set(tmp_path, verified, {"foo-bar": "train", "foo_bar": "train"})
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    manifest["crates"]["foo_bar"]["split"] = "heldout"
    for entry in manifest["tasks"].values():
        entry["split"] = manifest["crates"][entry["crate"]]["split"]
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    assert "field split: crate foo-bar is in splits heldout, train" in _one_line_error(tmp_path)


def test_no_function_is_in_two_splits(tmp_path: Path) -> None:
    names = [f"crate{i}" for i in range(7)]
    verified = [_verification(n, [_task(n, 2 * i, "shared"), _task(n, 2 * i + 1, "other")])
                for i, n in enumerate(names)]
    loaded = write_task_set(tmp_path, verified, assign_crate_splits(names, seed=1))
    seen: dict[tuple[str, str, str], set[str]] = {}
    for task in loaded.tasks:
        seen.setdefault((task.crate, task.file, task.function), set()).add(loaded.split_of(task))
    assert all(len(splits) == 1 for splits in seen.values())
    assert len({loaded.split_of(t) for t in loaded.tasks}) > 1  # the guard is not trivially met by one split
    # What the guard reports for rows that break the rule:
    rows = [("a", "src/lib.rs", "f", "train"), ("a", "src/lib.rs", "f", "heldout"), ("b", "src/lib.rs", "f", "train")]
    assert split_conflicts(rows) == ["crate a is in splits heldout, train",
                                     "function a src/lib.rs f is in splits heldout, train"]


def test_default_splits_are_seeded_proportions_over_crates_and_respect_given_ones() -> None:
    names = ["strsim", "semver", "vec_map", "version-compare", "json", "itoa"]
    splits = assign_crate_splits(names, seed=0)
    assert splits == assign_crate_splits(list(reversed(names)), seed=0)  # the order given does not matter
    assert sorted(splits.values()) == ["frozen", "heldout", "train", "train", "train", "validation"]
    assert assign_crate_splits(names, {"json": "heldout"}, seed=0)["json"] == "heldout"
    assert any(assign_crate_splits(names, seed=s) != splits for s in range(1, 5))
    with pytest.raises(SplitError, match="split 'test' is not one of"):
        assign_crate_splits(names, {"json": "test"})
    with pytest.raises(SplitError, match="not in the task set: nope"):
        assign_crate_splits(names, {"nope": "train"})
