"""What an episode counts: replies to green (format errors included) and its own time budget."""

from __future__ import annotations

import types

import pytest

import sleepy.agent.episode as episode_module
from sleepy.agent.episode import EpisodeRun
from sleepy.agent.runner import run_episodes
from sleepy.agent.tools import BUILTIN_TOOLS
from sleepy.builtins.scripted_backend import ScriptedBackend
from sleepy.config import AgentConfig
from sleepy.records import SamplingParams
from sleepy.sandbox import Sandbox
from tests.agent.test_episode import BUGGY, FIXED, TASK

WRONG = BUGGY.replace("a - b", "a * b")


@pytest.fixture(scope="module")
def sandbox():
    return Sandbox()


def episode(sandbox, name="e1", **config):
    return EpisodeRun(TASK, config=AgentConfig(**config), tools={t.name: t() for t in BUILTIN_TOOLS},
                      sandbox=sandbox, params=SamplingParams(), identity={"id": name, "run_id": "r1"})


def test_steps_to_green_counts_unparseable_replies(sandbox):
    backend = ScriptedBackend(["Sorry, here is no code.", f"```rust\n{FIXED}```"])
    run = episode(sandbox, format_retries=1)
    done = []
    run_episodes([run], backend, concurrency=1, on_finished=done.append)
    record = done[0].record()
    assert [s.outcome for s in record.steps] == ["format_error", "passed"]
    assert (record.passed, record.steps_to_green) == (True, 2)  # the second model reply fixed it


def test_a_batch_built_up_front_gives_each_episode_its_whole_time_budget(sandbox, monkeypatch):
    """The sleep phase builds every exploration episode before the first starts: each one's clock must
    start when it starts, or all but the first few time out after one reply."""
    clock = {"now": 0.0}
    monkeypatch.setattr(episode_module, "time", types.SimpleNamespace(monotonic=lambda: clock["now"]))

    class Slow(ScriptedBackend):  # every model call takes 50 s of (fake) time
        def complete_many(self, requests):
            clock["now"] += 50
            return super().complete_many(requests)

    batch = [episode(sandbox, f"e{i}", max_steps=2, task_timeout_seconds=120) for i in range(3)]
    records = []  # recorded as each finishes, as the phases do
    run_episodes(batch, Slow([f"```rust\n{WRONG}```", f"```rust\n{FIXED}```"] * 3), concurrency=1,
                 on_finished=lambda e: records.append(e.record()))
    assert [(r.outcome, r.steps_to_green) for r in records] == [("passed", 2)] * 3
    assert [r.wall_seconds for r in records] == [100.0] * 3
