"""Payloads of the servers' protocols, as their documentation shows them, for fake servers."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from werkzeug import Request, Response

from sleepy.records import CompletionRequest, Message, SamplingParams


def chat_request(text: str = "Fix the bug.", *, temperature: float = 0.0, seed: int = 7, max_new_tokens: int = 64,
                 stop: tuple[str, ...] = ()) -> CompletionRequest:
    params = SamplingParams(temperature=temperature, max_new_tokens=max_new_tokens, seed=seed, stop=stop)
    return CompletionRequest((Message("system", "You fix Rust code."), Message("user", text)), params)


def sse(*events: Any, done: bool = True) -> str:
    """An SSE body: one ``data:`` event per object (strings are sent as they are), then ``[DONE]``."""
    parts = [f"data: {e if isinstance(e, str) else json.dumps(e)}\n\n" for e in events]
    return "".join(parts) + ("data: [DONE]\n\n" if done else "")


def sse_response(*events: Any, done: bool = True) -> Response:
    return Response(sse(*events, done=done), content_type="text/event-stream")


def ndjson(objects: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(o) + "\n" for o in objects)


def delta_chunks(text: str, *, size: int = 5, usage: tuple[int, int] | None = (12, 3)) -> list[dict[str, Any]]:
    """A streamed chat completion of `text`, as vLLM sends it (usage in a last chunk with no choices)."""
    chunks: list[dict[str, Any]] = [{"id": "c1", "object": "chat.completion.chunk",
                                     "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}}]}]
    for i in range(0, len(text), size):
        chunks.append({"id": "c1", "object": "chat.completion.chunk",
                       "choices": [{"index": 0, "delta": {"content": text[i:i + size]}, "finish_reason": None}]})
    chunks.append({"id": "c1", "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
    if usage:
        chunks.append({"id": "c1", "choices": [], "usage": {"prompt_tokens": usage[0], "completion_tokens": usage[1],
                                                            "total_tokens": sum(usage)}})
    return chunks


def chat_completion(text: str, *, tool_calls: list[dict[str, Any]] | None = None, finish: str = "stop",
                    usage: tuple[int, int] = (12, 3)) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": text}
    if tool_calls:
        message["tool_calls"] = tool_calls
    return {"id": "c1", "object": "chat.completion", "model": "m",
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": {"prompt_tokens": usage[0], "completion_tokens": usage[1], "total_tokens": sum(usage)}}


def openai_error(message: str, status: int, kind: str = "BadRequestError", param: str | None = None) -> Response:
    """vLLM / OpenAI error body: ``{"error": {"message", "type", "param", "code"}}``."""
    body = {"error": {"message": message, "type": kind, "param": param, "code": status}}
    return Response(json.dumps(body), status=status, content_type="application/json")


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json", headers=headers)


def body_of(request: Request) -> dict[str, Any]:
    value = json.loads(request.get_data(as_text=True))
    assert isinstance(value, dict)
    return value
