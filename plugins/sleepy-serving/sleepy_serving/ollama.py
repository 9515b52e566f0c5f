"""The `ollama` backend: native ``/api/chat``, models checked with ``/api/show``, adapters as created models."""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path
from typing import ClassVar

from sleepy import BackendError, Completion, CompletionRequest
from sleepy_serving import ollama_models
from sleepy_serving.base import ServerBackend
from sleepy_serving.errors import ServerError
from sleepy_serving.ollama_wire import (
    CHAT_PATH,
    OllamaReply,
    chat_body,
    check_prompt_fits,
    check_truncation,
    ollama_host,
)
from sleepy_serving.options import OllamaOptions
from sleepy_serving.portable import check_portable
from sleepy_serving.streams import iter_ndjson
from sleepy_serving.transport import Transport


class OllamaBackend(ServerBackend):
    """Ollama through its own API, which (unlike its /v1) takes num_ctx and reports evaluated prompt tokens."""

    name: ClassVar[str] = "ollama"
    display_name: ClassVar[str] = "Ollama"
    start_hint: ClassVar[str] = "is `ollama serve` running?"
    options: OllamaOptions

    def __init__(self, options: OllamaOptions, *, transport: Transport | None = None) -> None:
        super().__init__(options, transport=transport)
        self.created: dict[str, str] = {}  # adapter name -> Ollama model made of base + adapter
        self._checked: set[str] = set()
        self._check_lock = threading.Lock()

    def base_url(self) -> str:
        return self.options.base_url or ollama_host(os.environ.get("OLLAMA_HOST"))

    def health_path(self) -> str:
        return "/api/version"

    def request_model(self) -> str:
        return self.created[self.adapter_id] if self.adapter_id else self.options.model

    def not_pulled(self, model: str) -> BackendError:
        have = ollama_models.list_models(self.transport)
        return BackendError(f"model {model!r} is not pulled on this Ollama (have: {', '.join(have) or 'none'}); "
                            f"run `ollama pull {model}`")

    def check_model(self, model: str) -> None:
        """Once per model: it exists, and it can call tools if tools are configured."""
        with self._check_lock:
            if model in self._checked:
                return
            try:
                info = ollama_models.show_model(self.transport, model)
            except ServerError as exc:
                if exc.status == 404:
                    raise self.not_pulled(model) from None
                raise
            capabilities = info.get("capabilities")
            if self.options.tools and isinstance(capabilities, list) and "tools" not in capabilities:
                raise BackendError(f"model {model!r} on Ollama cannot call tools (capabilities: "
                                   f"{', '.join(map(str, capabilities))}); remove the backend's `tools` or pick a "
                                   "model that has them")
            self._checked.add(model)

    def _complete(self, request: CompletionRequest) -> Completion:
        model = self.request_model()
        prompt_chars = sum(len(m.content) for m in request.messages)
        check_prompt_fits(prompt_chars, self.options.num_ctx, model)
        self.check_model(model)
        body = chat_body(request, model=model, num_ctx=self.options.num_ctx, keep_alive=self.options.keep_alive,
                         stream=self.options.stream, tools=self.options.tools)
        reply = OllamaReply()
        try:
            if self.options.stream:
                with self.transport.stream("POST", CHAT_PATH, json=body) as response:
                    for chunk in iter_ndjson(response.iter_lines(), self.display_name):
                        reply.feed(chunk)
                        if reply.done:
                            break
            else:
                reply.feed(self.transport.json("POST", CHAT_PATH, json=body))
        except ServerError as exc:
            if exc.status == 404 and "not found" in exc.message.lower():
                raise self.not_pulled(model) from None
            raise
        completion = reply.completion()
        check_truncation(prompt_chars, reply.prompt_eval_count, self.options.num_ctx, model)
        return completion

    def load_adapter(self, path: str | Path, name: str) -> None:
        """Create an Ollama model of the base plus this adapter (uploaded as blobs) and remember its name."""
        path = Path(path)
        check_portable(path)
        model = ollama_models.adapter_model_name(self.options.model, name)
        if self.options.adapter_format == "safetensors":
            files = {f: path / f for f in ("adapter_config.json", "adapter_model.safetensors")}
            digests = {f: ollama_models.upload_blob(self.transport, p) for f, p in files.items()}
        else:
            from sleepy_serving.gguf_lora import write_lora_gguf

            if not self.options.base_config:
                raise BackendError("the ollama backend converts adapters to GGUF and needs the base model's "
                                   "config.json: set its `base_config` (or adapter_format: safetensors)")
            with tempfile.TemporaryDirectory(prefix="sleepy-ollama-") as tmp:
                gguf_path = write_lora_gguf(path, Path(tmp) / f"{name}.gguf",
                                            base_config=Path(self.options.base_config))
                digests = {"adapter.gguf": ollama_models.upload_blob(self.transport, gguf_path)}
        ollama_models.create_model(self.transport, model, base=self.options.model, adapters=digests)
        self.created[name] = model

    def set_adapter(self, name: str | None) -> None:
        """Generate with the model created for adapter `name` (None: the base model)."""
        if name is not None and name not in self.created:
            raise BackendError(f"adapter {name!r} is not loaded on Ollama; call load_adapter first")
        self.adapter_id = name

    def unload_adapter(self, name: str) -> None:
        """Delete the model created for adapter `name`."""
        model = self.created.pop(name, None)
        if model is not None:
            ollama_models.delete_model(self.transport, model)
        if self.adapter_id == name:
            self.adapter_id = None
