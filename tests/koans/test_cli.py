"""`sleepy koans list|freeze|status` on an own collection: before a manifest, one split for all, declared splits."""

from __future__ import annotations

import json

from tests.koans.test_manifest import declare_split


def test_list_works_before_a_manifest_exists(koan_dir, sleepy_cli):
    result = sleepy_cli("koans", "list", "--path", str(koan_dir))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:3] == ["alpha_00", "-", "test_failure"]
    assert lines[-2:] == ["12 koans", f"no manifest yet ({koan_dir}/manifest.json): run `sleepy koans freeze --path "
                                      f"{koan_dir}` to assign splits (`--split heldout` puts every koan in one split)"]
    rows = json.loads(sleepy_cli("koans", "list", "--path", str(koan_dir), "--json").output)  # JSON alone
    assert {r["split"] for r in rows} == {"-"}


def test_list_by_split_needs_the_manifest(koan_dir, sleepy_cli):
    result = sleepy_cli("koans", "list", "--path", str(koan_dir), "--split", "train")
    assert result.exit_code == 2
    assert f"--split needs {koan_dir}/manifest.json, which does not exist yet" in result.output


def test_freeze_split_heldout_then_list(koan_dir, sleepy_cli):
    frozen = sleepy_cli("koans", "freeze", "--path", str(koan_dir), "--split", "heldout")
    assert frozen.exit_code == 0 and frozen.output.splitlines()[-1] == "suite version 1: train 0, heldout 12, frozen 0"
    listed = sleepy_cli("koans", "list", "--path", str(koan_dir), "--split", "heldout")
    assert listed.output.splitlines()[-1] == "12 koans"  # and no closing line about a missing manifest


def test_status_reports_a_declared_split_the_manifest_disagrees_with(koan_dir, sleepy_cli):
    declare_split(koan_dir, "alpha_00", "frozen")
    sleepy_cli("koans", "freeze", "--path", str(koan_dir), "--split", "train")
    assert sleepy_cli("koans", "status", "--path", str(koan_dir)).exit_code == 0
    declare_split(koan_dir, "alpha_01", "heldout")  # after freezing: it stays in train
    sleepy_cli("koans", "freeze", "--path", str(koan_dir))
    status = sleepy_cli("koans", "status", "--path", str(koan_dir))
    assert status.exit_code == 1
    assert status.output.startswith("alpha_01: koan.toml declares split 'heldout' but the manifest has it in 'train'")
