"""One attempt at one task, as a state machine so many episodes can share batched model calls.

`start()` runs the untouched task (and, with `agent.rustfix_first`, applies rustc's suggestions to a
failing one before any reply), `request()` gives the next prompt, `advance(completion)` applies the reply
through the tools and runs the original tests in the sandbox, `record()` gives the episode with every step.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, Protocol

from sleepy.agent.feedback import render_result, truncate, unified_diff
from sleepy.agent.prompts import build_messages, task_message
from sleepy.agent.replies import Action, ReplyFormatError, check_unicode, format_rule, parse_reply, valid_unicode
from sleepy.agent.source import split_tests, with_original_tests
from sleepy.agent.task_sandbox import ProjectBuilds, sandbox_for
from sleepy.agent.tools import RustfixTool, Workspace
from sleepy.agent.view import FileView, view_of
from sleepy.config import AgentConfig
from sleepy.diagnostics import apply_suggestions
from sleepy.records import RUSTFIX_FIRST, Completion, CompletionRequest, EpisodeRecord, SamplingParams, StepRecord, Task
from sleepy.sandbox import Outcome, Sandbox, SandboxResult


class Recall(Protocol):
    """What the agent asks memory (`sleepy.agent.memory.EpisodeMemory`): earlier fixes for a prompt."""

    def prompt_block(self, task: Task, signature: str | None) -> str: ...


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _result_summary(result: SandboxResult) -> dict[str, Any]:
    tests = result.tests
    return {
        "outcome": result.outcome.value,
        "reason": result.reason,
        "isolation": result.isolation.value,
        "compile_seconds": round(result.compile_seconds, 4),
        "run_seconds": round(result.run_seconds, 4),
        "tests": None if tests is None else {"passed": tests.passed, "failed": tests.failed,
                                             "failing": list(tests.failing_names)},
    }


def _signature(result: SandboxResult) -> str | None:
    signature = result.signature()
    return str(signature) if signature else None


class EpisodeRun:
    """Drives the agent through one task; see the module docstring."""

    def __init__(
        self,
        task: Task,
        *,
        config: AgentConfig,
        tools: Mapping[str, Any],
        sandbox: Sandbox,
        params: SamplingParams,
        identity: Mapping[str, Any],
        memory: Recall | None = None,
        router: Callable[[Task, str | None], str | None] | None = None,
        projects: ProjectBuilds | None = None,
    ) -> None:
        self.task = task
        self.config = config
        self.tools = tools
        self.params = params
        self.identity = dict(identity)  # id, run_id, cycle, phase, attempt_idx, backend, model, ...
        self.memory = memory
        self.router = router  # (task, the untouched code's error signature) -> the adapter routed to, or None
        self.route: str | None = None
        self.main_path = next(iter(task.files))
        self.original = task.files[self.main_path]
        self.original_tests = split_tests(self.original).tests
        self.workspace = Workspace(dict(task.files), self.main_path, sandbox_for(task, sandbox, projects))
        self.steps: list[StepRecord] = []
        self.attempts = 0  # replies whose actions ran (the max_steps budget)
        self.replies = 0  # every model reply, unparseable ones included (what steps-to-green counts)
        self.format_errors = 0
        self.feedback = ""
        self.outcome: str | None = None
        self.steps_to_green: int | None = None
        self.first_signature: str | None = None
        self.last_signature: str | None = None
        self.current_signature: str | None = None  # of the last test run, what memory matches on
        self.suggestions = False  # rustc has suggestions for the current file: the prompt offers RUSTFIX
        self.started_at = _now()
        self._clock_start = time.monotonic()
        self._sandbox_seconds = 0.0
        self._tested_once = False

    # --- driving ------------------------------------------------------------------------------

    def start(self) -> None:
        """Run the untouched task once so the first prompt carries the real compiler output."""
        # The episode's clock starts here, not when it was built: a runner builds a whole batch first and
        # starts each when a slot frees, and the time spent waiting is not this episode's.
        self.started_at = _now()
        self._clock_start = time.monotonic()
        result = self._run_tests()
        self._observe(result)
        if self.router is not None:  # chosen once, from the task as given: nothing a reply writes can move it
            self.route = self.router(self.task, self.current_signature)
        if result.outcome is Outcome.PASSED:
            self.outcome, self.steps_to_green = "passed", 0  # nothing to fix: a broken task, recorded as is
        self.feedback = render_result(result, self.config.tool_output_chars)
        if self.outcome is None and self.config.rustfix_first:
            self._rustfix_first()

    def _rustfix_first(self) -> None:
        """rustc's suggestions before any reply: the very code of the `rustfix` baseline (its tool, rounds and
        verdict), so a task that baseline passes passes here with 0 replies. A file they change but do not fix
        is where the model starts, with its new diagnostics (the step is recorded either way); a file they
        leave as it was records no step. The step has no prompt and no reply, and is no model's fix."""
        untouched = self.feedback
        tool = RustfixTool()
        result = self._act({"idx": len(self.steps)}, [Action(tool.name, {}, RUSTFIX_FIRST)], time.monotonic(),
                           {tool.name: tool}, by_model=False)
        if result is not None and result.outcome is Outcome.SANDBOX_VIOLATION:
            self.feedback = untouched  # reverted: the model sees the task as it was, not a refusal it never made

    @property
    def done(self) -> bool:
        return self.outcome is not None

    def request(self) -> CompletionRequest:
        """The prompt for the next model reply."""
        recalled = self.memory.prompt_block(self.task, self.current_signature) if self.memory is not None else ""
        view = self._view()
        user = task_message(path=self.main_path, source=self.workspace.shown(self.main_path),
                            feedback=self.feedback, reply_format=self.config.reply_format, attempt=self.attempts,
                            memory=recalled, rustfix=self._offer_rustfix, shown=view.label,
                            target=self.task.target)
        return CompletionRequest(build_messages(user), self.params, adapter=self.route)

    def advance(self, completion: Completion, request: CompletionRequest) -> None:
        """Apply one reply: parse it, run its tools, test the result, record the step."""
        tool_start = time.monotonic()
        self.replies += 1
        step: dict[str, Any] = {"idx": len(self.steps), "reply_format": self.config.reply_format,
                                "messages": request.messages, "reply": valid_unicode(completion.text),
                                "tokens_in": completion.tokens_in, "tokens_out": completion.tokens_out,
                                "model_seconds": completion.seconds}
        try:
            check_unicode(completion)
            actions = parse_reply(completion)
            unknown = [a.tool for a in actions if a.tool not in self.tools]
            if unknown:
                raise ReplyFormatError(f"unknown tool(s) {', '.join(unknown)}; available: {', '.join(self.tools)}")
        except ReplyFormatError as exc:
            self.format_errors += 1
            rule = format_rule(self.config.reply_format, rustfix=self._offer_rustfix, shown=self._view().label)
            self.feedback = f"Your reply could not be used: {exc}. {rule}"
            self._record(step, outcome="format_error", tool_result={"error": str(exc)}, tool_start=tool_start)
            if self.format_errors > self.config.format_retries:
                self.outcome = "format_error" if self.attempts == 0 else "failed"
            self._check_budget()
            return
        self.attempts += 1
        self._view()  # the reply was written against the part of the file its prompt showed
        result = self._act(step, actions, tool_start, self.tools, by_model=True)
        if self.outcome is None and self.attempts >= self.config.max_steps:
            violated = result is not None and result.outcome is Outcome.SANDBOX_VIOLATION
            self.outcome = Outcome.SANDBOX_VIOLATION.value if violated else "failed"
        self._check_budget()

    @property
    def _offer_rustfix(self) -> bool:
        # Only where the tool is enabled and has something to apply (a small model told of it every time would
        # spend its replies calling it on files rustc has nothing to suggest for), and only with rustfix_first
        # on: off, the agent brings no compiler suggestions in by itself and its prompts are as they were.
        return self.config.rustfix_first and self.suggestions and RustfixTool.name in self.tools

    def _view(self) -> FileView:
        """The part of the current file the prompt shows (sleepy/agent/view.py); set on the workspace, where
        `write` and `edit` apply to it."""
        view = view_of(self.task, self.workspace.files[self.main_path])
        self.workspace.view = None if view.whole else view
        return view

    def _observe(self, result: SandboxResult) -> None:
        self.current_signature = _signature(result)
        files = self.workspace.files
        self.suggestions = apply_suggestions(files[self.main_path], result.diagnostics, self.main_path) is not None

    def _act(self, step: dict[str, Any], actions: list[Action], tool_start: float, tools: Mapping[str, Any], *,
             by_model: bool) -> SandboxResult | None:
        """Run `actions` with `tools`, test a changed file and record the step (a step no model made only when
        it changed the file); the test result, if any."""
        files_before = dict(self.workspace.files)
        step["action"] = {"actions": [a.to_json() for a in actions]}
        outputs, errors, result, fuzzy, changed = [], [], None, False, False
        for action in actions:
            effect = tools[action.tool].run(self.workspace, action.arguments)
            outputs.append(effect.output)
            fuzzy = fuzzy or effect.fuzzy
            if effect.error:
                errors.append(effect.error)
            if effect.new_files is not None:
                self.workspace.files = dict(effect.new_files)
                changed = True
            if effect.result is not None:
                result = effect.result
        if not changed and not by_model:
            return None
        tests_restored = False
        attempted = dict(self.workspace.files)
        if changed:
            restored, tests_restored = with_original_tests(self.workspace.files[self.main_path], self.original_tests)
            self.workspace.files[self.main_path] = restored
            attempted = dict(self.workspace.files)
            result = self._run_tests()
            if result.outcome is Outcome.SANDBOX_VIOLATION:
                self.workspace.files = dict(files_before)  # refused: the next attempt starts from before
        tool_result: dict[str, Any] = {"outputs": outputs, "errors": errors, "tests_restored": tests_restored,
                                       "fuzzy_match": fuzzy}
        if result is not None:
            tool_result["sandbox"] = _result_summary(result)
            signature = result.signature()
            step["error_signature"] = str(signature) if signature else None
            self._observe(result)
            step["diagnostics"] = result.diagnostics
            self.feedback = render_result(result, self.config.tool_output_chars)
            if changed:
                self._attempt_result(result, str(signature) if signature else None, by_model=by_model)
        if errors:
            self.feedback = "Your edit could not be applied: " + truncate("; ".join(errors), 500)
        # The diff the reply proposed (also when the sandbox refused it and the files were reverted).
        step["diff"] = "".join(unified_diff(files_before.get(path, ""), text, path)
                               for path, text in sorted(attempted.items()))
        step_outcome = result.outcome.value if result is not None else ("edit_error" if errors else "no_change")
        self._record(step, outcome=step_outcome, tool_result=tool_result, tool_start=tool_start)
        return result

    def _attempt_result(self, result: SandboxResult, signature: str | None, *, by_model: bool) -> None:
        if result.outcome is Outcome.PASSED:
            self.outcome, self.steps_to_green = "passed", self.replies  # 0 replies: rustc's suggestions alone
        if not by_model:
            return  # first and last error signatures are of the model's attempts (the heldout repeat-error rate)
        if not self._tested_once:
            self._tested_once = True
            self.first_signature = signature
        self.last_signature = signature

    def _check_budget(self) -> None:
        if self.outcome is None and time.monotonic() - self._clock_start > self.config.task_timeout_seconds:
            self.outcome = "timeout"

    def _run_tests(self) -> SandboxResult:
        start = time.monotonic()
        result = self.workspace.sandbox.judge(self.workspace.files)
        self._sandbox_seconds += time.monotonic() - start
        return result

    def _record(self, step: dict[str, Any], *, outcome: str, tool_result: dict[str, Any], tool_start: float) -> None:
        self.steps.append(StepRecord(outcome=outcome, tool_result=tool_result,
                                     tool_seconds=time.monotonic() - tool_start, **step))

    # --- result -------------------------------------------------------------------------------

    def record(self) -> EpisodeRecord:
        """The finished episode with every step."""
        if self.outcome is None:
            raise RuntimeError(f"episode for {self.task.id} is not finished")
        final = self.workspace.files[self.main_path]
        return EpisodeRecord(
            task_id=self.task.id, family=self.task.family, split=self.task.split, outcome=self.outcome,
            passed=self.outcome == "passed", steps=tuple(self.steps), steps_to_green=self.steps_to_green,
            first_error_signature=self.first_signature, final_error_signature=self.last_signature,
            final_diff=unified_diff(self.original, final, self.main_path), final_code=final, started_at=self.started_at,
            finished_at=_now(), wall_seconds=time.monotonic() - self._clock_start, seed=self.params.seed,
            task_check=self.task.check, route=self.route,
            **self.identity,
        )
