"""Errors from servers, as one line a person understands, and the parsing of their error bodies."""

from __future__ import annotations

import json
from typing import Any

from sleepy import BackendError

MAX_MESSAGE = 300


class ServerError(BackendError):
    """A server answered with an error status; `status` and `message` let backends say more."""

    def __init__(self, line: str, *, status: int, message: str, body: Any = None) -> None:
        super().__init__(line)
        self.status = status
        self.message = message
        self.body = body


def one_line(text: str, limit: int = MAX_MESSAGE) -> str:
    """Collapse whitespace to one line and cut it to `limit` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def decode_body(raw: bytes) -> Any:
    """The body as JSON when it is JSON, else as text."""
    text = raw.decode("utf-8", errors="replace")
    try:
        return json.loads(text)
    except ValueError:
        return text


def error_message(body: Any) -> str:
    """The human part of an error body, whichever server wrote it.

    Shapes: OpenAI / vLLM / llama.cpp ``{"error": {"message", "type", "code"}}``; older vLLM
    ``{"object": "error", "message"}``; Ollama ``{"error": "..."}``; TGI ``{"error", "error_type"}``;
    FastAPI ``{"detail": "..." | [{"msg"}...]}``; anything else as text.
    """
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict):
            message = error.get("message") or error.get("msg") or json.dumps(error)
            return one_line(str(message))
        if isinstance(error, str) and error:
            kind = body.get("error_type")
            return one_line(f"{error} ({kind})" if isinstance(kind, str) and kind else error)
        if isinstance(body.get("message"), str):
            return one_line(body["message"])
        detail = body.get("detail")
        if isinstance(detail, str):
            return one_line(detail)
        if isinstance(detail, list):
            return one_line("; ".join(str(d.get("msg", d)) if isinstance(d, dict) else str(d) for d in detail))
        return one_line(json.dumps(body))
    if isinstance(body, str):
        return one_line(body) or "(empty body)"
    return one_line(json.dumps(body))
