"""The shipped koan collection: its size, balance, manifest pinning and distinctness."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest

from sleepy.koans import load_koans, manifest_problems, read_manifest
from sleepy.koans.similarity import DEFAULT_THRESHOLD, similar_pairs
from tests.koans.conftest import REPO_KOANS


@pytest.fixture(scope="module")
def koans():
    return load_koans(REPO_KOANS)


@pytest.fixture(scope="module")
def manifest():
    return read_manifest(REPO_KOANS)


def test_every_koan_matches_the_pinned_manifest(koans, manifest):
    # Editing a koan (a frozen one above all) without `sleepy koans freeze [--refreeze]` fails here.
    assert manifest_problems(koans, manifest) == []


def test_size_and_family_coverage(koans):
    families = Counter(k.family for k in koans)
    assert len(koans) >= 240
    assert len(families) >= 12 and min(families.values()) >= 12, families


def test_at_least_a_quarter_are_logic_bugs(koans):
    logic = sum(k.meta.expected_failure == "test_failure" for k in koans)
    assert logic / len(koans) >= 0.25, f"{logic} of {len(koans)}"


def test_splits_are_stratified_by_family(koans, manifest):
    per_family = Counter((k.family, manifest.split_of(k.id)) for k in koans)
    for family in {k.family for k in koans}:
        n = sum(per_family[(family, s)] for s in ("train", "heldout", "frozen"))
        assert abs(per_family[(family, "train")] - n / 2) <= 1
        assert abs(per_family[(family, "heldout")] - n / 3) <= 1
        assert abs(per_family[(family, "frozen")] - n / 6) <= 1
    counts = manifest.counts()
    assert counts["train"] > counts["heldout"] > counts["frozen"] > 0


def test_no_near_duplicates_across_splits(koans, manifest):
    sources = {k.id: k.buggy for k in koans}
    cross = [(a.id, b.id) for a, b in itertools.combinations(koans, 2)
             if manifest.split_of(a.id) != manifest.split_of(b.id)]
    assert similar_pairs(sources, DEFAULT_THRESHOLD, cross) == []


def test_descriptions_do_not_repeat(koans):
    counts = Counter(k.meta.description for k in koans)
    assert [d for d, n in counts.items() if n > 1] == []
