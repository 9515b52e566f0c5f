"""`agent.rustfix_first`: rustc's suggestions before the model's first reply, and the `RUSTFIX` text tool line.

The default agent is never worse than the `rustfix` baseline: a task rustc's suggestions fix passes with
no reply. What the suggestions did is recorded as a step no model made, so curation, the repeat-error
rate and memory never count it as the model's work.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pytest

from sleepy.agent.edits import apply_search_replace
from sleepy.agent.episode import EpisodeRun
from sleepy.agent.memory import EpisodeMemory
from sleepy.agent.replies import Action, parse_reply
from sleepy.agent.runner import run_episodes
from sleepy.agent.tools import BUILTIN_TOOLS
from sleepy.builtins.rustfix_backend import RustfixBackend
from sleepy.builtins.scripted_backend import ScriptedBackend
from sleepy.config import AgentConfig, MemoryConfig, load_config, resolve
from sleepy.curation import own_fixes, reference_fixes
from sleepy.dashboard import rows
from sleepy.koans import load_koan
from sleepy.records import Completion, CompletionRequest, EpisodeRecord, SamplingParams, Task
from sleepy.sandbox import Sandbox
from tests.koans.conftest import REPO_KOANS
from tests.koans.test_verify import MISSING_MUT

PATH = "src/lib.rs"
RUN = "r1"
# Shipped koans one rustfix pass fixes (`sleepy koans verify` lists them), and one it cannot fix.
FIXABLE = ("closures/closures_08", "mutability/mutability_01", "traits/traits_05")
NOT_FIXABLE = "borrow/borrow_01"
FIXED_MUT = MISSING_MUT.replace("let count = 0", "let mut count = 0")
# rustc's suggestion (`let mut`) makes it compile, but a test still fails: only half a fix.
HALF = MISSING_MUT.replace("word.len() > 3", "word.len() > 4")
HALF_SUGGESTED = HALF.replace("let count = 0", "let mut count = 0")


@pytest.fixture(scope="module")
def sandbox():
    return Sandbox()


class UnchangedFile:
    """A model that always replies the task's buggy file unchanged (what a 135M model mostly does)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.requests: list[CompletionRequest] = []

    def complete_many(self, requests: Sequence[CompletionRequest]) -> list[Completion]:
        self.requests.extend(requests)
        return [Completion(f"```rust\n{self.source}```", tokens_out=100) for _ in requests]

    def describe(self) -> dict[str, Any]:
        return {"backend": "unchanged", "model": "copycat", "adapter_id": None}


def koan_task(koan_dir: str) -> Task:
    return load_koan(REPO_KOANS / koan_dir).to_task("train")


def half_task(task_id: str) -> Task:
    return Task(id=task_id, family="mut", split="train", files={PATH: HALF}, reference_files={PATH: FIXED_MUT},
                expected_failure="E0384")


def attempt(sandbox, task: Task, backend, config: AgentConfig, tools=None) -> EpisodeRecord:
    tools = tools if tools is not None else {t.name: t() for t in BUILTIN_TOOLS}
    episode = EpisodeRun(task, config=config, tools=tools, sandbox=sandbox, params=SamplingParams(),
                         identity={"id": f"e-{task.id}", "run_id": RUN, "phase": "day", "cycle": 0})
    done: list[EpisodeRun] = []
    run_episodes([episode], backend, concurrency=1, on_finished=done.append)
    return done[0].record()


# --- never worse than the rustfix arm -----------------------------------------------------------------


def test_the_default_agent_passes_every_koan_the_rustfix_arm_passes(sandbox):
    tasks = [koan_task(k) for k in (*FIXABLE, NOT_FIXABLE)]
    # The arm as docs/baselines.md configures it: rustc's suggestions alone, one pass.
    arm = {t.id: attempt(sandbox, t, RustfixBackend(), AgentConfig(max_steps=1, rustfix_first=False)).passed
           for t in tasks}
    assert arm == {"closures_08": True, "mutability_01": True, "traits_05": True, "borrow_01": False}
    agent = {}
    for task in tasks:
        model = UnchangedFile(task.files[PATH])
        record = attempt(sandbox, task, model, AgentConfig())  # the default agent, with a model that fixes nothing
        agent[task.id] = record.passed
        if record.passed:  # with no reply at all: one step, rustc's, no prompt, no tokens
            assert (record.steps_to_green, model.requests, record.tokens_out) == (0, [], 0)
            assert [(s.by_model, s.outcome, s.messages) for s in record.steps] == [(False, "passed", ())]
            assert record.first_error_signature is None
        else:
            assert record.outcome == "failed" and len(model.requests) == 3
    assert agent == arm


