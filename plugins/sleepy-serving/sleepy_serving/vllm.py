"""The `vllm` backend: chat completions plus LoRA adapters loaded at runtime."""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

from sleepy import BackendError
from sleepy_serving.errors import ServerError
from sleepy_serving.openai_backend import OpenAIBackend
from sleepy_serving.options import VLLM_LORA_RANKS, VLLMOptions
from sleepy_serving.portable import check_portable
from sleepy_serving.transport import Transport

LOAD_PATH = "/v1/load_lora_adapter"
UNLOAD_PATH = "/v1/unload_lora_adapter"
ADMIN_RETRY = frozenset({429, 502, 503, 504})  # a 500 from the adapter routes is a config error, not load
RUNTIME_DISABLED = ("runtime LoRA updating is disabled: start vLLM with VLLM_ALLOW_RUNTIME_LORA_UPDATING=True "
                    "and --enable-lora")
_RANK_ERROR = re.compile(r"rank (\d+) is greater than max_lora_rank (\d+)", re.I)


def route_missing(exc: ServerError) -> bool:
    """A 404 from the router (FastAPI's ``{"detail": "Not Found"}``), not from vLLM's adapter code."""
    return exc.status in (404, 405) and (
        (isinstance(exc.body, dict) and exc.body.get("detail") in ("Not Found", "Method Not Allowed"))
        or exc.message in ("Not Found", "(empty body)"))


class VLLMBackend(OpenAIBackend):
    """vLLM's OpenAI server; adapters go through ``/v1/load_lora_adapter`` and are chosen by `model`."""

    name: ClassVar[str] = "vllm"
    display_name: ClassVar[str] = "vLLM"
    start_hint: ClassVar[str] = "is `vllm serve` running?"
    options: VLLMOptions

    def __init__(self, options: VLLMOptions, *, transport: Transport | None = None) -> None:
        super().__init__(options, transport=transport)
        self.loaded: dict[str, Path] = {}

    def request_model(self) -> str:
        return self.adapter_id or self.options.model

    def load_adapter(self, path: str | Path, name: str) -> None:
        """Load (or replace) adapter `name` from `path`, a directory the vLLM machine can read."""
        path = Path(path).resolve()
        if self.loaded.get(name) == path:
            return
        info = check_portable(path)
        if info.rank > self.options.max_lora_rank:
            needed = next((r for r in VLLM_LORA_RANKS if r >= info.rank), info.rank)
            raise BackendError(f"vLLM rejected adapter: rank {info.rank} > --max-lora-rank "
                               f"{self.options.max_lora_rank} (restart vLLM with --max-lora-rank {needed} and set "
                               f"the backend's max_lora_rank to match)")
        body: dict[str, object] = {"lora_name": name, "lora_path": str(path)}
        if name in self.loaded:
            body["load_inplace"] = True
        try:
            self.transport.request("POST", LOAD_PATH, json=body, retry_statuses=ADMIN_RETRY)
        except ServerError as exc:
            if exc.status == 400 and "already" in exc.message.lower() and "load_inplace" not in body:
                self.transport.request("POST", LOAD_PATH, json={**body, "load_inplace": True},
                                       retry_statuses=ADMIN_RETRY)
            else:
                raise self.adapter_error(exc, name, path) from None
        self.loaded[name] = path

    def adapter_error(self, exc: ServerError, name: str, path: Path) -> BackendError:
        if route_missing(exc):
            return BackendError(RUNTIME_DISABLED)
        rank = _RANK_ERROR.search(exc.message)
        if rank:
            return BackendError(f"vLLM rejected adapter: rank {rank[1]} > --max-lora-rank {rank[2]}")
        if exc.status == 404:
            return BackendError(f"vLLM cannot find adapter {name!r} at {path} ({exc.message}); the path must exist "
                                "on the machine vLLM runs on")
        return BackendError(f"vLLM rejected adapter {name!r}: {exc.message}")

    def set_adapter(self, name: str | None) -> None:
        """Generate with adapter `name` (None: the base model)."""
        if name is not None and name not in self.loaded:
            raise BackendError(f"adapter {name!r} is not loaded on vLLM (loaded: "
                               f"{', '.join(self.loaded) or 'none'}); call load_adapter first")
        self.adapter_id = name

    def unload_adapter(self, name: str) -> None:
        try:
            self.transport.request("POST", UNLOAD_PATH, json={"lora_name": name}, retry_statuses=ADMIN_RETRY)
        except ServerError as exc:
            if route_missing(exc):
                raise BackendError(RUNTIME_DISABLED) from None
            if exc.status != 404:  # an adapter vLLM does not know is already unloaded
                raise BackendError(f"vLLM could not unload adapter {name!r}: {exc.message}") from None
        self.loaded.pop(name, None)
        if self.adapter_id == name:
            self.adapter_id = None
