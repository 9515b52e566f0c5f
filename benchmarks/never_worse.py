"""Is the default agent never worse than the `rustfix` baseline on a koan collection?

    python benchmarks/never_worse.py [--koans koans] [--limit N]

Runs every koan twice through the agent loop and the sandbox: once as the `rustfix` arm
(`backend: rustfix`, `agent: {max_steps: 1, rustfix_first: false}`), once as the default agent
(`agent.rustfix_first` on) with a model that only ever replies the buggy file unchanged, one reply.
Prints both pass sets and their differences: the agent must pass every koan the arm passes
(docs/baselines.md). No model is loaded; only rustc's suggestions can pass a koan here.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sleepy.agent.episode import EpisodeRun
from sleepy.agent.runner import run_episodes
from sleepy.agent.tools import BUILTIN_TOOLS
from sleepy.builtins.rustfix_backend import RustfixBackend
from sleepy.config import AgentConfig
from sleepy.koans import load_koans
from sleepy.records import Completion, CompletionRequest, SamplingParams, Task
from sleepy.sandbox import Sandbox


class UnchangedFile:
    """A model that replies the task's buggy file unchanged (what a 135M model mostly does)."""

    def __init__(self, source: str) -> None:
        self.source = source

    def complete_many(self, requests: Sequence[CompletionRequest]) -> list[Completion]:
        return [Completion(f"```rust\n{self.source}```") for _ in requests]

    def describe(self) -> dict[str, Any]:
        return {"backend": "unchanged", "model": "copycat", "adapter_id": None}


def passes(task: Task, backend: Any, config: AgentConfig, sandbox: Sandbox) -> bool:
    episode = EpisodeRun(task, config=config, tools={t.name: t() for t in BUILTIN_TOOLS}, sandbox=sandbox,
                         params=SamplingParams(), identity={"id": task.id, "run_id": "never-worse"})
    done: list[EpisodeRun] = []
    run_episodes([episode], backend, concurrency=1, on_finished=done.append)
    return done[0].record().passed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--koans", type=Path, default=Path(__file__).parents[1] / "koans")
    parser.add_argument("--limit", type=int, default=None, help="only the first N koans")
    args = parser.parse_args()
    sandbox, start = Sandbox(), time.monotonic()
    tasks = [koan.to_task("train") for koan in load_koans(args.koans)][: args.limit]
    arm = {t.id for t in tasks if passes(t, RustfixBackend(), AgentConfig(max_steps=1, rustfix_first=False), sandbox)}
    agent = {t.id for t in tasks
             if passes(t, UnchangedFile(next(iter(t.files.values()))), AgentConfig(max_steps=1), sandbox)}
    print(f"{len(tasks)} koans in {time.monotonic() - start:.0f} s")
    print(f"rustfix arm passes {len(arm)}: {', '.join(sorted(arm))}")
    print(f"default agent (a model copying the buggy file, 1 reply) passes {len(agent)}: {', '.join(sorted(agent))}")
    print(f"passed by the arm only: {', '.join(sorted(arm - agent)) or 'none'}; "
          f"by the agent only: {', '.join(sorted(agent - arm)) or 'none'}")
    raise SystemExit(1 if arm - agent else 0)


if __name__ == "__main__":
    main()