def test_suggestions_that_do_not_fix_are_where_the_model_starts(sandbox):
    model = ScriptedBackend([f"```rust\n{FIXED_MUT}```"])
    record = attempt(sandbox, half_task("mut_02"), model, AgentConfig())
    first, reply = record.steps
    assert (first.by_model, first.reply, first.tokens_out, first.messages) == (False, "", 0, ())
    assert first.action == {"actions": [{"tool": "rustfix", "arguments": {}, "via": "rustfix_first"}]}
    assert first.outcome == "test_failure" and "+    let mut count = 0;" in first.diff
    prompt = model.requests[0].messages[1].content
    assert HALF_SUGGESTED.strip() in prompt and "It compiles, but tests fail" in prompt
    assert "RUSTFIX" not in prompt  # rustc has nothing left to suggest for this file
    assert reply.by_model and reply.outcome == "passed"
    # Steps-to-green counts replies: one, though the episode has two steps.
    assert (record.passed, record.steps_to_green, record.first_error_signature) == (True, 1, None)


def test_off_is_the_old_behaviour(sandbox):
    model = ScriptedBackend([f"```rust\n{FIXED_MUT}```"])
    record = attempt(sandbox, half_task("mut_02"), model, AgentConfig(rustfix_first=False))
    assert [s.by_model for s in record.steps] == [True] and record.steps_to_green == 1
    prompt = model.requests[0].messages[1].content
    assert HALF.strip() in prompt and "does not compile" in prompt
    assert "RUSTFIX" not in prompt  # off, the agent brings in no compiler suggestions, in the prompt neither
    task = koan_task(FIXABLE[1])
    assert not attempt(sandbox, task, UnchangedFile(task.files[PATH]), AgentConfig(rustfix_first=False)).passed


def test_the_option_is_in_the_config_hash_and_off_keeps_the_old_one(tmp_path, sleepy_registry):
    def resolved(agent):
        path = tmp_path / "c.yaml"
        path.write_text(json.dumps({"backend": "scripted", "agent": agent}))
        return resolve(load_config(path), sleepy_registry(), str(path))

    on, off, old = resolved({}), resolved({"rustfix_first": False}), resolved({"max_steps": 3})
    assert on.snapshot()["agent"]["rustfix_first"] is True
    # Off is the behaviour before the option existed: left out, as before, so old runs resume and their
    # cached evaluations (keyed by the config hash) still count; on, they are measured again.
    assert "rustfix_first" not in off.snapshot()["agent"]
    assert on.config_hash() != off.config_hash()
    assert old.config_hash() == on.config_hash()


# --- the RUSTFIX line ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["RUSTFIX", "RUSTFIX\n", "I will apply the compiler's fixes.\nRUSTFIX\n",
                                  "`RUSTFIX`"])
def test_a_rustfix_line_calls_the_tool(text):
    assert parse_reply(Completion(text)) == [Action("rustfix", {}, "text_tool")]


def test_a_rustfix_line_runs_after_the_replys_edits():
    text = f"```rust\n{MISSING_MUT}```\nRUSTFIX\n"
    assert parse_reply(Completion(text)) == [Action("write", {"content": MISSING_MUT}, "fence"),
                                             Action("rustfix", {}, "text_tool")]
    assert parse_reply(Completion(f"RUSTFIX\n{MISSING_MUT}")) == [Action("write", {"content": MISSING_MUT},
                                                                         "bare_code"),
                                                                  Action("rustfix", {}, "text_tool")]


@pytest.mark.parametrize("text", [
    f"```rust\nRUSTFIX\n{MISSING_MUT}```",  # inside code: code
    "    RUSTFIX\n",  # not at the start of its line
    "call RUSTFIX please",  # not a line of its own
    "rustfix",
])
def test_rustfix_anywhere_else_is_no_call(text):
    try:
        actions = parse_reply(Completion(text))
    except ValueError:
        actions = []
    assert all(a.tool != "rustfix" for a in actions)


