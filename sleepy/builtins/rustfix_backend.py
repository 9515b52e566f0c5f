"""The `rustfix` baseline: no model, only rustc's own suggestions, judged like any agent's fix.

Why a backend: every arm of a comparison differs from the others in one place that config chooses
by name, and the backend is the place that writes replies. This one writes no code: every reply is
a call of the agent's `rustfix` tool (`sleepy.agent.tools.RustfixTool`), so the episode, the
sandbox, the verdict (`sleepy.verdict.judge`), the store and every metric are exactly the agent's,
and the same tool stays available to a real model. The tool runs up to `rounds` compile-and-apply
rounds per reply; with `agent.max_steps: 1` an episode is exactly one rustfix pass (more steps only
call it again on a file where it usually has nothing left to apply).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from attrs import frozen, validators

from sleepy.agent.tools import RustfixTool
from sleepy.config import option
from sleepy.hookspecs import hookimpl
from sleepy.protocols import Backend
from sleepy.records import Completion, CompletionRequest, ToolCall
from sleepy.registry import Registrar


@frozen
class RustfixOptions:
    """Options of the `rustfix` backend."""

    rounds: int = option("Compile-then-apply rounds per reply (a fix can uncover the next error).",
                         default=RustfixTool.max_rounds,
                         validator=[validators.ge(1), validators.le(RustfixTool.max_rounds)])
    maybe_incorrect: bool = option("Also apply rustc's MaybeIncorrect suggestions, not only MachineApplicable ones.",
                                   default=False)


class RustfixBackend:
    """Answers every request with one call of the `rustfix` tool; see the module docstring."""

    def __init__(self, options: RustfixOptions | None = None) -> None:
        self.options = options or RustfixOptions()

    def complete(self, request: CompletionRequest) -> Completion:
        arguments = {"rounds": self.options.rounds, "maybe_incorrect": self.options.maybe_incorrect}
        return Completion(text="", tool_calls=(ToolCall(RustfixTool.name, arguments),), finish_reason="tool_calls")

    def complete_many(self, requests: Sequence[CompletionRequest]) -> list[Completion]:
        return [self.complete(r) for r in requests]

    def describe(self) -> dict[str, Any]:
        model = "rustfix+maybe_incorrect" if self.options.maybe_incorrect else "rustfix"
        return {"backend": "rustfix", "model": model, "adapter_id": None}


@hookimpl
def sleepy_register_backends(register: Registrar[Backend]) -> None:
    register.add("rustfix", RustfixBackend, options=RustfixOptions,
                 description="No model: rustc's machine-applicable suggestions, up to 4 rounds (the rustfix baseline).")
