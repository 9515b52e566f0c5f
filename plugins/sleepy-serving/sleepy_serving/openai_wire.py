"""The OpenAI chat-completions wire format: request bodies, whole replies and streamed deltas."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from attrs import define, field

from sleepy import BackendError, Completion, CompletionRequest, ToolCall
from sleepy_serving.errors import error_message, one_line
from sleepy_serving.streams import DONE

CHAT_PATH = "/v1/chat/completions"
UNPARSED_ARGUMENTS = "_unparsed_arguments"  # a tool call whose arguments are not a JSON object keeps them here


def chat_body(request: CompletionRequest, *, model: str, stream: bool, tools: Sequence[Mapping[str, Any]] = (),
              extra: Mapping[str, Any] | None = None, top_p: bool = True) -> dict[str, Any]:
    """A request body; temperature, seed and max_tokens are always explicit (servers' defaults differ).

    `top_p` False leaves out ``top_p: 1`` (TGI refuses 1.0: it wants 0 < top_p < 1).
    """
    params = request.params
    body: dict[str, Any] = dict(extra or {})
    body.update({
        "model": model,
        "messages": [{"role": m.role, "content": m.content} for m in request.messages],
        "temperature": params.temperature,
        "seed": params.seed,
        "max_tokens": params.max_new_tokens,
        "stream": stream,
    })
    if top_p:
        body["top_p"] = 1.0
    if params.stop:
        body["stop"] = list(params.stop)
    if stream:
        body["stream_options"] = {"include_usage": True}
    if tools:
        body["tools"] = [dict(t) for t in tools]
    return body


def tool_call(name: str, arguments: Any) -> ToolCall:
    """A ToolCall from OpenAI's JSON-string arguments (or an object, as Ollama sends)."""
    if isinstance(arguments, Mapping):
        return ToolCall(name, dict(arguments))
    if arguments is None or (isinstance(arguments, str) and not arguments.strip()):
        return ToolCall(name, {})
    try:
        decoded = json.loads(arguments) if isinstance(arguments, str) else arguments
    except ValueError:
        decoded = None
    if isinstance(decoded, dict):
        return ToolCall(name, decoded)
    # The model wrote arguments that are no JSON object: the tool reports that to the model; the run goes on.
    return ToolCall(name, {UNPARSED_ARGUMENTS: arguments if isinstance(arguments, str) else json.dumps(arguments)})


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content parts
        return "".join(p.get("text", "") for p in content if isinstance(p, dict))
    return ""


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def parse_chat_response(body: Any, server: str) -> Completion:
    """A whole (non-streamed) chat completion."""
    if not isinstance(body, dict):
        raise BackendError(f"{server} answered something that is not a chat completion: {one_line(str(body), 120)}")
    if "error" in body:
        raise BackendError(f"{server} failed: {error_message(body)}")
    choices = body.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        raise BackendError(f"{server} answered a chat completion without choices: {one_line(json.dumps(body), 160)}")
    choice = choices[0]
    message = choice.get("message") or {}
    calls = tuple(tool_call(str((c.get("function") or {}).get("name", "")), (c.get("function") or {}).get("arguments"))
                  for c in message.get("tool_calls") or [] if isinstance(c, dict))
    usage = body.get("usage") or {}
    finish = choice.get("finish_reason") or ("tool_calls" if calls else "stop")
    return Completion(text=_text(message.get("content")), tokens_in=_int(usage.get("prompt_tokens")),
                      tokens_out=_int(usage.get("completion_tokens")), finish_reason=str(finish), tool_calls=calls)


@define
class _PartialCall:
    name: str = ""
    arguments: str = ""
    object_arguments: dict[str, Any] | None = None


@define
class ChatStream:
    """Accumulates SSE chunks into one Completion; tool-call fragments are joined by their `index`."""

    server: str
    text: list[str] = field(factory=list)
    calls: dict[int, _PartialCall] = field(factory=dict)
    finish_reason: str | None = None
    tokens_in: int = 0
    tokens_out: int = 0
    done: bool = False

    def feed(self, data: str) -> bool:
        """Take one event's data; False once the stream says it is done (``[DONE]``)."""
        if data.strip() == DONE:
            self.done = True
            return False
        try:
            chunk = json.loads(data)
        except ValueError:
            raise BackendError(f"{self.server} sent a stream event that is not JSON: {data[:120]!r}") from None
        if not isinstance(chunk, dict):
            raise BackendError(f"{self.server} sent a stream event that is not a JSON object: {data[:120]!r}")
        self.feed_chunk(chunk)
        return True

    def feed_chunk(self, chunk: dict[str, Any]) -> None:
        if "error" in chunk:
            raise BackendError(f"{self.server} failed mid-reply (after {sum(map(len, self.text))} characters): "
                               f"{error_message(chunk)}")
        usage = chunk.get("usage")
        if isinstance(usage, dict):
            self.tokens_in = _int(usage.get("prompt_tokens")) or self.tokens_in
            self.tokens_out = _int(usage.get("completion_tokens")) or self.tokens_out
        for choice in chunk.get("choices") or []:
            if not isinstance(choice, dict) or choice.get("index", 0) != 0:
                continue
            delta = choice.get("delta") or {}
            piece = _text(delta.get("content"))
            if piece:
                self.text.append(piece)
            for fragment in delta.get("tool_calls") or []:
                self._feed_call(fragment)
            if choice.get("finish_reason"):
                self.finish_reason = str(choice["finish_reason"])

    def _feed_call(self, fragment: Any) -> None:
        if not isinstance(fragment, dict):
            return
        function = fragment.get("function") or {}
        index = fragment.get("index")
        if not isinstance(index, int):  # a server that omits `index`: a name starts a new call
            last = max(self.calls, default=-1)
            index = last + 1 if function.get("name") or last < 0 else last
        call = self.calls.setdefault(index, _PartialCall())
        if function.get("name") and not call.name:
            call.name = str(function["name"])
        arguments = function.get("arguments")
        if isinstance(arguments, str):
            call.arguments += arguments
        elif isinstance(arguments, dict):
            call.object_arguments = arguments

    def completion(self) -> Completion:
        """The reply; a stream cut before it finished is an error (partial replies are never returned)."""
        if not self.done and self.finish_reason is None:
            raise BackendError(f"{self.server} ended the stream before the reply was complete "
                               f"(after {sum(map(len, self.text))} characters)")
        calls = tuple(tool_call(c.name, c.object_arguments if c.object_arguments is not None else c.arguments)
                      for _, c in sorted(self.calls.items()))
        finish = self.finish_reason or ("tool_calls" if calls else "stop")
        return Completion(text="".join(self.text), tokens_in=self.tokens_in, tokens_out=self.tokens_out,
                          finish_reason=finish, tool_calls=calls)
