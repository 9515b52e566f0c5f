"""Line protocols of streamed replies: Server-Sent Events (OpenAI style) and NDJSON (Ollama)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from sleepy import BackendError

DONE = "[DONE]"


def iter_sse(lines: Iterable[str]) -> Iterator[str]:
    """Yield the data of each event; multi-line data is joined with newlines, comments skipped."""
    data: list[str] = []
    for line in lines:
        line = line.rstrip("\r")
        if not line:
            if data:
                yield "\n".join(data)
                data = []
            continue
        if line.startswith(":"):
            continue
        field, _, value = line.partition(":")
        if field == "data":
            data.append(value[1:] if value.startswith(" ") else value)
    if data:  # a stream cut without its final blank line still delivers its last event
        yield "\n".join(data)


def iter_sse_json(lines: Iterable[str], server: str) -> Iterator[dict[str, Any]]:
    """Decoded JSON events of an SSE stream, up to ``data: [DONE]``."""
    for data in iter_sse(lines):
        if data.strip() == DONE:
            return
        yield _decode(data, server)


def iter_ndjson(lines: Iterable[str], server: str) -> Iterator[dict[str, Any]]:
    """Decoded objects of an NDJSON stream, blank lines skipped."""
    for line in lines:
        if line.strip():
            yield _decode(line, server)


def _decode(text: str, server: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        raise BackendError(f"{server} sent a stream line that is not JSON: {text[:120]!r}") from None
    if not isinstance(value, dict):
        raise BackendError(f"{server} sent a stream line that is not a JSON object: {text[:120]!r}")
    return value
