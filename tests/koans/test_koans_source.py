from __future__ import annotations

import pytest

from sleepy.builtins.koans_source import KoansOptions, KoanTaskSource
from sleepy.koans import KoanFormatError, freeze, load_koans


@pytest.fixture
def source(koan_dir):
    freeze(koan_dir, load_koans(koan_dir))
    return KoanTaskSource(KoansOptions(path=str(koan_dir)))


def test_serves_one_split_interleaving_families(source):
    tasks = list(source.iter_tasks(split="train"))
    assert len(tasks) == 6 and {t.split for t in tasks} == {"train"}
    assert [t.family for t in tasks] == ["alpha", "beta"] * 3


def test_limit_and_families(koan_dir, source):
    assert [t.family for t in source.iter_tasks(limit=3)] == ["alpha", "beta", "alpha"]
    only = KoanTaskSource(KoansOptions(path=str(koan_dir), families=["beta"]))
    assert {t.family for t in only.iter_tasks()} == {"beta"}


def test_unknown_split(source):
    with pytest.raises(KoanFormatError, match="unknown split 'test'"):
        list(source.iter_tasks(split="test"))


def test_refuses_koans_that_disagree_with_the_manifest(koan_dir, source):
    lib = koan_dir / "alpha" / "alpha_00" / "lib.rs"
    lib.write_text(lib.read_text().replace("a - b", "a * b"))
    with pytest.raises(KoanFormatError, match="alpha_00: changed since the manifest"):
        list(source.iter_tasks())


def test_repository_koans_are_the_default(sleepy_registry):
    from sleepy.registry import StrategyKind

    spec = sleepy_registry().get(StrategyKind.TASK_SOURCE, "koans")
    tasks = list(spec.build(KoansOptions()).iter_tasks(split="heldout", limit=5))
    assert len(tasks) == 5 and all(t.split == "heldout" for t in tasks)


def test_an_unknown_family_is_an_error_not_zero_tasks(koan_dir, source):
    misspelt = KoanTaskSource(KoansOptions(path=str(koan_dir), families=["beta", "borow"]))
    with pytest.raises(KoanFormatError) as err:
        list(misspelt.iter_tasks())
    assert str(err.value) == f"{koan_dir}: no koans of family 'borow' (families: alpha, beta)"


def test_validation_sets_train_koans_aside_spread_over_families(koan_dir, source):
    aside = KoanTaskSource(KoansOptions(path=str(koan_dir), validation=2))
    validation = list(aside.iter_tasks(split="validation"))
    train = list(aside.iter_tasks(split="train"))
    every_train = [t.id for t in source.iter_tasks(split="train")]
    assert len(validation) == 2 and {t.split for t in validation} == {"validation"}
    assert {t.family for t in validation} == {"alpha", "beta"}  # spread, not the first two of one family
    assert sorted(t.id for t in validation + train) == sorted(every_train)  # only train koans, each once
    assert not {t.id for t in validation} & {t.id for t in train}
    assert {t.id for t in aside.iter_tasks(split="heldout")} == {t.id for t in source.iter_tasks(split="heldout")}
    again = KoanTaskSource(KoansOptions(path=str(koan_dir), validation=2))
    assert [t.id for t in again.iter_tasks(split="validation")] == [t.id for t in validation]  # the same every run
    assert {t.id: t.split for t in aside.iter_tasks()}[validation[0].id] == "validation"


def test_validation_must_leave_train_koans(koan_dir, source):
    greedy = KoanTaskSource(KoansOptions(path=str(koan_dir), validation=6))
    with pytest.raises(KoanFormatError, match="validation: 6 validation koans would leave no train koan"):
        list(greedy.iter_tasks(split="validation"))
