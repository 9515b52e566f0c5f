"""Adapters out to servers: a PEFT copy (vLLM, TGI), a GGUF LoRA (llama.cpp, Ollama), an Ollama model, a vLLM load."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from attrs import frozen

from sleepy import CONFIG_FILE, METADATA_FILE, WEIGHTS_FILE
from sleepy_serving.gguf_lora import ExportError, write_lora_gguf
from sleepy_serving.portable import check_portable
from sleepy_serving.transport import Transport

Target = Literal["peft", "gguf", "ollama", "vllm"]
TARGETS: tuple[Target, ...] = ("peft", "gguf", "ollama", "vllm")


@frozen
class ExportResult:
    """What an export produced: files, and the name a server now serves the adapter as."""

    target: str
    path: Path | None
    served_as: str | None = None

    def describe(self) -> str:
        parts = [f"{self.target}:"]
        if self.path is not None:
            parts.append(f"wrote {self.path}")
        if self.served_as is not None:
            parts.append(f"served as {self.served_as!r}")
        return " ".join(parts)


def copy_peft(adapter_dir: Path, out_dir: Path) -> Path:
    """The PEFT files (and sleepy's metadata) in `out_dir`, replacing what was there."""
    staging = out_dir.with_name(f".{out_dir.name}.staging")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    for name in (CONFIG_FILE, WEIGHTS_FILE, METADATA_FILE):
        if (adapter_dir / name).exists():
            shutil.copy2(adapter_dir / name, staging / name)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    staging.rename(out_dir)
    return out_dir


def export_adapter(
    adapter_dir: Path, to: Target, out_dir: Path | None = None, *, name: str | None = None,
    base_config: Path | Mapping[str, Any] | None = None, dtype: str = "f32", server_url: str | None = None,
    base_model: str | None = None, max_lora_rank: int = 16, transport: Transport | None = None,
) -> ExportResult:
    """Export a PEFT LoRA directory for a server; portable adapters only (no DoRA, rsLoRA, modules_to_save).

    :param to: peft (a directory for vLLM / TGI), gguf (a file for llama.cpp / Ollama), ollama (an Ollama
        model `base_model` + adapter, created over REST at `server_url`), vllm (loaded at runtime into
        the vLLM at `server_url`, from `out_dir` if given, else from `adapter_dir`).
    :param name: the adapter's name on disk and on servers; default: the directory's name.
    :param base_config: the base model's config.json, needed for GGUF (architecture, head counts).
    """
    if to not in TARGETS:
        raise ExportError(f"unknown export target {to!r}; choose one of {', '.join(TARGETS)}")
    name = name or adapter_dir.name
    check_portable(adapter_dir)
    if to == "peft":
        return ExportResult(to, copy_peft(adapter_dir, _required(out_dir, to) / name))
    if to == "gguf":
        path = write_lora_gguf(adapter_dir, _required(out_dir, to) / f"{name}.gguf", base_config=base_config,
                               dtype=dtype)
        return ExportResult(to, path)
    if to == "ollama":
        return _to_ollama(adapter_dir, out_dir, name, base_config, dtype, server_url, base_model, transport)
    return _to_vllm(adapter_dir, out_dir, name, server_url, base_model, max_lora_rank, transport)


def _required(out_dir: Path | None, target: str) -> Path:
    if out_dir is None:
        raise ExportError(f"export to {target} writes files: give an output directory (--out DIR)")
    return out_dir


def _to_ollama(adapter_dir: Path, out_dir: Path | None, name: str, base_config: Path | Mapping[str, Any] | None,
               dtype: str, server_url: str | None, base_model: str | None,
               transport: Transport | None) -> ExportResult:
    from sleepy_serving import ollama_models
    from sleepy_serving.ollama import OllamaBackend
    from sleepy_serving.options import OllamaOptions

    if not base_model:
        raise ExportError("export to ollama needs the Ollama base model the adapter was trained on (--from NAME)")
    backend = OllamaBackend(OllamaOptions(base_url=server_url or "", model=base_model), transport=transport)
    with tempfile.TemporaryDirectory(prefix="sleepy-export-") as tmp:
        gguf_path = write_lora_gguf(adapter_dir, (out_dir or Path(tmp)) / f"{name}.gguf", base_config=base_config,
                                    dtype=dtype)
        model = ollama_models.adapter_model_name(base_model, name)
        digest = ollama_models.upload_blob(backend.transport, gguf_path)
        ollama_models.create_model(backend.transport, model, base=base_model, adapters={f"{name}.gguf": digest})
        return ExportResult("ollama", gguf_path if out_dir else None, model)


def _to_vllm(adapter_dir: Path, out_dir: Path | None, name: str, server_url: str | None, base_model: str | None,
             max_lora_rank: int, transport: Transport | None) -> ExportResult:
    from sleepy_serving.options import VLLMOptions
    from sleepy_serving.vllm import VLLMBackend

    source = copy_peft(adapter_dir, out_dir / name) if out_dir else adapter_dir
    options = VLLMOptions(base_url=server_url or "http://127.0.0.1:8000", model=base_model or "",
                          max_lora_rank=max_lora_rank)
    VLLMBackend(options, transport=transport).load_adapter(source, name)
    return ExportResult("vllm", source if out_dir else None, name)
