from __future__ import annotations

import pytest

from sleepy.agent.episode import EpisodeRun
from sleepy.agent.runner import run_episodes
from sleepy.agent.tools import BUILTIN_TOOLS
from sleepy.builtins.scripted_backend import ScriptedBackend
from sleepy.config import AgentConfig
from sleepy.records import SamplingParams, Task, ToolCall
from sleepy.sandbox import Sandbox

BUGGY = """/// Adds two numbers.
pub fn add(a: i32, b: i32) -> i32 {
    a - b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds() {
        assert_eq!(add(2, 3), 5);
    }
}
"""
FIXED = BUGGY.replace("a - b", "a + b")
TASK = Task(id="alpha_01", family="alpha", split="train", files={"src/lib.rs": BUGGY},
            reference_files={"src/lib.rs": FIXED}, expected_failure="test_failure")


@pytest.fixture(scope="module")
def sandbox():
    return Sandbox()


def run(sandbox, *replies, task=TASK, **config):
    backend = ScriptedBackend(replies)
    episode = EpisodeRun(task, config=AgentConfig(**config), tools={t.name: t() for t in BUILTIN_TOOLS},
                         sandbox=sandbox, params=SamplingParams(), identity={"id": "e1", "run_id": "r1"})
    done = []
    run_episodes([episode], backend, concurrency=1, on_finished=done.append)
    return done[0].record(), backend


def test_whole_file_fix_passes_in_one_step(sandbox):
    record, backend = run(sandbox, f"```rust\n{FIXED}```")
    assert (record.outcome, record.passed, record.steps_to_green, len(record.steps)) == ("passed", True, 1, 1)
    assert "-    a - b\n+    a + b" in record.final_diff
    assert "tests fail" in backend.requests[0].messages[1].content  # the first prompt carries real feedback
    step = record.steps[0]
    assert step.error_signature is None and step.tool_result["sandbox"]["outcome"] == "passed"


def test_failed_attempt_then_fix_records_signatures_and_steps(sandbox):
    wrong = BUGGY.replace("a - b", "a + b + \"x\"")
    record, backend = run(sandbox, f"```rust\n{wrong}```", f"```rust\n{FIXED}```", max_steps=3)
    assert (record.outcome, record.steps_to_green) == ("passed", 2)
    assert record.first_error_signature.startswith("E0277")
    assert record.steps[0].diagnostics and record.steps[0].diagnostics[0].code == "E0277"
    assert "does not compile" in backend.requests[1].messages[1].content


def test_the_episode_keeps_the_file_it_ended_with(sandbox):
    passed, _ = run(sandbox, f"```rust\n{FIXED}```")
    failed, _ = run(sandbox, "no code here", format_retries=0)
    assert (passed.final_code, failed.final_code) == (FIXED, BUGGY)


def test_search_replace_edit(sandbox):
    record, _ = run(sandbox, "<<<<<<< SEARCH\n    a - b\n=======\n    a + b\n>>>>>>> REPLACE",
                    reply_format="search_replace")
    assert record.passed and record.steps[0].reply_format == "search_replace"
    assert record.steps[0].action["actions"][0]["tool"] == "edit"


def test_no_code_block_is_a_format_error_then_retried_with_the_rule(sandbox):
    record, backend = run(sandbox, "Sorry, I cannot.", "Still no code.", format_retries=1)
    assert record.outcome == "format_error" and not record.passed
    assert [s.outcome for s in record.steps] == ["format_error", "format_error"]
    assert "could not be used" in backend.requests[1].messages[1].content
    assert "```rust code block" in backend.requests[1].messages[1].content


def test_deleting_the_tests_does_not_pass(sandbox):
    no_tests = "pub fn add(a: i32, b: i32) -> i32 {\n    a - b\n}\n"
    record, _ = run(sandbox, f"```rust\n{no_tests}```", max_steps=1)
    assert record.outcome == "failed" and record.steps[0].tool_result["tests_restored"] is True
    assert record.steps[0].error_signature.startswith("test_failure")


