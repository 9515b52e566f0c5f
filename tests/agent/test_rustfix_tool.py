"""The `rustfix` tool: rustc's own suggestions applied to the workspace, compiling again after each round."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from sleepy.agent.episode import EpisodeRun
from sleepy.agent.runner import run_episodes
from sleepy.agent.tools import BUILTIN_TOOLS, RustfixTool, Workspace
from sleepy.config import AgentConfig
from sleepy.records import Completion, CompletionRequest, SamplingParams, Task, ToolCall
from sleepy.sandbox import Mode, Sandbox, SandboxResult
from tests.agent.test_episode import FIXED
from tests.koans.test_verify import MISSING_MUT

PATH = "src/lib.rs"


@pytest.fixture(scope="module")
def sandbox():
    return Sandbox()


class CountingSandbox:
    """The real sandbox, counting its runs."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.modes: list[Mode] = []

    def run(self, files, mode=Mode.TEST, **kwargs) -> SandboxResult:
        self.modes.append(Mode(mode))
        return self.sandbox.run(files, mode, **kwargs)


def test_applies_machine_applicable_suggestions_and_stops_when_it_compiles(sandbox):
    counting = CountingSandbox(sandbox)
    workspace = Workspace({PATH: MISSING_MUT}, PATH, counting)
    effect = RustfixTool().run(workspace, {})
    assert effect.error is None and effect.new_files is not None
    assert effect.new_files[PATH] == MISSING_MUT.replace("let count = 0", "let mut count = 0")
    assert workspace.files[PATH] == MISSING_MUT  # the agent applies new_files, not the tool
    # Round 1 fixed it, round 2 saw it compile and stopped; only type-checks, nothing ran.
    assert counting.modes == [Mode.CHECK, Mode.CHECK]


def test_rounds_bound_the_compiles(sandbox):
    counting = CountingSandbox(sandbox)
    effect = RustfixTool().run(Workspace({PATH: MISSING_MUT}, PATH, counting), {"rounds": 1})
    assert effect.new_files is not None and counting.modes == [Mode.CHECK]


@pytest.mark.parametrize("source", [FIXED, FIXED.replace("a + b", "a - b")], ids=["compiles", "test_failure"])
def test_nothing_to_apply_is_an_error_the_model_reads(sandbox, source):
    effect = RustfixTool().run(Workspace({PATH: source}, PATH, sandbox), {})
    assert effect.new_files is None and effect.error == f"rustfix: rustc has no suggestion to apply to {PATH}"


def test_maybe_incorrect_suggestions_only_when_asked(sandbox):
    source = 'pub fn name() -> String {\n    let s: String = "koan";\n    s\n}\n'  # rustc: MaybeIncorrect .to_string()
    workspace = Workspace({PATH: source}, PATH, sandbox)
    assert RustfixTool().run(workspace, {}).new_files is None
    effect = RustfixTool().run(workspace, {"maybe_incorrect": True})
    assert effect.new_files is not None and '"koan".to_string();' in effect.new_files[PATH]


@pytest.mark.parametrize("arguments", [{"rounds": 0}, {"rounds": 5}, {"rounds": "2"}, {"rounds": True},
                                       {"maybe_incorrect": "yes"}, {"path": 3}])
def test_bad_arguments_are_refused_before_compiling(arguments):
    effect = RustfixTool().run(Workspace({PATH: MISSING_MUT}, PATH, None), arguments)
    assert effect.new_files is None and effect.error is not None and effect.error.startswith("rustfix: ")


class ToolCallingBackend:
    """A model that answers with native tool calls (as an OpenAI-compatible server does)."""

    def __init__(self, *calls: ToolCall) -> None:
        self.calls = list(calls)

    def complete(self, request: CompletionRequest) -> Completion:
        return Completion("", tool_calls=(self.calls.pop(0),))

    def complete_many(self, requests: Sequence[CompletionRequest]) -> list[Completion]:
        return [self.complete(r) for r in requests]

    def describe(self) -> dict[str, str]:
        return {"backend": "tool-calling", "model": "m"}


def test_a_model_calls_rustfix_and_the_verdict_judges_the_result(sandbox):
    task = Task(id="mut_01", family="mut", split="train", files={PATH: MISSING_MUT}, expected_failure="E0384")
    # rustfix_first off: the model's own call is what is tested (on, the first step would fix it before any call)
    episode = EpisodeRun(task, config=AgentConfig(max_steps=1, rustfix_first=False),
                         tools={t.name: t() for t in BUILTIN_TOOLS}, sandbox=sandbox, params=SamplingParams(),
                         identity={"id": "e1", "run_id": "r1"})
    done: list[EpisodeRun] = []
    run_episodes([episode], ToolCallingBackend(ToolCall("rustfix", {})), concurrency=1, on_finished=done.append)
    record = done[0].record()
    assert (record.outcome, record.steps_to_green) == ("passed", 1)
    assert record.steps[0].action == {"actions": [{"tool": "rustfix", "arguments": {}, "via": "tool_call"}]}
    assert "+    let mut count = 0;" in record.final_diff
