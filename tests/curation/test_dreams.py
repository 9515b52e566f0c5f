from __future__ import annotations

import random

import pytest

from sleepy.builtins.koans_source import KoansOptions, KoanTaskSource
from sleepy.curation import SplitLeak
from sleepy.curation.dreams import Dream, check_dreams, dream_examples, dream_pair, make_dreams, summarize
from sleepy.curation.dreams.literals import apply_literals, literal_candidates, shared_literals
from sleepy.curation.dreams.rename import apply_renames, choose_renames, identifiers, rename_candidates
from sleepy.curation.dreams.reorder import movable_headers, reorder
from sleepy.curation.dreams.variants import changed_lines
from sleepy.koans import model as koan_model
from sleepy.records import Task
from sleepy.sandbox import Sandbox
from sleepy.sandbox.rust_tokens import Kind, tokenize
from tests.koans.conftest import LIB, REPO_KOANS

FIXED = LIB.replace("a - b", "a + b")


@pytest.fixture(scope="module")
def repo_tasks():
    return {t.id: t for t in KoanTaskSource(KoansOptions(path=str(REPO_KOANS))).iter_tasks()}


@pytest.fixture(scope="module")
def sandbox():
    return Sandbox()


def _ident_map(before: str, after: str) -> dict[str, str]:
    """old -> new identifier, from two token streams that differ only in identifiers (fails otherwise)."""
    old, new = tokenize(before), tokenize(after)
    assert [t.kind for t in old] == [t.kind for t in new]
    mapping: dict[str, str] = {}
    for a, b in zip(old, new, strict=True):
        if a.kind is Kind.IDENT:
            assert mapping.setdefault(a.value, b.value) == b.value, f"{a.value} renamed two ways"
        else:
            assert a.value == b.value
    return {k: v for k, v in mapping.items() if k != v}


def test_renaming_is_one_consistent_map_over_both_files(repo_tasks):
    task = repo_tasks["borrow_02"]
    buggy, fix = task.files["src/lib.rs"], task.reference_files["src/lib.rs"]
    mapping = choose_renames(rename_candidates(buggy, fix), identifiers(buggy) | identifiers(fix), random.Random(3))
    new_buggy, new_fix = apply_renames(buggy, mapping), apply_renames(fix, mapping)
    seen = _ident_map(buggy, new_buggy)
    assert seen == mapping and len(set(seen.values())) == len(seen)  # injective: no two names merged
    assert _ident_map(fix, new_fix) == {k: v for k, v in mapping.items() if k in identifiers(fix)}
    assert koan_model.tests_module(new_buggy) == koan_model.tests_module(new_fix)
    assert '"build"' in new_buggy and "self." in new_buggy  # strings and keywords untouched


def test_names_that_may_name_something_outside_the_file_are_not_renamed(repo_tasks):
    results = repo_tasks["results_03"].files["src/lib.rs"]
    assert "bad" not in rename_candidates(results)  # used as a {bad} format argument
    assert "area" in rename_candidates(results)  # imported by `use super::area`: still the file's own
    grid = repo_tasks["generics_04"].files["src/lib.rs"]
    assert "get" not in rename_candidates(grid)  # its own method, but also Vec::get called as .get(
    assert "blank" in rename_candidates(grid)
    frozen = repo_tasks["traits_02"]  # only read here, never dreamt from
    fix = frozen.reference_files["src/lib.rs"]
    candidates = rename_candidates(frozen.files["src/lib.rs"], fix)
    assert "from" not in candidates and "ParseIntError" not in candidates  # a foreign trait's method, an import
    assert {"ConfigError", "BadNumber", "e"} <= set(candidates)


def test_reordering_moves_items_the_same_way_in_both_files(repo_tasks):
    frozen = repo_tasks["traits_02"]
    buggy, fix = frozen.files["src/lib.rs"], frozen.reference_files["src/lib.rs"]
    headers = movable_headers(buggy)
    ranks = {h: -i for i, h in enumerate(headers)}  # reversed
    new_buggy, new_fix = reorder(buggy, ranks), reorder(fix, ranks)
    assert new_buggy.index("pub fn port") < new_buggy.index("pub enum ConfigError")
    assert new_buggy.startswith("use std::num::ParseIntError;")  # `use` stays first
    # The impl only the fix has stays after the enum it followed: the fix is still a small diff.
    assert changed_lines(new_buggy, new_fix) == changed_lines(buggy, fix)
    assert sorted(new_buggy.splitlines()) == sorted(buggy.splitlines())


