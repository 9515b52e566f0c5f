from __future__ import annotations

from sleepy.dashboard import rows
from sleepy.gating import PROMOTED_NO_GAIN


def summary(decision):
    return {"cycle": 0, "model": "base", "pass_rate": {"heldout": {"rate": 0.0, "n": 4}},
            "candidate": {"id": "a1", "promoted": True, "decision": decision, "flips": {},
                          "pass_rate": {"heldout": {"rate": 0.0, "n": 4}}}}


def test_a_promotion_without_a_measured_gain_says_so():
    [heldout, _frozen] = rows.decisions([summary(PROMOTED_NO_GAIN)])
    assert heldout["decision"] == "promoted, no measured gain"
    assert rows.decisions([summary("promoted")])[0]["decision"] == "promoted"
