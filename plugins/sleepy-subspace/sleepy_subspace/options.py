"""Options of the subspace consolidators. Light: imported when the plugin registers (no torch).

Every strategy's options extend the `lora` trainer's (`LoraOptions`: rank, alpha, epochs, learning rate,
batching, precision, ...), which train the plain LoRAs and, with `coefficient_learning_rate`, the
coefficients; the fields added here are the method's own (METHODS.md gives the official values).
"""

from __future__ import annotations

import math
from typing import Any

from attrs import Attribute, frozen, validators
from sleepy_transformers.options import LoraOptions

from sleepy import option

PUBLISH = ("sum", "latest")
ROUTE_BY = ("none", "family")


def _unit_interval(_: Any, attribute: Attribute[float], value: float) -> None:
    if math.isnan(value) or not 0.0 < value <= 1.0:
        raise ValueError(f"'{attribute.name}' must be above 0 and at most 1 (got {value!r})")


def _paths(_: Any, attribute: Attribute[list[str]], value: list[str]) -> None:
    if not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"'{attribute.name}' must be a list of PEFT adapter directories (got {value!r})")


def _names(_: Any, attribute: Attribute[tuple[str, ...]], value: tuple[str, ...]) -> None:
    if not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"'{attribute.name}' must be a list of pack names (got {list(value)!r})")


def _k() -> Any:
    return option("Basis directions per adapted layer and side (Share's official NLU value: 32); at most the "
                  "layer's smaller dimension.", default=32, validator=validators.ge(1))


def _coefficient_lr() -> Any:
    return option("Peak learning rate of the coefficient training (Share's and UWSH's official value 4e-3; "
                  "`learning_rate` trains the plain LoRAs).", default=4e-3, validator=validators.gt(0))


def _seed() -> Any:
    return option("Seed of the basis's random directions (top-up beyond the data's directions, Gram-Schmidt or "
                  "the random basis itself); training draws from the sleep's seed.", default=0,
                  validator=validators.ge(0))


def _publish() -> Any:
    return option("The adapter each sleep publishes: sum (every kept skill's update added, PEFT's cat: rank = "
                  "rank x skills: the adapter a task no route names gets) or latest (the newest sleep's skills "
                  "alone: one, or one per family with route_by family).", default="sum",
                  validator=validators.in_(PUBLISH))


def _route_by() -> Any:
    return option("none: every sleep trains one skill on all its data. family: every sleep that trains coefficients "
                  "trains one coefficient skill per task family in its dataset, and the adapter gains a PEFT LoRA per "
                  "family (that family's skills plus the skills of every family) under routes/family/<family>, "
                  "listed in routes.json for the router; the published adapter is unchanged in kind (publish).",
                  default="none", neutral=True, validator=validators.in_(ROUTE_BY))


@frozen
class ShareOptions(LoraOptions):
    """Options of the `share` consolidator (Share, METHODS.md section 1)."""

    k: int = _k()
    temporary: int = option("Temporary directions (phi) trained next to the coefficients and folded into the "
                            "basis by the merge (official: 2); 0: coefficients only.", default=2,
                            validator=validators.ge(0))
    fine_tune_after_merge: bool = option(
        "After the merge, train the new skill's coefficients again in the merged basis (the paper's "
        "'Merging & Finetuning'); earlier skills are not touched.", default=False)
    fine_tune_epochs: int = option("Epochs of that fine-tuning.", default=1, validator=validators.ge(1))
    coefficient_learning_rate: float = _coefficient_lr()
    seed: int = _seed()
    publish: str = _publish()
    route_by: str = _route_by()
    packs: tuple[str, ...] = option(
        "Coefficient packs (by name: the local store, then installed packages; `sleepy packs list`) the first "
        "sleep starts from: their basis becomes the run's and their skills its earlier skills. Used only when "
        "the run has no share state yet; every pack must refer to the same basis and the backend's model.",
        default=(), neutral=True, validator=_names)


@frozen
class UwshOptions(LoraOptions):
    """Options of the `uwsh` consolidator (UWSH, METHODS.md section 2)."""

    sources: list[str] = option(
        "PEFT LoRA adapter directories the basis is estimated from, next to the run's own plain LoRAs (all of "
        "rank `rank` on the same layers).", factory=list, validator=_paths)
    k: int | None = option("Basis directions per layer and side; unset: the fewest reaching `threshold`.",
                           default=None, validator=validators.optional(validators.ge(1)))
    threshold: float = option("Explained variance the fitted directions reach when `k` is unset (paper: 0.6-0.95).",
                              default=0.9, validator=_unit_interval)
    gram_schmidt: int = option("Seeded random directions appended to the fitted ones (official NLU: 32).",
                               default=0, validator=validators.ge(0))
    coefficient_learning_rate: float = _coefficient_lr()
    seed: int = _seed()
    publish: str = _publish()
    route_by: str = _route_by()


@frozen
class OloraOptions(LoraOptions):
    """Options of the `olora` consolidator (O-LoRA, METHODS.md section 3)."""

    lambda1: float = option("Weight of the L1 overlap |A_prev A_new^T| with every earlier skill's A (official: 0.5; "
                            "unnormalised, so it grows with the number of earlier skills).", default=0.5,
                            validator=validators.ge(0))
    lambda2: float = option("Weight of the L2 norms of the new A and B (official: 0).", default=0.0,
                            validator=validators.ge(0))


@frozen
class MeanAdapterOptions(LoraOptions):
    """Options of the `mean_adapter` control: a plain LoRA per sleep, the mean of every skill's update published."""

    mean_rank: int | None = option(
        "Publish the best rank-`mean_rank` approximation of the mean update; unset: the exact mean "
        "(rank = rank x skills).", default=None, validator=validators.optional(validators.ge(1)))


@frozen
class RandomBasisOptions(LoraOptions):
    """Options of the `random_basis` control: Share's coefficient training in seeded random directions."""

    k: int = _k()
    coefficient_learning_rate: float = _coefficient_lr()
    seed: int = _seed()
    publish: str = _publish()
    route_by: str = _route_by()
