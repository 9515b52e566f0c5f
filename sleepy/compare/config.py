"""The comparison config: arms (config fragments or whole configs) x seeds x cycles, checked up front.

Every problem is one line with its `$.path`, like a run config's; an arm's merged config is checked
and resolved as a run config, its problems reported under `$.arms[i].config`.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from attrs import frozen, validators

from sleepy.builtins.koans_source import koan_collection
from sleepy.config import (
    ResolvedConfig,
    SleepyConfig,
    make_converter,
    option,
    read_config_data,
    resolve,
    structure,
)
from sleepy.errors import ConfigError
from sleepy.registry import Registry

ARM_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
BASE_ARM = "base"


@frozen
class ArmSpec:
    """One arm: a configuration every seed runs for the comparison's cycles."""

    name: str = option("Arm name (letters, digits, '.', '_', '-'); the arm named `base` is the reference every "
                       "other arm is paired with.")
    config: dict[str, Any] = option("Fragment merged over the base config: mappings merge key by key, lists and "
                                    "other values replace.", factory=dict)
    file: Path | None = option("A whole run config to start from instead of `base_config` (relative to the "
                               "comparison file).", default=None)
    baseline: bool = option("A baseline: every other arm is also paired with it (McNemar p, tasks broken).",
                            default=False)


@frozen
class CompareConfig:
    """A whole comparison."""

    arms: list[ArmSpec] = option("The arms; each runs with every seed, on the same tasks.")
    base_config: Path | None = option("The run config every arm's fragment is merged over (relative to the "
                                      "comparison file).", default=None)
    seeds: list[int] = option("Run seeds: each arm runs once per seed, every arm with the same seeds.",
                              factory=lambda: [0])
    cycles: int = option("Cycles per (arm, seed).", default=1, validator=validators.ge(1))
    limit: int | None = option("At most this many train tasks by day (like `sleepy cycle --limit`).", default=None,
                               validator=validators.optional(validators.ge(1)))


@frozen
class Arm:
    """An arm whose config is merged, checked and resolved; `data` is the run config of seed 0 without its seed."""

    spec: ArmSpec
    data: dict[str, Any]
    resolved: ResolvedConfig

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def is_reference(self) -> bool:
        return self.spec.baseline or self.spec.name == BASE_ARM

    def config_for(self, seed: int) -> dict[str, Any]:
        """The run config of one seed."""
        return {**copy.deepcopy(self.data), "seed": seed}

    def describe(self) -> str:
        origin = f"file {self.spec.file}" if self.spec.file else "base config"
        return f"{origin}, fragment {json.dumps(self.spec.config, sort_keys=True, default=str)}"


@frozen
class Comparison:
    """A checked comparison: its arms in config order and what every arm shares."""

    source: Path
    config: CompareConfig
    arms: tuple[Arm, ...]


def merge(base: Mapping[str, Any], fragment: Mapping[str, Any]) -> dict[str, Any]:
    """`fragment` over `base`: mappings merge key by key; anything else (lists, null) replaces."""
    merged = copy.deepcopy(dict(base))
    for key, value in fragment.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _checked_file(path: Path, registry: Registry) -> dict[str, Any]:
    """A run config file's data, checked on its own so its own problems name its own file and path."""
    data = read_config_data(path)
    resolve(structure(make_converter(), data, SleepyConfig, str(path)), registry, str(path))
    return data


def load_comparison(path: Path, registry: Registry, *, tasks_dir: Path | None = None) -> Comparison:
    """Read and check a comparison: every arm's config is merged and resolved; all problems at once."""
    source = str(path)
    config = structure(make_converter(), read_config_data(path), CompareConfig, source)
    here = path.parent
    problems: list[str] = []
    if not config.arms:
        problems.append("$.arms: expected at least one arm")
    seen: dict[str, int] = {}
    for index, spec in enumerate(config.arms):
        if spec.name in seen:
            problems.append(f"$.arms[{index}].name: {spec.name!r} is also the name of $.arms[{seen[spec.name]}]")
        seen.setdefault(spec.name, index)
        if not ARM_NAME.match(spec.name):
            problems.append(f"$.arms[{index}].name: {spec.name!r} is not a directory name: expected letters, digits, "
                            "'.', '_' or '-', starting with a letter or digit")
        if "seed" in spec.config:
            problems.append(f"$.arms[{index}].config.seed: set by the comparison's `seeds`, not by an arm")
    if len(set(config.seeds)) != len(config.seeds) or not config.seeds:
        problems.append(f"$.seeds: expected distinct seeds, at least one, got {config.seeds}")
    base: dict[str, Any] | None = None
    if config.base_config is not None:
        base = _checked_file(here / config.base_config, registry)  # its own errors name its own file
    arms = []
    for index, spec in enumerate(config.arms):
        where = f"$.arms[{index}]"
        if spec.file is not None:
            start = _checked_file(here / spec.file, registry)
        elif base is not None:
            start = base
        else:
            problems.append(f"{where}: no config to start from: set $.base_config or {where}.file")
            continue
        data = merge(start, spec.config)
        if tasks_dir is not None:  # --tasks: every arm on the same bring-your-own koans
            data["tasks"] = koan_collection(tasks_dir)
        try:
            run_config = structure(make_converter(), data, SleepyConfig, source, f"{where}.config")
            resolved = resolve(run_config, registry, source)
        except ConfigError as exc:
            problems += _fix_paths(exc.problems, where)
            continue
        arms.append(Arm(spec, data, resolved))
    if problems:
        raise ConfigError(source, problems)
    return Comparison(path, config, tuple(arms))


def _fix_paths(problems: list[str], where: str) -> list[str]:
    """`resolve` names paths from the run config's root; under a comparison they sit in the arm's config."""
    prefix = f"{where}.config"
    return [p if p.startswith(prefix) else prefix + p[1:] if p.startswith("$") else f"{prefix}: {p}"
            for p in problems]
