"""Forgetting, plasticity and added-skill bytes in `sleepy compare` (sleepy.compare.transfer, skill_size)."""

from __future__ import annotations

import json

from sleepy.compare.skill_size import SkillSize, skill_size
from sleepy.compare.transfer import transfer
from tests.adapters.fake_adapter import make_adapter, write_safetensors
from tests.compare.test_compare import write_comparison

# Every candidate is promoted (a heldout delta of -100% still meets min_delta), so a harmful one replaces a good one.
ALWAYS = [{"name": "heldout_improvement", "options": {"min_delta": -1.0}}]


def test_backward_transfer_counts_earlier_fixes_that_a_later_sleep_broke_and_those_kept(tmp_path, quality,
                                                                                       sleepy_cli):
    path = write_comparison(tmp_path, cycles=2, arms=[
        {"name": "keeps", "config": {"gates": ALWAYS}},
        {"name": "forgets", "config": {"gates": ALWAYS, "consolidator": {
            "name": "quality-trainer", "options": {"harmful_cycles": [1]}}}}])
    out = tmp_path / "out"
    result = sleepy_cli("compare", "-c", str(path), "--out", str(out))
    assert result.exit_code == 0, result.output
    arms = {a["name"]: a["cycles"] for a in json.loads((out / "compare.json").read_text())["arms"]}
    keeps, forgets = arms["keeps"], arms["forgets"]
    # cycle 0: the base model fails the 2 heldout and 2 frozen koans, the good adapter passes all 4
    for arm in (keeps, forgets):
        assert arm[0]["plasticity"] == {"newly_fixed": 4, "failed_before": 4, "share": 1.0}
        assert arm[0]["backward_transfer"] == {"k": 0, "n": 0, "rate": None, "low": None, "high": None}
    # cycle 1: nothing left to fix; the harmful adapter (promoted) breaks all 4 earlier fixes, the good one keeps them
    assert forgets[1]["plasticity"] == keeps[1]["plasticity"] == {"newly_fixed": 0, "failed_before": 0,
                                                                  "share": None}
    assert (forgets[1]["backward_transfer"]["k"], forgets[1]["backward_transfer"]["n"]) == (0, 4)
    assert forgets[1]["backward_transfer"]["rate"] == 0.0
    assert (keeps[1]["backward_transfer"]["k"], keeps[1]["backward_transfer"]["n"]) == (4, 4)
    # a plain adapter is the skill as a whole: every file of the candidate, no basis
    assert keeps[1]["skill_bytes"] > 0 and keeps[1]["basis_bytes"] is None
    markdown = (out / "compare.md").read_text()
    lines = [line for line in markdown.splitlines() if line.startswith(("| forgets | 1 |", "| keeps | 0 |"))]
    assert any("| 0/0 (-) | 0% (0/4) |" in line for line in lines)  # the last-cycle row of forgets
    assert any("| 4/4 (100%) | - (n=0) |" in line for line in lines)  # nothing fixed before cycle 0
    assert (out / "compare_forgetting.png").stat().st_size > 0


def _subspace_adapter(path, skills):
    make_adapter(path)
    (path / "subspace").mkdir()
    write_safetensors(path / "subspace" / "basis.safetensors", {"q_proj/alpha": (64, 8), "q_proj/beta": (64, 8)})
    write_safetensors(path / "subspace" / "skills.safetensors", skills)
    (path / "subspace" / "state.json").write_text("{}")
    return path


def test_a_subspace_adapter_counts_its_newest_skill_and_its_basis_apart(tmp_path):
    # skill 0 a plain LoRA (2 x 64 x 4 floats), skill 1 coefficients (2 x 8 x 4 floats); float32 = 4 bytes
    adapter = _subspace_adapter(tmp_path / "a", {"0/q_proj/a": (4, 64), "0/q_proj/b": (64, 4),
                                                 "1/q_proj/e_a": (8, 4), "1/q_proj/e_b": (8, 4)})
    assert skill_size(adapter) == SkillSize(skill_bytes=2 * 8 * 4 * 4, basis_bytes=2 * 64 * 8 * 4)
    # indexes compare as numbers: skill 10 is newer than skill 9
    later = _subspace_adapter(tmp_path / "b", {"9/q_proj/e_a": (8, 4), "10/q_proj/e_a": (8, 2)})
    assert skill_size(later).skill_bytes == 8 * 2 * 4
    # without subspace state the adapter directory is the skill
    plain = make_adapter(tmp_path / "plain")
    assert skill_size(plain) == SkillSize(sum(p.stat().st_size for p in plain.iterdir()), None)


def test_an_item_fixed_broken_and_fixed_again_counts_once_and_unmeasured_items_not_at_all():
    start = {"heldout": {(0, "a"): False, (0, "b"): False, (0, "c"): True}, "frozen": {(0, "a"): False}}
    cycles = [{"heldout": {(0, "a"): True, (0, "b"): False, (0, "c"): True}, "frozen": {(0, "a"): True}},
              {"heldout": {(0, "a"): False, (0, "b"): True, (0, "c"): True}, "frozen": {}},  # frozen not measured
              {"heldout": {(0, "a"): True, (0, "b"): True, (0, "c"): False}, "frozen": {(0, "a"): True}}]
    got = [(t.newly_fixed, t.failed_before, t.kept, t.earlier_fixed) for t in transfer(start, cycles)]
    # cycle 0 fixes heldout a and frozen a (the same task in two splits: two items); cycle 1 fixes b and breaks
    # heldout a (frozen a unmeasured: not counted); cycle 2 fixes heldout a again (once among the earlier fixes,
    # 3 in all, every one passed) and breaks c, which passed from the start: no earlier fix, so no forgetting
    assert got == [(2, 3, 0, 0), (1, 1, 0, 1), (1, 1, 3, 3)]
