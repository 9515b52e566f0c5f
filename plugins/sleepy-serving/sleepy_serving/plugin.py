"""The hooks: register the server backends and `sleepy export adapter`. Imports nothing heavy."""

from __future__ import annotations

import click

from sleepy import Backend, Registrar, hookimpl
from sleepy_serving.options import LlamaCppOptions, OllamaOptions, OpenAIOptions, TGIOptions, VLLMOptions


def build_openai(options: OpenAIOptions) -> Backend:
    from sleepy_serving.openai_backend import OpenAIBackend

    return OpenAIBackend(options)


def build_ollama(options: OllamaOptions) -> Backend:
    from sleepy_serving.ollama import OllamaBackend

    return OllamaBackend(options)


def build_vllm(options: VLLMOptions) -> Backend:
    from sleepy_serving.vllm import VLLMBackend

    return VLLMBackend(options)


def build_tgi(options: TGIOptions) -> Backend:
    from sleepy_serving.tgi import TGIBackend

    return TGIBackend(options)


def build_llamacpp(options: LlamaCppOptions) -> Backend:
    from sleepy_serving.llamacpp import LlamaCppBackend

    return LlamaCppBackend(options)


@hookimpl
def sleepy_register_backends(register: Registrar[Backend]) -> None:
    register.add("openai", build_openai, options=OpenAIOptions,
                 description="Any OpenAI-compatible chat-completions server (vLLM, TGI, llama.cpp, Ollama /v1).")
    register.add("ollama", build_ollama, options=OllamaOptions,
                 description="Ollama's native /api/chat, with num_ctx, truncation check and adapter models.")
    register.add("vllm", build_vllm, options=VLLMOptions,
                 description="vLLM's OpenAI server, with LoRA adapters loaded at runtime.")
    register.add("tgi", build_tgi, options=TGIOptions,
                 description="Hugging Face text-generation-inference (Messages API or /generate).")
    register.add("llamacpp", build_llamacpp, options=LlamaCppOptions,
                 description="llama.cpp's llama-server, with per-request LoRA scales.")


@hookimpl
def sleepy_register_commands(cli: click.Group) -> None:
    from sleepy_serving.cli import add_export_command

    add_export_command(cli)
