"""The comparison configs under examples/compare/ load and resolve, arm by arm.

An arm can name a strategy from a plugin that this environment lacks (the subspace arms need
plugins/sleepy-subspace, which the core tox env does not install): that arm is skipped, with a reason
naming the strategy, and every other arm of the file is still checked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from sleepy.compare import load_comparison, merge
from sleepy.config import ConfigError
from sleepy.plugins import get_plugin_manager
from sleepy.registry import Registry, StrategyKind
from tests.phases.adapter_backend import QualityPlugin, write_config

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "compare"
COMPARISONS = sorted(p for p in EXAMPLES.glob("*.yaml") if "arms" in (yaml.safe_load(p.read_text()) or {}))
# where a run config names a strategy: its kind and the names under that key
SECTIONS = {"backend": StrategyKind.BACKEND, "tasks": StrategyKind.TASK_SOURCE,
            "consolidator": StrategyKind.CONSOLIDATOR, "gates": StrategyKind.GATE, "reporters": StrategyKind.REPORTER}


def _names(value: Any) -> list[str]:
    refs = value if isinstance(value, list) else [value]
    return [r if isinstance(r, str) else r["name"] for r in refs
            if r is not None and (isinstance(r, str) or "name" in r)]


def missing_strategies(path: Path, arm: str, registry: Registry) -> list[str]:
    """The strategies arm `arm` of comparison `path` names (merged over its start config) that `registry` lacks."""
    data = yaml.safe_load(path.read_text())
    [spec] = [a for a in data["arms"] if a["name"] == arm]
    start = yaml.safe_load((path.parent / (spec.get("file") or data["base_config"])).read_text())
    known = {kind: {s.name for s in registry.specs(kind)} for kind in SECTIONS.values()}
    missing: list[str] = []
    # the start config is checked on its own first (its errors name its own file), then merged with the arm
    for config in (start, merge(start, spec.get("config") or {})):
        named = [f"{kind.value} {name!r}" for key, kind in SECTIONS.items() if key in config
                 for name in _names(config[key]) if name not in known[kind]]
        missing += [n for n in named if n not in missing]
    return missing


def check_arm(path: Path, arm: str, registry: Registry, tmp_path: Path) -> str | None:
    """Load comparison `path` with arm `arm` alone; returns why it was not checked (None: checked and fine).
    Raises ConfigError for an arm whose strategies are all installed but whose config is wrong."""
    missing = missing_strategies(path, arm, registry)
    if missing:
        return f"{path.name}: arm {arm!r} needs {', '.join(missing)}, not installed here"
    data = yaml.safe_load(path.read_text())
    data["arms"] = [a for a in data["arms"] if a["name"] == arm]
    for spec in data["arms"]:
        if spec.get("file"):
            spec["file"] = str(path.parent / spec["file"])
    if data.get("base_config"):
        data["base_config"] = str(path.parent / data["base_config"])
    alone = tmp_path / f"{path.stem}-{arm}.yaml"
    alone.write_text(yaml.safe_dump(data))
    load_comparison(alone, registry)
    return None


ARMS = [(p, a["name"]) for p in COMPARISONS for a in yaml.safe_load(p.read_text())["arms"]]


@pytest.mark.parametrize("path,arm", ARMS, ids=lambda v: v.stem if isinstance(v, Path) else v)
def test_every_arm_of_every_example_comparison_resolves(path, arm, tmp_path):
    registry = Registry.collect(get_plugin_manager(environ={}))  # the installed plugins, as `sleepy compare` sees them
    reason = check_arm(path, arm, registry, tmp_path)
    if reason is not None:
        pytest.skip(reason)


def test_an_arm_whose_strategy_is_not_installed_is_skipped_and_the_others_are_still_checked(tmp_path, sleepy_pm):
    sleepy_pm.register(QualityPlugin(), name="quality")
    registry = Registry.collect(sleepy_pm)  # built-ins and the quality plugin: no subspace strategies
    write_config(tmp_path)
    path = tmp_path / "compare.yaml"
    path.write_text(yaml.safe_dump({"base_config": "c.yaml", "seeds": [0], "cycles": 1, "arms": [
        {"name": "plain", "config": {}},
        {"name": "share", "config": {"consolidator": {"name": "share"}}},
        {"name": "wrong", "config": {"consolidator": {"options": {"harmful_cycles": "often"}}}}]}))
    assert check_arm(path, "plain", registry, tmp_path) is None
    assert check_arm(path, "share", registry, tmp_path) == \
        "compare.yaml: arm 'share' needs consolidator 'share', not installed here"
    with pytest.raises(ConfigError, match="harmful_cycles"):  # installed, so checked: a wrong option fails
        check_arm(path, "wrong", registry, tmp_path)
    # the real example: its start config names the transformers backend and the lora consolidator, which the
    # rustfix arm overrides but which are still checked on their own (load_comparison checks that file first)
    assert missing_strategies(EXAMPLES / "subspace.yaml", "share", registry) == [
        "backend 'transformers'", "consolidator 'lora'", "consolidator 'share'"]
    assert missing_strategies(EXAMPLES / "subspace.yaml", "rustfix", registry) == [
        "backend 'transformers'", "consolidator 'lora'"]
