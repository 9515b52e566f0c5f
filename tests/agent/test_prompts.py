"""The user message names what rustc reads the file as when it is not a 2021 library (koan.toml's edition and
crate_kind), and the part of the file shown when it is not all of it."""

from __future__ import annotations

from sleepy.agent.prompts import task_message
from sleepy.sandbox import CrateTarget


def _message(**extra: object) -> str:
    return task_message(path="src/lib.rs", source="fn f() {}\n", feedback="error", reply_format="whole_file",
                        attempt=0, **extra)  # type: ignore[arg-type]


def test_a_2021_library_is_not_described() -> None:
    assert _message().startswith("Fix the bug in `src/lib.rs`.\n")


def test_a_program_of_another_edition_is_described() -> None:
    message = _message(target=CrateTarget(edition="2015", kind="bin"))
    assert message.startswith("Fix the bug in `src/lib.rs` (a program with `fn main`, Rust edition 2015).\n")
    assert _message(target=CrateTarget(edition="2024")).startswith("Fix the bug in `src/lib.rs` (Rust edition 2024).")


def test_a_window_is_named_in_the_header_and_the_reply_rule() -> None:
    message = _message(shown="lines 4-9")
    assert message.startswith("Fix the bug in `src/lib.rs`, lines 4-9 (the rest of the file")
    assert message.rstrip().endswith("Reply with the complete fixed lines 4-9 in a single ```rust code block.")
