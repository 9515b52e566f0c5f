from __future__ import annotations

from collections import Counter

import pytest

from sleepy.koans import ManifestError, freeze, load_koans, manifest_problems, read_manifest


def test_freeze_assigns_splits_three_two_one_per_family(koan_dir):
    manifest, changes = freeze(koan_dir, load_koans(koan_dir))
    assert len(changes) == 12 and manifest.suite_version == 1
    for family in ("alpha", "beta"):
        counts = Counter(e.split for e in manifest.entries.values() if e.family == family)
        assert counts == {"train": 3, "heldout": 2, "frozen": 1}
    assert manifest_problems(load_koans(koan_dir), read_manifest(koan_dir)) == []


def test_freeze_twice_changes_nothing(koan_dir):
    first, _ = freeze(koan_dir, load_koans(koan_dir))
    second, changes = freeze(koan_dir, load_koans(koan_dir))
    assert changes == [] and first == second


def test_splits_are_kept_when_koans_are_added(koan_dir):
    from tests.koans.conftest import write_koan

    first, _ = freeze(koan_dir, load_koans(koan_dir))
    write_koan(koan_dir, "alpha", "alpha_99")
    second, changes = freeze(koan_dir, load_koans(koan_dir))
    assert changes == [f"added alpha_99 ({second.entries['alpha_99'].split})"]
    assert all(second.entries[k].split == e.split for k, e in first.entries.items())


def _koan_in(manifest, split):
    return next(k for k, e in sorted(manifest.entries.items()) if e.split == split)


def test_an_edited_koan_is_reported_until_frozen_again(koan_dir):
    manifest, _ = freeze(koan_dir, load_koans(koan_dir))
    koan_id = _koan_in(manifest, "train")
    lib = koan_dir / koan_id.split("_")[0] / koan_id / "lib.rs"
    lib.write_text(lib.read_text().replace("a - b", "b - a"))
    [problem] = manifest_problems(load_koans(koan_dir), read_manifest(koan_dir))
    assert problem.startswith(f"{koan_id}: changed since the manifest was written (train split)")
    _, changes = freeze(koan_dir, load_koans(koan_dir))
    assert changes == [f"updated {koan_id} (train)"]
    assert read_manifest(koan_dir).suite_version == 1


def test_changing_a_frozen_koan_needs_refreeze_and_bumps_the_suite_version(koan_dir):
    manifest, _ = freeze(koan_dir, load_koans(koan_dir))
    koan_id = _koan_in(manifest, "frozen")
    lib = koan_dir / koan_id.split("_")[0] / koan_id / "lib.rs"
    lib.write_text(lib.read_text().replace("a - b", "b - a"))
    assert "--refreeze" in manifest_problems(load_koans(koan_dir), read_manifest(koan_dir))[0]
    with pytest.raises(ManifestError, match=f"frozen koan\\(s\\) changed or removed: {koan_id}"):
        freeze(koan_dir, load_koans(koan_dir))
    assert read_manifest(koan_dir) == manifest  # refused: nothing written
    refrozen, _ = freeze(koan_dir, load_koans(koan_dir), refreeze=True, note="fixed a typo")
    assert refrozen.suite_version == 2
    assert refrozen.history[-1]["frozen_changed"] == [koan_id] and refrozen.history[-1]["note"] == "fixed a typo"
    assert refrozen.entries[koan_id].split == "frozen"


def test_missing_manifest_says_how_to_create_it(koan_dir):
    with pytest.raises(ManifestError, match="run `sleepy koans freeze"):
        read_manifest(koan_dir)


def test_freeze_split_puts_every_new_koan_in_it_and_keeps_the_old_ones(koan_dir):
    from tests.koans.conftest import write_koan

    first, _ = freeze(koan_dir, load_koans(koan_dir))
    write_koan(koan_dir, "alpha", "alpha_98")
    write_koan(koan_dir, "gamma", "gamma_00")
    second, changes = freeze(koan_dir, load_koans(koan_dir), split="heldout")
    assert changes == ["added alpha_98 (heldout)", "added gamma_00 (heldout)"]
    assert all(second.entries[k].split == e.split for k, e in first.entries.items())


def test_an_evaluation_only_collection(koan_dir):
    manifest, _ = freeze(koan_dir, load_koans(koan_dir), split="heldout")
    assert manifest.counts() == {"heldout": 12}


def declare_split(koan_dir, koan_id, split):
    toml = koan_dir / koan_id.split("_")[0] / koan_id / "koan.toml"
    toml.write_text(toml.read_text() + f'split = "{split}"\n')


def test_a_declared_split_beats_freeze_split(koan_dir):
    declare_split(koan_dir, "beta_00", "train")
    manifest, _ = freeze(koan_dir, load_koans(koan_dir), split="heldout")
    assert manifest.entries["beta_00"].split == "train"
    assert Counter(e.split for e in manifest.entries.values()) == {"train": 1, "heldout": 11}


def test_declared_splits_count_towards_the_stratified_shares(koan_dir):
    for koan_id in ("alpha_00", "alpha_01", "alpha_02"):
        declare_split(koan_dir, koan_id, "frozen")
    manifest, _ = freeze(koan_dir, load_koans(koan_dir))
    alpha = {k: e.split for k, e in manifest.entries.items() if k.startswith("alpha_")}
    assert [alpha.pop(k) for k in ("alpha_00", "alpha_01", "alpha_02")] == ["frozen"] * 3
    assert Counter(alpha.values()) == {"train": 2, "heldout": 1}  # 3:2:1 of six, frozen already full
    assert manifest_problems(load_koans(koan_dir), manifest) == []


def test_a_declared_split_the_manifest_disagrees_with_is_reported(koan_dir):
    manifest, _ = freeze(koan_dir, load_koans(koan_dir))
    koan_id = _koan_in(manifest, "train")
    declare_split(koan_dir, koan_id, "heldout")
    freeze(koan_dir, load_koans(koan_dir))  # records the edit; a frozen koan never moves
    assert read_manifest(koan_dir).entries[koan_id].split == "train"
    [problem] = manifest_problems(load_koans(koan_dir), read_manifest(koan_dir))
    assert problem.startswith(f"{koan_id}: koan.toml declares split 'heldout' but the manifest has it in 'train'")
