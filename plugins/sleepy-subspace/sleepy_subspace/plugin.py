"""The plugin's entry point (``sleepy = subspace``): registers the subspace consolidators. Imports nothing heavy.

``share``, ``uwsh``, ``olora`` and the ``mean_adapter`` and ``random_basis`` controls; each trains with the
`lora` trainer's loop (sleepy-transformers) and publishes a standard PEFT LoRA adapter. torch is imported
only when a sleep runs (`sleepy_subspace.sleep`). What each does: docs/subspace.md. It also adds
`sleepy packs ...` (coefficient packs, `sleepy_subspace.cli`).
"""

from __future__ import annotations

from collections.abc import Callable

import click
from sleepy_transformers.options import LoraOptions

from sleepy import Backend, Consolidator, Registrar, TrainingRequest, TrainingResult, hookimpl
from sleepy_subspace.options import MeanAdapterOptions, OloraOptions, RandomBasisOptions, ShareOptions, UwshOptions


class SubspaceConsolidator:
    """One strategy's sleep with its options; the work is in `sleepy_subspace.sleep.consolidate`."""

    def __init__(self, strategy: str, options: LoraOptions) -> None:
        self.strategy, self.options = strategy, options

    def consolidate(self, request: TrainingRequest, backend: Backend) -> TrainingResult:
        from sleepy_subspace.sleep import consolidate

        return consolidate(self.strategy, request, backend, self.options)


STRATEGIES: dict[str, tuple[type[LoraOptions], str]] = {
    "share": (ShareOptions, "Share: new skills as coefficients (+ temporary directions) in a shared basis that "
                            "every sleep refits; earlier skills re-projected, not forgotten."),
    "uwsh": (UwshOptions, "UWSH: a basis estimated once from a set of adapters, then coefficient-only training."),
    "olora": (OloraOptions, "O-LoRA: a new LoRA per sleep, orthogonal to every earlier skill's A; all summed."),
    "mean_adapter": (MeanAdapterOptions, "Control: a plain LoRA per sleep; publishes the mean of every skill's "
                                         "update."),
    "random_basis": (RandomBasisOptions, "Control: Share's coefficient training in seeded random directions "
                                         "(same k)."),
}


def _factory(strategy: str, default: type[LoraOptions]) -> Callable[[LoraOptions | None], SubspaceConsolidator]:
    def build(options: LoraOptions | None = None) -> SubspaceConsolidator:
        return SubspaceConsolidator(strategy, options if options is not None else default())

    return build


@hookimpl
def sleepy_register_consolidators(register: Registrar[Consolidator]) -> None:
    for name, (options, description) in STRATEGIES.items():
        register.add(name, _factory(name, options), options=options, description=description)


@hookimpl
def sleepy_register_commands(cli: click.Group) -> None:
    from sleepy_subspace.cli import packs_group

    cli.add_command(packs_group())
