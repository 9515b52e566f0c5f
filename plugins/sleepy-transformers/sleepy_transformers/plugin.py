"""The hooks: register the `transformers` backend and the `lora` trainer. Imports nothing heavy.

The model sources (hub, local, gguf, pypi-wheel) are not registered strategies: only this backend
resolves model references, through `sources.resolve`, and the reference grammar names the four.
"""

from __future__ import annotations

from sleepy import Backend, Consolidator, Registrar, hookimpl
from sleepy_transformers.options import TransformersOptions
from sleepy_transformers.trainer import register_trainer


def build_backend(options: TransformersOptions) -> Backend:
    """Factory of the `transformers` backend (torch is imported here, not when plugins load)."""
    from sleepy_transformers.backend import TransformersBackend

    return TransformersBackend.from_options(options)


@hookimpl
def sleepy_register_backends(register: Registrar[Backend]) -> None:
    register.add("transformers", build_backend, options=TransformersOptions,
                 description="A transformers model in this process (CPU or CUDA), with LoRA adapters.")


@hookimpl
def sleepy_register_consolidators(register: Registrar[Consolidator]) -> None:
    register_trainer(register)
