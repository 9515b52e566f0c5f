from __future__ import annotations

import pytest

from sleepy.agent.replies import ReplyFormatError, check_unicode, parse_reply, valid_unicode
from sleepy.records import Completion, ToolCall


def parse(text):
    return parse_reply(Completion(text))


def test_rust_fence_is_a_write():
    [action] = parse("Here:\n```rust\nfn main() {}\n```\nDone.")
    assert (action.tool, action.arguments["content"], action.via) == ("write", "fn main() {}\n", "fence")


def test_lenient_fences():
    assert parse("```rs\nfn a() {}\n```")[0].tool == "write"
    assert parse("```\nfn a() {}\n```")[0].tool == "write"
    assert parse("```rust\nfn a() {}\n")[0].arguments["content"] == "fn a() {}\n"  # unterminated
    assert parse("```Rust title\nfn a() {}\n```")[0].tool == "write"


def test_longest_rust_block_wins():
    [action] = parse("```rust\nfn a() {}\n```\n```rust\nfn a() {}\nfn b() {}\n```")
    assert "fn b" in action.arguments["content"]


def test_bare_code():
    [action] = parse("pub fn a() -> i32 {\n    1\n}\n")
    assert action.via == "bare_code"


def test_search_replace_blocks():
    actions = parse("<<<<<<< SEARCH\na - b\n=======\na + b\n>>>>>>> REPLACE\n"
                    "<<<<<<< SEARCH\nx\n=======\ny\n>>>>>>> REPLACE")
    assert [(a.tool, a.arguments["search"], a.arguments["replace"]) for a in actions] == [
        ("edit", "a - b", "a + b"), ("edit", "x", "y")]


def test_diff_block():
    [action] = parse("```diff\n--- a/src/lib.rs\n+++ b/src/lib.rs\n@@ -1 +1 @@\n-a\n+b\n```")
    assert action.tool == "patch"


def test_native_tool_calls_win():
    [action] = parse_reply(Completion("ignored", tool_calls=(ToolCall("run", {"mode": "check"}),)))
    assert (action.tool, dict(action.arguments), action.via) == ("run", {"mode": "check"}, "tool_call")


@pytest.mark.parametrize("text", ["", "I am not sure what to do.", "```python\nprint(1)\n```"])
def test_no_code_is_a_format_error(text):
    with pytest.raises(ReplyFormatError, match="no ```rust code block"):
        parse(text)


def test_surrogates_are_refused_in_text_and_tool_calls_and_replaced_for_storage():
    assert valid_unicode("a\ud800b") == "a\ufffdb"
    assert valid_unicode("\ud83d\ude00") == "\U0001f600"  # a pair, as some decoders leave it, is its character
    assert valid_unicode("plain é") == "plain é"
    check_unicode(Completion("plain é"))
    for completion in (Completion("x\udc00"), Completion("", tool_calls=(ToolCall("write", {"content": "\ud800"}),))):
        with pytest.raises(ReplyFormatError, match="not valid Unicode"):
            check_unicode(completion)
