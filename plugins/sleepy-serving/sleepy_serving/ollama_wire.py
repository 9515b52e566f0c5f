"""Ollama's native chat format (``/api/chat``, NDJSON), and the check for silently truncated prompts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from attrs import define, field

from sleepy import BackendError, Completion, CompletionRequest, ToolCall
from sleepy_serving.errors import error_message
from sleepy_serving.openai_wire import tool_call

CHAT_PATH = "/api/chat"
DEFAULT_HOST = "http://127.0.0.1:11434"
# No tokenizer averages more than this many characters per token on code and prose, so a prompt of
# `n` characters has at least n / 8 tokens. Cached prefixes can make Ollama report fewer evaluated
# tokens, so the reported count alone cannot prove truncation; a window it fills completely can.
CHARS_PER_TOKEN_MAX = 8
FILLED_MARGIN = 16


def ollama_host(value: str | None) -> str:
    """A base URL from $OLLAMA_HOST the way Ollama reads it (``host``, ``host:port`` or a URL)."""
    if not value:
        return DEFAULT_HOST
    value = value.strip().rstrip("/")
    if "://" not in value:
        value = "http://" + value
    scheme, _, rest = value.partition("://")
    host, _, port = rest.partition(":")
    if host in ("", "0.0.0.0"):  # a bind-all address: connect locally
        host = "127.0.0.1"
    return f"{scheme}://{host}:{port or '11434'}"


def chat_body(request: CompletionRequest, *, model: str, num_ctx: int, keep_alive: str, stream: bool,
              tools: Sequence[Mapping[str, Any]] = ()) -> dict[str, Any]:
    """A body whose options always carry num_ctx, temperature, seed and num_predict."""
    params = request.params
    options: dict[str, Any] = {"num_ctx": num_ctx, "temperature": params.temperature, "seed": params.seed,
                               "num_predict": params.max_new_tokens, "top_p": 1.0}
    if params.stop:
        options["stop"] = list(params.stop)
    body: dict[str, Any] = {"model": model, "messages": [{"role": m.role, "content": m.content}
                                                         for m in request.messages],
                            "stream": stream, "options": options, "keep_alive": keep_alive}
    if tools:
        body["tools"] = [dict(t) for t in tools]
    return body


@define
class OllamaReply:
    """Accumulates ``/api/chat`` objects (one, or an NDJSON stream of them) into a Completion."""

    text: list[str] = field(factory=list)
    tool_calls: list[ToolCall] = field(factory=list)
    done: bool = False
    done_reason: str = "stop"
    prompt_eval_count: int | None = None
    eval_count: int = 0

    def feed(self, chunk: Any) -> None:
        if not isinstance(chunk, dict):
            raise BackendError(f"Ollama sent something that is not a chat object: {chunk!r:.120}")
        if "error" in chunk:  # mid-stream errors arrive as a last line after status 200
            raise BackendError(f"Ollama failed mid-reply (after {sum(map(len, self.text))} characters): "
                               f"{error_message(chunk)}")
        message = chunk.get("message") or {}
        content = message.get("content")
        if isinstance(content, str) and content:
            self.text.append(content)
        for call in message.get("tool_calls") or []:
            function = (call.get("function") or {}) if isinstance(call, dict) else {}
            self.tool_calls.append(tool_call(str(function.get("name", "")), function.get("arguments")))
        if chunk.get("done"):
            self.done = True
            self.done_reason = str(chunk.get("done_reason") or "stop")
            count = chunk.get("prompt_eval_count")
            self.prompt_eval_count = count if isinstance(count, int) else None
            self.eval_count = int(chunk.get("eval_count") or 0)

    def completion(self) -> Completion:
        if not self.done:
            raise BackendError(f"Ollama ended the stream before the reply was complete "
                               f"(after {sum(map(len, self.text))} characters)")
        finish = "tool_calls" if self.tool_calls else self.done_reason
        return Completion(text="".join(self.text), tokens_in=self.prompt_eval_count or 0, tokens_out=self.eval_count,
                          finish_reason=finish, tool_calls=tuple(self.tool_calls))


def truncation_error(prompt_chars: int, num_ctx: int, model: str, evaluated: int | None = None) -> BackendError:
    seen = f"Ollama evaluated {evaluated} prompt tokens of " if evaluated is not None else "the prompt has "
    return BackendError(f"prompt too long for num_ctx={num_ctx} on {model!r}: {seen}{prompt_chars} characters "
                        f"(at least ~{prompt_chars // CHARS_PER_TOKEN_MAX} tokens) and Ollama silently truncates "
                        "prompts that do not fit; raise the backend's `num_ctx`")


def check_prompt_fits(prompt_chars: int, num_ctx: int, model: str) -> None:
    """Refuse before sending a prompt that cannot fit even at the most generous tokenization."""
    if prompt_chars // CHARS_PER_TOKEN_MAX > num_ctx:
        raise truncation_error(prompt_chars, num_ctx, model)


def check_truncation(prompt_chars: int, prompt_eval_count: int | None, num_ctx: int, model: str) -> None:
    """After a reply: a prompt that filled the whole window was cut by Ollama (it never says so)."""
    if prompt_eval_count is None:
        return
    if prompt_eval_count >= num_ctx - FILLED_MARGIN:
        raise truncation_error(prompt_chars, num_ctx, model, prompt_eval_count)
