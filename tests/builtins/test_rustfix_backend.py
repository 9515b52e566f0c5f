"""The `rustfix` baseline: chosen in config like any backend, no model, judged by the agent's own verdict."""

from __future__ import annotations

import json
import shutil

import pytest

from sleepy.agent.episode import EpisodeRun
from sleepy.agent.runner import run_episodes
from sleepy.agent.tools import BUILTIN_TOOLS
from sleepy.builtins.rustfix_backend import RustfixBackend, RustfixOptions
from sleepy.config import AgentConfig, load_config, resolve
from sleepy.errors import ConfigError
from sleepy.koans import freeze, load_koan, load_koans
from sleepy.records import CompletionRequest, SamplingParams
from sleepy.sandbox import Sandbox
from tests.koans.conftest import REPO_KOANS

FIXED_BY_RUSTC = "mutability/mutability_01"  # `koans verify` lists it among those rustc's suggestions fix
NOT_FIXED_BY_RUSTC = "borrow/borrow_01"


@pytest.fixture(scope="module")
def sandbox():
    return Sandbox()


def attempt(sandbox, koan_dir, options=None, max_steps=1):
    task = load_koan(REPO_KOANS / koan_dir).to_task("heldout")
    # The arm as docs/baselines.md configures it: rustfix alone, so no rustfix_first step before its reply.
    episode = EpisodeRun(task, config=AgentConfig(max_steps=max_steps, rustfix_first=False),
                         tools={t.name: t() for t in BUILTIN_TOOLS},
                         sandbox=sandbox, params=SamplingParams(), identity={"id": "e1", "run_id": "r1"})
    done = []
    run_episodes([episode], RustfixBackend(options), concurrency=1, on_finished=done.append)
    return done[0].record()


def test_rustfix_passes_a_koan_machine_applicable_suggestions_fix(sandbox):
    record = attempt(sandbox, FIXED_BY_RUSTC)
    assert (record.outcome, record.passed, record.steps_to_green) == ("passed", True, 1)
    assert record.steps[0].action["actions"][0]["tool"] == "rustfix"


def test_rustfix_fails_a_koan_they_do_not_fix(sandbox):
    record = attempt(sandbox, NOT_FIXED_BY_RUSTC, max_steps=2)
    assert (record.outcome, record.passed) == ("failed", False)
    assert all(s.action["actions"][0]["tool"] == "rustfix" for s in record.steps)


def test_every_reply_is_a_rustfix_call_with_the_options():
    backend = RustfixBackend(RustfixOptions(rounds=2, maybe_incorrect=True))
    completions = backend.complete_many([CompletionRequest(()), CompletionRequest(())])
    assert [(c.text, c.tool_calls[0].name, dict(c.tool_calls[0].arguments)) for c in completions] == [
        ("", "rustfix", {"rounds": 2, "maybe_incorrect": True})] * 2
    assert backend.describe() == {"backend": "rustfix", "model": "rustfix+maybe_incorrect", "adapter_id": None}


def test_selected_by_name_in_config_with_checked_options(tmp_path, sleepy_registry):
    def resolved(backend):
        path = tmp_path / "c.yaml"
        path.write_text(json.dumps({"backend": backend}))
        return resolve(load_config(path), sleepy_registry(), str(path))

    assert resolved("rustfix").backend.build().describe()["model"] == "rustfix"
    built = resolved({"name": "rustfix", "options": {"maybe_incorrect": True}}).backend.build()
    assert built.options == RustfixOptions(rounds=4, maybe_incorrect=True)
    with pytest.raises(ConfigError, match=r"\$\.backend\.options\.rounds"):
        resolved({"name": "rustfix", "options": {"rounds": 5}})


def test_sleepy_day_with_the_rustfix_backend(tmp_path, sleepy_cli):
    root = tmp_path / "koans"
    for koan_dir in (FIXED_BY_RUSTC, NOT_FIXED_BY_RUSTC):
        shutil.copytree(REPO_KOANS / koan_dir, root / koan_dir)
    manifest, _ = freeze(root, load_koans(root))
    cfg = tmp_path / "rustfix.yaml"
    cfg.write_text(json.dumps({"backend": "rustfix", "tasks": {"name": "koans", "options": {"path": str(root)}},
                               "agent": {"max_steps": 1, "rustfix_first": False}, "reporters": []}))
    run = tmp_path / "run"
    for split in sorted({entry.split for entry in manifest.entries.values()}):
        result = sleepy_cli("day", "-c", str(cfg), "--run-dir", str(run), "--split", split)
        assert result.exit_code == 0, result.output
    lines = sleepy_cli("export", "episodes", "--run-dir", str(run)).output.splitlines()
    passed = {json.loads(line)["task_id"]: json.loads(line)["passed"] for line in lines}
    assert passed == {"mutability_01": True, "borrow_01": False}
