"""The per-family adapters a subspace sleep writes next to the one it publishes (`route_by: family`).

For every family a kept skill names, ``<adapter>/routes/family/<family>/`` holds a standard PEFT LoRA: the
sum of that family's skills from every sleep so far (as the state keeps them: re-projected in the current
basis) plus every skill trained on all families (`Skill.families` empty: the first sleep's plain LoRA, or
skills of sleeps without routing), so a routed task never starts from less than the shared skills give.
`sleepy.routing.routes.write_routes` then lists them in ``<adapter>/routes.json``, which the router reads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sleepy_transformers.training.output import peft_config, write_adapter

from sleepy import write_routes
from sleepy_subspace.families import directory_name
from sleepy_subspace.materialize import lora_tensors
from sleepy_subspace.olora import concatenate
from sleepy_subspace.state import SubspaceState

ROUTES_DIRECTORY = "routes/family"


def family_skills(state: SubspaceState) -> dict[str, list[int]]:
    """Per family some kept skill names (sorted): the positions of the skills its route sums."""
    named = sorted({family for skill in state.skills for family in skill.families})
    return {family: [i for i, skill in enumerate(state.skills) if not skill.families or family in skill.families]
            for family in named}


def write_family_routes(output_dir: Path, state: SubspaceState, *, strategy: str, dropout: float,
                        metadata: dict[str, Any]) -> dict[str, list[int]]:
    """Write every family's route adapter under `output_dir` and `output_dir/routes.json`; nothing when no skill
    names a family. `metadata`: what each route's ``sleepy_adapter.json`` shares with the published adapter's
    (base model, dataset). Returns the skills each family's route sums."""
    routes = family_skills(state)
    if not routes:
        return routes
    per_skill = [skill.factors(state.basis) for skill in state.skills]
    table = {}
    for family, positions in routes.items():
        relative = f"{ROUTES_DIRECTORY}/{directory_name(family)}"
        layers = {name: concatenate([per_skill[i][name] for i in positions]) for name in per_skill[-1]}
        adapter = lora_tensors(layers)
        write_adapter(output_dir / relative, adapter.tensors,
                      peft_config(rank=adapter.rank, alpha=adapter.lora_alpha, dropout=dropout,
                                  target_modules=list(adapter.target_modules), base_model=metadata["base_model"]),
                      {**metadata, "trainer": strategy, "route": {"kind": "family", "key": family},
                       "skills": positions, "rank": adapter.rank,
                       "basis_sha256": state.basis.sha256 if state.basis else None})
        table[family] = relative
    write_routes(output_dir, {"family": table})
    return routes