def test_a_text_model_calls_rustfix_when_the_prompt_offers_it(sandbox):
    # The task compiles (its test fails): rustc has nothing to suggest, so no rustfix_first step and no offer.
    task = Task(id="mut_05", family="mut", split="train", files={PATH: HALF_SUGGESTED},
                reference_files={PATH: FIXED_MUT})
    model = ScriptedBackend([f"```rust\n{MISSING_MUT}```", "RUSTFIX"])  # right logic, `mut` forgotten
    record = attempt(sandbox, task, model, AgentConfig())
    first, second = (r.messages[1].content for r in model.requests)
    assert "RUSTFIX" not in first and "reply with the single line RUSTFIX" in second
    assert record.steps[1].action == {"actions": [{"tool": "rustfix", "arguments": {}, "via": "text_tool"}]}
    assert (record.passed, record.steps_to_green, len(record.steps)) == (True, 2, 2)
    assert "let mut count = 0;" in record.final_code
    # Not offered where the tool is not enabled.
    model = ScriptedBackend([f"```rust\n{MISSING_MUT}```", f"```rust\n{FIXED_MUT}```"])
    tools = {t.name: t() for t in BUILTIN_TOOLS if t.name != "rustfix"}
    assert attempt(sandbox, task, model, AgentConfig(), tools).passed
    assert all("RUSTFIX" not in r.messages[1].content for r in model.requests)


# --- curation, repeat errors and memory: a step rustc made is no model's -----------------------------------


@pytest.fixture
def store(episode_store, sandbox):
    episode_store.record_run(RUN, command="day", config_hash="h", config={}, seed=0, sleepy_version="0")
    fixable = koan_task(FIXABLE[1])
    records = [
        # rustc's suggestions alone pass it
        attempt(sandbox, fixable, UnchangedFile(fixable.files[PATH]), AgentConfig()),
        # rustc's suggestions half-fix it, the model's first reply finishes it
        attempt(sandbox, half_task("mut_02"), ScriptedBackend([f"```rust\n{FIXED_MUT}```"]), AgentConfig()),
        # the model's first reply (an edit of the suggested file) fails, its second passes
        attempt(sandbox, half_task("mut_03"), ScriptedBackend([
            "<<<<<<< SEARCH\n        if word.len() > 4 {\n=======\n        if word.len() > 5 {\n>>>>>>> REPLACE",
            f"```rust\n{FIXED_MUT}```"]), AgentConfig(reply_format="search_replace")),
    ]
    assert [(r.passed, r.steps_to_green, len(r.steps)) for r in records] == [(True, 0, 1), (True, 1, 2), (True, 2, 3)]
    for record in records:
        episode_store.record_episode(record)
    return episode_store, {fixable.id: fixable, "mut_02": half_task("mut_02"), "mut_03": half_task("mut_03")}


def test_curation_makes_no_own_fix_from_a_pass_no_model_made(store):
    store, tasks = store
    own = list(own_fixes(store, tasks, run_id=RUN, cycle=0, phases=("day",), source="own_fix", weight=1.0))
    assert sorted(e.task_id for e in own) == ["mut_02", "mut_03"]
    assert all(e.messages and e.target.startswith("```rust") for e in own)


def test_the_episode_browser_labels_rustcs_step(store):
    store, _ = store
    steps = rows.steps(store, store.find_episodes(RUN, task_id="mut_02")[0].id)
    assert [s["by_model"] for s in steps] == [False, True]


def test_reference_pairs_start_from_the_first_model_prompt(store):
    store, tasks = store
    refs = list(reference_fixes(store, tasks, run_id=RUN, cycle=0, weight=2.0))
    # mut_02's first reply passed: nothing to teach; mutability_01 had no prompt at all.
    assert [e.task_id for e in refs] == ["mut_03"]
    steps = store.step_records(store.find_episodes(RUN, task_id="mut_03")[0].id)
    assert refs[0].messages == steps[1].messages  # the first reply's prompt, which showed rustc's suggested file
    # Its SEARCH/REPLACE target applies to the file that prompt showed and gives the fix.
    search, replace = refs[0].target.split("<<<<<<< SEARCH\n", 1)[1].split("\n>>>>>>> REPLACE")[0].split(
        "\n=======\n")
    assert apply_search_replace(HALF_SUGGESTED, search + "\n", replace + "\n").text == FIXED_MUT


def test_repeat_errors_leave_out_what_rustc_left(store):
    store, _ = store
    # mut_02's only failing step is rustc's (the state it left): no mistake of the model's.
    assert {task for task, _ in store.failure_pairs(RUN, 0, "day")} == {"mut_03"}


def test_memory_shows_no_pass_of_rustc_alone_as_a_fix(store):
    store, tasks = store
    memory = EpisodeMemory(store, RUN, set(tasks), MemoryConfig(k=3))
    recalled = {f.task_id for f in memory.recall(Task(id="mutability_99", family="mutability", split="train",
                                                        files={PATH: HALF}), None)}
    assert recalled == set()  # mutability_01 passed by rustc's suggestions alone: no fix to show as one
    assert {f.task_id for f in memory.recall(half_task("mut_09"), None)} == {"mut_02", "mut_03"}
