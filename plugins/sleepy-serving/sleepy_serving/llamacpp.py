"""The `llamacpp` backend: llama-server, with adapters chosen per request (``lora: [{id, scale}]``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from sleepy import BackendError
from sleepy_serving.errors import ServerError
from sleepy_serving.openai_backend import OpenAIBackend
from sleepy_serving.options import LlamaCppOptions
from sleepy_serving.transport import Transport

LORA_PATH = "/lora-adapters"


def matches(server_path: str, local_path: Path, name: str) -> bool:
    """Whether an adapter llama-server was started with is the adapter `name` at `local_path`.

    The server's path may be on another machine, so besides equal paths a file named ``<name>.gguf``
    or any ``.gguf`` inside a directory named `name` counts (what ``sleepy export adapter`` writes).
    """
    served = Path(server_path)
    if served == local_path or served.parent == local_path:
        return True
    return served.suffix == ".gguf" and name in (served.stem, served.parent.name)


class LlamaCppBackend(OpenAIBackend):
    """llama.cpp's llama-server. Adapter files are fixed at start (``--lora``); their scales are per request."""

    name: ClassVar[str] = "llamacpp"
    display_name: ClassVar[str] = "llama-server"
    start_hint: ClassVar[str] = "is `llama-server` running?"
    options: LlamaCppOptions

    def __init__(self, options: LlamaCppOptions, *, transport: Transport | None = None) -> None:
        super().__init__(options, transport=transport)
        self.lora_ids: dict[str, int] = {}
        self._server_adapters: list[dict[str, Any]] | None = None

    def server_adapters(self, *, refresh: bool = False) -> list[dict[str, Any]]:
        """``GET /lora-adapters``: ``[{id, path, scale}, ...]``; empty for servers without the route."""
        if self._server_adapters is None or refresh:
            try:
                body = self.transport.json("GET", LORA_PATH)
            except ServerError as exc:
                if exc.status not in (404, 501):
                    raise
                body = []
            self._server_adapters = [a for a in body if isinstance(a, dict) and "id" in a] \
                if isinstance(body, list) else []
        return self._server_adapters

    def extra_body(self) -> dict[str, Any]:
        body = {**super().extra_body(), "cache_prompt": self.options.cache_prompt}
        adapters = self.server_adapters()
        if adapters:  # every adapter is listed: one the request leaves out would keep its global scale
            active = self.lora_ids.get(self.adapter_id) if self.adapter_id else None
            body["lora"] = [{"id": a["id"], "scale": 1.0 if a["id"] == active else 0.0} for a in adapters]
        return body

    def load_adapter(self, path: str | Path, name: str) -> None:
        """Find adapter `name` among those llama-server was started with; new files cannot be added at runtime."""
        local = Path(path).resolve()
        adapters = self.server_adapters(refresh=True)
        found = [a for a in adapters if matches(str(a.get("path", "")), local, name)]
        if not found:
            started = ", ".join(str(a.get("path")) for a in adapters) or "none"
            raise BackendError(
                f"llama-server cannot load adapter files at runtime and {name!r} is not among those it was started "
                f"with ({started}): run `sleepy export adapter {name} --to gguf --out DIR --base-config BASE` "
                f"and restart llama-server with --lora-scaled DIR/{name}.gguf:0")
        self.lora_ids[name] = int(found[0]["id"])

    def set_adapter(self, name: str | None) -> None:
        """Generate with adapter `name` at scale 1 and every other at 0 (None: the base model)."""
        if name is not None and name not in self.lora_ids:
            raise BackendError(f"adapter {name!r} is not loaded on llama-server; call load_adapter first")
        self.adapter_id = name
