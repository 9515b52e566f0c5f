"""Two micro cycles give the same episodes and decisions as the checked-in record (same seed).

Refactors keep behaviour: this compares everything a cycle decides, not how it is computed. After
a deliberate change of behaviour, regenerate with `SLEEPY_UPDATE_GOLDEN=1 pytest <this file>` and
review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from sleepy.store import open_database
from tests.phases.adapter_backend import write_config

GOLDEN = Path(__file__).parent / "golden" / "micro_cycle.json"


def _canonical(run: Path) -> dict[str, object]:
    db = open_database(run / "sleepy.db")
    adapters: dict[str | None, str | None] = {None: None}

    def name(adapter_id: str | None) -> str | None:
        return adapters.setdefault(adapter_id, f"adapter{len(adapters)}")  # ids carry timestamps

    episodes = [
        {"cycle": e["cycle"], "phase": e["phase"], "task": e["task_id"], "split": e["split"],
         "attempt": e["attempt_idx"], "seed": e["seed"], "adapter": name(e["adapter_id"]), "outcome": e["outcome"],
         "steps": e["steps"], "steps_to_green": e["steps_to_green"], "first": e["first_error_signature"],
         "final": e["final_error_signature"], "diff": e["final_diff"]}
        for e in db.query("select * from episodes order by cycle, phase, task_id, attempt_idx, seed")
    ]
    decisions = [
        {"cycle": d["cycle"], "candidate": name(d["candidate_id"]), "current": name(d["current_id"]),
         "promoted": bool(d["promoted"]),
         "gates": {g["gate"]: g["passed"] for g in json.loads(d["results_json"])["gates"]},
         "rates": json.loads(d["results_json"])["rates"]}
        for d in db.query("select * from gate_decisions order by cycle")
    ]
    datasets = [{"cycle": d["cycle"], "examples": d["examples"], "sources": json.loads(d["source_counts_json"])}
                for d in db.query("select * from datasets order by cycle")]
    return {"episodes": episodes, "decisions": decisions, "datasets": datasets}


def test_two_micro_cycles_decide_as_recorded(tmp_path, quality, sleepy_cli):
    cfg, run = write_config(tmp_path, {"harmful_cycles": [1]}), tmp_path / "run"
    for _ in range(2):
        result = sleepy_cli("cycle", "-c", str(cfg), "--run-dir", str(run))
        assert result.exit_code == 0, result.output
    got = _canonical(run)
    if os.environ.get("SLEEPY_UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(got, indent=1, sort_keys=True) + "\n")
    assert got == json.loads(GOLDEN.read_text())
