"""The prompts the agent sends: a short system prompt and one user message per step."""

from __future__ import annotations

from sleepy.agent.replies import format_rule
from sleepy.records import Message
from sleepy.sandbox.target import CrateTarget

DEFAULT_TARGET = CrateTarget()

SYSTEM_PROMPT = (
    "You are a careful Rust programmer. You fix the bug in a small Rust file so that it compiles "
    "and its tests pass. The tests show the intended behaviour: never change them. Change as little "
    "as possible."
)


def task_message(*, path: str, source: str, feedback: str, reply_format: str, attempt: int, memory: str = "",
                 rustfix: bool = False, shown: str = "", target: CrateTarget = DEFAULT_TARGET) -> str:
    """The user message for one step: the current file, what went wrong, recalled fixes (the `memory`
    baseline; none by default), and the reply format (`rustfix`: offering the RUSTFIX line too).

    `shown` names the part of the file `source` is (e.g. "lines 40-61" of a crate's file), "" when it is the
    whole file (sleepy/agent/view.py). A `target` other than a 2021 library is named: rustc reads the file
    by its rules."""
    header = ("Fix the bug" if attempt == 0 else "Your previous attempt still fails. Fix it") + f" in `{path}`"
    header += target_note(target)
    header += (f", {shown} (the rest of the file and the crate's tests stay as they are)." if shown else ".")
    recalled = f"{memory.rstrip()}\n\n" if memory.strip() else ""
    return (
        f"{header}\n\n```rust\n{source.rstrip()}\n```\n\n"
        f"{feedback.rstrip()}\n\n"
        f"{recalled}"
        f"{format_rule(reply_format, rustfix=rustfix, shown=shown)}"
    )


def target_note(target: CrateTarget) -> str:
    """" (a program with `fn main`, Rust edition 2015)" for a target other than a 2021 library, else ""."""
    parts = (["a program with `fn main`"] if target.kind == "bin" else []) + (
        [f"Rust edition {target.edition}"] if target.edition != DEFAULT_TARGET.edition else [])
    return f" ({', '.join(parts)})" if parts else ""


def build_messages(user: str) -> tuple[Message, ...]:
    return (Message("system", SYSTEM_PROMPT), Message("user", user))