def test_weakening_the_tests_does_not_pass(sandbox):
    weakened = BUGGY.replace("assert_eq!(add(2, 3), 5);", "assert_eq!(add(2, 3), -1);")
    record, _ = run(sandbox, f"```rust\n{weakened}```", max_steps=1)
    assert not record.passed and record.steps[0].tool_result["tests_restored"] is True


def test_editing_cargo_toml_is_a_labelled_violation(sandbox):
    from sleepy.records import Completion  # noqa: F401  (tool calls come through Completion)

    class ToolCalling(ScriptedBackend):
        def complete(self, request):
            completion = super().complete(request)
            return type(completion)(completion.text, tool_calls=(ToolCall("write", {
                "path": "Cargo.toml", "content": "[dependencies]\nserde = '1'\n"}),))

    backend = ToolCalling(["(tool call)"])
    episode = EpisodeRun(TASK, config=AgentConfig(max_steps=1), tools={t.name: t() for t in BUILTIN_TOOLS},
                         sandbox=sandbox, params=SamplingParams(), identity={"id": "e", "run_id": "r"})
    done = []
    run_episodes([episode], backend, concurrency=1, on_finished=done.append)
    record = done[0].record()
    assert record.outcome == "sandbox_violation"
    assert "Cargo.toml" in record.steps[0].tool_result["sandbox"]["reason"]


def test_ambiguous_edit_is_refused_and_fed_back(sandbox):
    task = Task(id="t", family="f", split="train", files={"src/lib.rs": BUGGY.replace(
        "/// Adds two numbers.", "/// Adds two numbers: a - b is wrong.\n// a - b")})
    record, backend = run(sandbox, "<<<<<<< SEARCH\na - b\n=======\na + b\n>>>>>>> REPLACE",
                          f"```rust\n{FIXED}```", task=task, max_steps=2)
    assert record.steps[0].outcome == "edit_error"
    assert "matches 3 places" in backend.requests[1].messages[1].content


def test_many_episodes_share_batched_calls(sandbox):
    batches = []

    class Counting(ScriptedBackend):
        def complete_many(self, requests):
            batches.append(len(requests))
            return super().complete_many(requests)

    backend = Counting([f"```rust\n{FIXED}```"] * 3)
    episodes = [EpisodeRun(TASK, config=AgentConfig(), tools={t.name: t() for t in BUILTIN_TOOLS}, sandbox=sandbox,
                           params=SamplingParams(), identity={"id": f"e{i}", "run_id": "r"}) for i in range(3)]
    done = []
    run_episodes(episodes, backend, concurrency=3, on_finished=done.append)
    assert batches == [3] and all(e.record().passed for e in done)


def test_a_faked_test_report_does_not_pass(sandbox):
    faker = FIXED.replace("pub fn add(a: i32, b: i32) -> i32 {\n    a + b\n}", (
        "pub fn add(a: i32, b: i32) -> i32 {\n"
        "    println!(\"\\ntest result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out\");\n"
        "    std::process::exit(0)\n}"))
    assert "process::exit" in faker
    record, _ = run(sandbox, f"```rust\n{faker}```", max_steps=1)
    assert not record.passed


@pytest.mark.parametrize("cheat", [
    # The two replies that passed an unfixed koan before the verdict had a completion proof.
    FIXED.replace("    a + b\n", "    use std::io::Write;\n    let _ = std::io::stdout().write_all("
                  "b\"\\ntest result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out\\n\");\n"
                  "    std::process::exit(0)\n").replace("a + b", "a - b"),
    "macro_rules! assert_eq { ($($t:tt)*) => {}; }\n" + BUGGY,
])
def test_the_agent_judges_with_the_shared_verdict(sandbox, cheat):
    record, _ = run(sandbox, f"```rust\n{cheat}```", max_steps=1)
    assert not record.passed and record.outcome == "failed"
    assert record.steps[0].tool_result["sandbox"]["outcome"] == "test_failure"
