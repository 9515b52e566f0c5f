"""`sleepy export adapter ADAPTER_ID --to peft|gguf|ollama|vllm` (and `sleepy adapters export`, a hidden alias)."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import click

from sleepy import AdapterRegistry, RunDirectory, run_dir_option
from sleepy_serving.export import TARGETS, Target, export_adapter
from sleepy_serving.options import VLLM_LORA_RANKS


def export_adapter_command(name: str = "adapter", *, hidden: bool = False) -> click.Command:
    """A fresh `export adapter` command (built per CLI, so nothing is registered at import time)."""

    @click.command(name, hidden=hidden)
    @run_dir_option
    @click.argument("adapter_id")
    @click.option("--to", "to", type=click.Choice(TARGETS), required=True,
                  help="peft: a directory for vLLM/TGI; gguf: a file for llama.cpp/Ollama; ollama: an Ollama model "
                       "(base + adapter) created over REST; vllm: loaded into a running vLLM.")
    @click.option("--out", type=click.Path(file_okay=False, path_type=Path),
                  help="Output directory (required for peft and gguf).")
    @click.option("--base-config", type=click.Path(exists=True, path_type=Path),
                  help="The base model's config.json or its directory (gguf and ollama).")
    @click.option("--dtype", type=click.Choice(["f32", "f16"]), default="f32", show_default=True,
                  help="Tensor type of a GGUF export.")
    @click.option("--url", "server_url", help="Server URL for ollama and vllm (defaults: $OLLAMA_HOST or "
                                              "http://127.0.0.1:11434; http://127.0.0.1:8000).")
    @click.option("--from", "base_model", help="Ollama: the base model to build on; vLLM: the served base model.")
    @click.option("--max-lora-rank", type=click.Choice([str(r) for r in VLLM_LORA_RANKS]), default="16",
                  show_default=True, help="The vLLM server's --max-lora-rank.")
    def export_command(run_dir: Path, adapter_id: str, to: str, out: Path | None, base_config: Path | None,
                       dtype: str, server_url: str | None, base_model: str | None, max_lora_rank: str) -> None:
        """Export a run's adapter for an inference server."""
        directory = RunDirectory(run_dir)
        record = AdapterRegistry(directory.adapters, directory.open_store()).get(adapter_id)
        result = export_adapter(record.path, cast(Target, to), out, name=adapter_id, base_config=base_config,
                                dtype=dtype, server_url=server_url, base_model=base_model,
                                max_lora_rank=int(max_lora_rank))
        click.echo(result.describe())

    return export_command


def add_export_command(cli: click.Group) -> None:
    """Add `adapter` to the core's `export` group; `adapters export` stays as a hidden alias for old scripts."""
    for group_name, command in (("export", export_adapter_command()),
                                ("adapters", export_adapter_command("export", hidden=True))):
        group = cli.commands.get(group_name)
        if isinstance(group, click.Group):
            group.add_command(command)