def test_dreams_are_deterministic_by_seed(repo_tasks):
    first = make_dreams("borrow_02", repo_tasks, count=3, seed=11)
    assert first == make_dreams("borrow_02", repo_tasks, count=3, seed=11)
    assert len(first) == 3 and len({(d.buggy, d.fix) for d in first}) == 3
    assert [d.buggy for d in make_dreams("borrow_02", repo_tasks, count=3, seed=12)] != [d.buggy for d in first]
    assert all("rename" in d.mutations for d in first)
    assert any("literal" in d.mutations for d in first)  # odd-numbered variants also change a literal


@pytest.mark.parametrize("task_id", ["borrow_01", "traits_02", "no_such_koan"])
def test_dreams_refuse_any_task_outside_the_train_split(repo_tasks, task_id, sandbox):
    assert repo_tasks.get(task_id) is None or repo_tasks[task_id].split in ("heldout", "frozen")
    with pytest.raises(SplitLeak, match=f"refusing to dream from task '{task_id}'"):
        make_dreams(task_id, repo_tasks, count=2, seed=0)
    with pytest.raises(SplitLeak):  # the whole source refuses before any sandbox run
        dream_examples(["borrow_02", task_id], repo_tasks, sandbox, per_task=1, limit=4, seed=0, clippy=False,
                       reply_format="whole_file", feedback_chars=4000, weight=1.0)


def test_a_real_koans_variants_verify_in_the_sandbox(repo_tasks, sandbox):
    dreams = make_dreams("borrow_02", repo_tasks, count=1, seed=0)
    checked = check_dreams(dreams, sandbox, clippy=True)
    assert checked[0].check.ok, checked[0].check.problems
    assert checked[0].check.buggy.diagnostics[0].code == "E0499"  # fails as borrow_02 declares
    pair = dream_pair(checked[0], reply_format="search_replace", feedback_chars=4000, weight=0.5)
    assert (pair.source, pair.weight, pair.task_id, pair.split) == ("dreams", 0.5, "borrow_02", "train")
    assert dreams[0].buggy.strip() in pair.messages[1].content and "E0499" in pair.messages[1].content
    assert pair.target.startswith("<<<<<<< SEARCH") and pair.final_code == dreams[0].fix


def test_variants_whose_mutation_breaks_the_koan_are_dropped_and_counted(sandbox):
    parent = Task("alpha_00", "alpha", "train", {"src/lib.rs": LIB}, {"src/lib.rs": FIXED},
                  expected_failure="test_failure")

    def dream(index, mutations, change):
        return Dream(parent, index, change(LIB), change(FIXED), mutations)

    dreams = [
        dream(0, ("rename",), lambda s: apply_renames(s, {"add": "total"})),
        # b -> a binds `a` twice: the buggy file no longer fails as declared (a test failure) but does not compile
        dream(1, ("rename",), lambda s: apply_renames(s, {"b": "a"})),
        # add(2, 4) == 5 no longer holds for the fix
        dream(2, ("rename", "literal"), lambda s: apply_literals(apply_renames(s, {"a": "x"}), {"3": "4"})),
    ]
    checked = check_dreams(dreams, sandbox, clippy=False)
    assert [c.check.ok for c in checked] == [True, False, False]
    assert checked[1].check.problems[0][0] == "fails_differently"
    assert checked[2].check.problems[0][0] == "fix_fails"
    report = summarize(checked, 1.0)
    assert (report.made, report.kept, dict(report.dropped)) == (3, 1, {"fails_differently": 1, "fix_fails": 1})
    assert dict(report.by_mutation) == {"literal": (1, 0), "rename": (3, 1)}
    assert report.line().startswith("dreams: 1 kept of 3 (dropped: fails_differently 1, fix_fails 1)")
    with pytest.raises(ValueError):
        dream_pair(checked[1], reply_format="whole_file", feedback_chars=4000, weight=1.0)


def test_literals_shared_by_code_and_tests_are_preferred(repo_tasks):
    buggy = repo_tasks["borrow_02"].files["src/lib.rs"]
    candidates = literal_candidates(buggy)
    assert {'"build"', '"lint"', '"idle"', "2"} <= set(candidates)
    assert set(shared_literals(candidates, buggy)) == {'"build"', '"lint"', "2"}  # "idle" occurs once
    changed = apply_literals(buggy, {'"lint"': '"stock"'})
    assert changed.count('"stock"') == 3 and '"lint"' not in changed
