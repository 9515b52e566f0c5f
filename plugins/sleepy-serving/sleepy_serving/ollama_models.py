"""Ollama model management over REST: blobs, ``/api/create`` with adapters, delete, list, show."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sleepy import BackendError
from sleepy_serving.errors import ServerError, error_message
from sleepy_serving.streams import iter_ndjson
from sleepy_serving.transport import Transport

ADMIN_RETRY = frozenset({429, 502, 503, 504})


def file_digest(path: Path) -> str:
    """``sha256:<hex>`` of a file, the name Ollama gives a blob."""
    sha = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            sha.update(block)
    return f"sha256:{sha.hexdigest()}"


def adapter_model_name(base: str, adapter: str) -> str:
    """The model made of `base` plus `adapter`, its tag kept (qwen2.5-coder:1.5b + a1 -> qwen2.5-coder-1.5b-a1)."""
    base = base.removesuffix(":latest")
    return re.sub(r"[^a-z0-9._-]+", "-", f"{base}-{adapter}".lower()).strip("-")


def upload_blob(transport: Transport, path: Path) -> str:
    """Upload a file unless Ollama already has it; returns its digest."""
    digest = file_digest(path)
    try:
        transport.request("HEAD", f"/api/blobs/{digest}", retry_statuses=ADMIN_RETRY)
        return digest
    except ServerError as exc:
        if exc.status != 404:
            raise
    try:
        transport.request("POST", f"/api/blobs/{digest}", content=path.read_bytes(), retry_statuses=ADMIN_RETRY)
    except ServerError as exc:
        raise BackendError(f"Ollama refused the upload of {path.name}: {exc.message}") from None
    return digest


def create_model(transport: Transport, name: str, *, base: str, adapters: Mapping[str, str]) -> None:
    """``/api/create {model, from, adapters}``; progress lines are read to the final ``success``."""
    body = {"model": name, "from": base, "adapters": dict(adapters), "stream": True}
    status = None
    try:
        with transport.stream("POST", "/api/create", json=body, retry_statuses=ADMIN_RETRY) as response:
            for line in iter_ndjson(response.iter_lines(), "Ollama"):
                if "error" in line:
                    raise BackendError(f"Ollama could not create model {name!r}: {error_message(line)}")
                status = line.get("status")
    except ServerError as exc:
        raise BackendError(f"Ollama could not create model {name!r} from {base!r}: {exc.message}") from None
    if status != "success":
        raise BackendError(f"Ollama stopped creating model {name!r} before it succeeded (last status: {status})")


def delete_model(transport: Transport, name: str) -> None:
    try:
        transport.request("DELETE", "/api/delete", json={"model": name}, retry_statuses=ADMIN_RETRY)
    except ServerError as exc:
        if exc.status != 404:
            raise


def list_models(transport: Transport) -> list[str]:
    """Names of pulled models (``GET /api/tags``); empty when Ollama does not say."""
    try:
        body = transport.json("GET", "/api/tags", retry_statuses=())
    except BackendError:
        return []
    models = body.get("models") if isinstance(body, dict) else None
    return [str(m.get("name") or m.get("model")) for m in models or [] if isinstance(m, dict)]


def show_model(transport: Transport, name: str) -> dict[str, Any]:
    """``POST /api/show``: details, model_info, capabilities, ... (ServerError 404 when not pulled)."""
    body = transport.json("POST", "/api/show", json={"model": name})
    return body if isinstance(body, dict) else {}
