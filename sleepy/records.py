"""Plain values that cross boundaries between the core, plugins and the store."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Literal

from attrs import field, frozen, validators

from sleepy.diagnostics.model import Diagnostic
from sleepy.sandbox.target import CrateTarget

Role = Literal["system", "user", "assistant", "tool"]
Split = Literal["train", "validation", "heldout", "frozen"]
SPLITS: tuple[Split, ...] = ("train", "heldout", "frozen")
"""The splits a koan manifest assigns."""
VALIDATION: Split = "validation"
"""Train tasks a task source sets aside (never in the day, never trained on) to pick levers on without heldout."""
TASK_SPLITS: tuple[Split, ...] = ("train", VALIDATION, "heldout", "frozen")
"""Every split a task can be served in."""
Check = Literal["test", "compile"]
CHECKS: tuple[Check, ...] = ("test", "compile")
DEFAULT_MAX_CHANGED_LINES = 3
# The `via` of the step the agent takes itself before the model's first reply (`agent.rustfix_first`):
# rustc's suggestions, no prompt, no reply. Curation, metrics and memory tell it from a model's step by this.
RUSTFIX_FIRST = "rustfix_first"


def _frozen_mapping(value: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(value))


def _optional_frozen_mapping(value: Mapping[str, str] | None) -> Mapping[str, str] | None:
    return None if value is None else _frozen_mapping(value)


@frozen
class Message:
    """One chat message sent to or received from a model."""

    role: Role = field(validator=validators.in_(("system", "user", "assistant", "tool")))
    content: str


@frozen
class SamplingParams:
    """How to sample a reply; every backend sends these explicitly."""

    temperature: float = 0.0
    max_new_tokens: int = field(default=512, validator=validators.ge(1))
    seed: int = 0
    stop: tuple[str, ...] = ()


@frozen
class CompletionRequest:
    """A chat prompt plus sampling parameters."""

    messages: tuple[Message, ...]
    params: SamplingParams = SamplingParams()
    # The loaded adapter this request is routed to (sleepy.routing); None: whichever the backend has active.
    adapter: str | None = None


@frozen
class ToolCall:
    """A native tool call a backend returned (arguments already decoded from JSON)."""

    name: str
    arguments: Mapping[str, object] = field(factory=dict)


@frozen
class Completion:
    """A model reply with its token counts and timing."""

    text: str
    tokens_in: int = 0
    tokens_out: int = 0
    seconds: float = 0.0
    finish_reason: str = "stop"
    tool_calls: tuple[ToolCall, ...] = ()


def _line_span(value: tuple[int, int]) -> tuple[int, int]:
    first, last = value
    if not 1 <= first <= last:
        raise ValueError(f"a line span is (first, last) with 1 <= first <= last, got {value!r}")
    return (first, last)


def _test_selection(value: Mapping[str, Iterable[str]]) -> Mapping[str, tuple[str, ...]]:
    return MappingProxyType({binary: tuple(names) for binary, names in value.items()})


@frozen
class ProjectSpec:
    """Where a task's one file lives when it is part of a Cargo project (crate tasks; koans have none).

    The task's `files` hold that one file (buggy); everything else comes from the pristine project.
    """

    root: str  # the prepared, pristine work copy (cargo builds it offline)
    digest: str  # content hash of the pristine copy: its build cache is keyed by it
    editable: tuple[int, int] = field(converter=_line_span)  # 1-based lines of the buggy file a fix may change
    tests: Mapping[str, tuple[str, ...]] = field(converter=_test_selection)  # binary key -> the tests that decide
    focus: tuple[int, int] = field(converter=_line_span)  # 1-based lines the prompt shows


@frozen
class Task:
    """One unit of work for the agent: source files with a bug and tests that must pass."""

    id: str
    family: str
    split: Split
    files: Mapping[str, str] = field(converter=_frozen_mapping)
    reference_files: Mapping[str, str] | None = field(default=None, converter=_optional_frozen_mapping)
    expected_failure: str = ""
    difficulty: int = 1
    description: str = ""
    origin: str = ""
    # "test": the task's tests decide; "compile": a task without tests passes by compiling with a
    # small change that keeps every line of code (see sleepy/verdict/compile_budget.py).
    check: Check = field(default="test", validator=validators.in_(CHECKS))
    max_changed_lines: int = field(default=DEFAULT_MAX_CHANGED_LINES, validator=validators.ge(1))
    # The repository the task comes from ("" for koans): what the `repository` router keys on.
    repository: str = ""
    # Set when the file is one of a Cargo project's (docs/crates.md); None: the file is the whole crate.
    project: ProjectSpec | None = None
    # The edition and crate kind (lib or bin) the sandbox compiles a one-file task's crate with.
    target: CrateTarget = CrateTarget()


@frozen
class StepRecord:
    """One step of an episode: a model reply (or the agent's own `rustfix_first` step) and what the tools made of it."""

    idx: int
    reply_format: str = ""
    messages: tuple[Message, ...] = ()
    reply: str = ""
    action: Mapping[str, object] | None = None
    tool_result: Mapping[str, object] | None = None
    diagnostics: tuple[Diagnostic, ...] = ()  # what rustc reported on the code this step tested
    error_signature: str | None = None
    diff: str = ""
    outcome: str = ""
    tokens_in: int = 0
    tokens_out: int = 0
    model_seconds: float = 0.0
    tool_seconds: float = 0.0

    @property
    def by_model(self) -> bool:
        """Whether a model's reply made this step: False for the agent's own `rustfix_first` step."""
        actions = (self.action or {}).get("actions")
        return not (isinstance(actions, (list, tuple))
                    and any(isinstance(a, Mapping) and a.get("via") == RUSTFIX_FIRST for a in actions))


@frozen
class EpisodeRecord:
    """One attempt at one task, with every step; written to the store in one transaction."""

    id: str
    run_id: str
    task_id: str
    outcome: str
    passed: bool
    steps: tuple[StepRecord, ...] = ()
    cycle: int = 0
    phase: str = "day"
    family: str = ""
    split: str = ""
    attempt_idx: int = 0
    backend: str = ""
    model: str = ""
    adapter_id: str | None = None
    seed: int = 0
    config_hash: str = ""
    steps_to_green: int | None = None
    first_error_signature: str | None = None
    final_error_signature: str | None = None
    final_diff: str = ""
    final_code: str | None = None  # the task's main file as the episode ended (None: unknown, rebuild from the diff)
    started_at: str = ""
    finished_at: str = ""
    wall_seconds: float = 0.0
    task_check: Check = "test"  # the task's `check`: "compile" passes are counted apart
    route: str | None = None  # the routed adapter (sleepy.routing) that wrote its replies; None: adapter_id's own

    @property
    def tokens_in(self) -> int:
        return sum(s.tokens_in for s in self.steps)

    @property
    def tokens_out(self) -> int:
        return sum(s.tokens_out for s in self.steps)
