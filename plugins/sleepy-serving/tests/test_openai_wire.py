from __future__ import annotations

import json

import pytest
from fakes import chat_completion, chat_request, delta_chunks, sse
from sleepy_serving.openai_wire import UNPARSED_ARGUMENTS, ChatStream, chat_body, parse_chat_response, tool_call
from sleepy_serving.streams import iter_sse

from sleepy.errors import BackendError
from sleepy.records import ToolCall


def feed_all(body: str) -> ChatStream:
    stream = ChatStream("vLLM")
    for data in iter_sse(body.splitlines()):
        if not stream.feed(data):
            break
    return stream


def test_body_always_carries_temperature_seed_and_max_tokens():
    body = chat_body(chat_request(temperature=0.0, seed=3, max_new_tokens=99, stop=("```\n",)), model="m",
                     stream=True, extra={"top_k": 1, "temperature": 5, "model": "other"})
    assert body["temperature"] == 0.0 and body["seed"] == 3 and body["max_tokens"] == 99 and body["top_p"] == 1.0
    assert body["model"] == "m" and body["top_k"] == 1  # extra adds fields, never overrides the sampling ones
    assert body["stop"] == ["```\n"] and body["stream_options"] == {"include_usage": True}
    assert body["messages"] == [{"role": "system", "content": "You fix Rust code."},
                                {"role": "user", "content": "Fix the bug."}]
    plain = chat_body(chat_request(), model="m", stream=False)
    assert "stream_options" not in plain and "stop" not in plain and "tools" not in plain


def test_whole_response_with_tool_calls_and_usage():
    completion = parse_chat_response(chat_completion("", finish="tool_calls", tool_calls=[
        {"id": "1", "type": "function", "function": {"name": "write", "arguments": '{"content": "fn main() {}"}'}}]),
        "vLLM")
    assert completion.tool_calls == (ToolCall("write", {"content": "fn main() {}"}),)
    assert (completion.tokens_in, completion.tokens_out, completion.finish_reason) == (12, 3, "tool_calls")


def test_whole_response_errors():
    with pytest.raises(BackendError, match="vLLM failed: boom"):
        parse_chat_response({"error": {"message": "boom"}}, "vLLM")
    with pytest.raises(BackendError, match="without choices"):
        parse_chat_response({"choices": []}, "vLLM")


def test_stream_joins_text_and_reads_usage_from_the_last_chunk():
    completion = feed_all(sse(*delta_chunks("fn add() {}", size=3))).completion()
    assert completion.text == "fn add() {}" and (completion.tokens_in, completion.tokens_out) == (12, 3)
    assert completion.finish_reason == "stop"


def test_fragmented_tool_call_deltas_are_assembled_by_index():
    arguments = json.dumps({"path": "src/lib.rs", "content": "pub fn f() {}"})
    pieces = [arguments[i:i + 7] for i in range(0, len(arguments), 7)]
    chunks = [{"choices": [{"index": 0, "delta": {"tool_calls": [
        {"index": 0, "id": "call_1", "type": "function", "function": {"name": "write", "arguments": ""}}]}}]}]
    chunks += [{"choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0, "function": {"arguments": p}}]}}]}
               for p in pieces]
    chunks += [{"choices": [{"index": 0, "delta": {"tool_calls": [
        {"index": 1, "id": "call_2", "function": {"name": "run", "arguments": "{}"}}]}}]},
        {"choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]}]
    completion = feed_all(sse(*chunks)).completion()
    assert completion.tool_calls == (ToolCall("write", {"path": "src/lib.rs", "content": "pub fn f() {}"}),
                                     ToolCall("run", {}))
    assert completion.finish_reason == "tool_calls"


def test_tool_call_without_index_and_with_broken_json():
    stream = ChatStream("S")
    stream.feed_chunk({"choices": [{"delta": {"tool_calls": [{"function": {"name": "edit", "arguments": "{\"a\""}}]}}]})
    stream.feed_chunk({"choices": [{"delta": {"tool_calls": [{"function": {"arguments": ": 1"}}]},
                                    "finish_reason": "tool_calls"}]})
    [call] = stream.completion().tool_calls
    assert call == ToolCall("edit", {UNPARSED_ARGUMENTS: '{"a": 1'})
    assert tool_call("x", {"a": 1}) == ToolCall("x", {"a": 1})  # Ollama sends objects
    assert tool_call("x", "") == ToolCall("x", {})


def test_mid_stream_error_event():
    body = sse(*delta_chunks("fn ok", usage=None)[:2], {"error": {"message": "CUDA out of memory", "code": 500}})
    with pytest.raises(BackendError, match=r"vLLM failed mid-reply \(after 5 characters\): CUDA out of memory"):
        feed_all(body)


def test_stream_cut_before_finishing_is_an_error():
    with pytest.raises(BackendError, match="ended the stream before the reply was complete"):
        feed_all(sse(*delta_chunks("abc", usage=None)[:2], done=False)).completion()


def test_other_choices_are_ignored():
    stream = ChatStream("S")
    stream.feed_chunk({"choices": [{"index": 1, "delta": {"content": "no"}},
                                   {"index": 0, "delta": {"content": "yes"}}]})
    assert not stream.feed("[DONE]")
    assert stream.completion().text == "yes"
