"""With `agent.memory` on, what the agent recalls grows every cycle, so no cycle reuses another's evaluation."""

from __future__ import annotations

from sleepy.store import EpisodeStore
from tests.phases.adapter_backend import write_config


def eval_episodes_per_cycle(tmp_path, quality, sleepy_cli, agent):
    tmp_path.mkdir()
    cfg = write_config(tmp_path, consolidator=None, agent={"max_steps": 1, "concurrency": 4, **agent})
    run = tmp_path / "run"
    for _ in range(2):
        result = sleepy_cli("cycle", "-c", str(cfg), "--run-dir", str(run))
        assert result.exit_code == 0, result.output
    store = EpisodeStore.open(run / "sleepy.db")
    try:
        run_id = store.runs()[0].id
        return [len(store.find_episodes(run_id, cycle=c, phase="eval")) for c in (0, 1)]
    finally:
        store.close()


def test_memory_evaluates_every_cycle_afresh(tmp_path, quality, sleepy_cli):
    # 4 heldout + 2 frozen koans; without memory the second cycle reuses the first's evaluation of the base model.
    assert eval_episodes_per_cycle(tmp_path / "off", quality, sleepy_cli, {}) == [6, 0]
    assert eval_episodes_per_cycle(tmp_path / "on", quality, sleepy_cli, {"memory": {"k": 2}}) == [6, 6]
