"""The shipped subspace example configs resolve with this plugin and sleepy-transformers registered."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

EXAMPLES = sorted((Path(__file__).resolve().parents[3] / "examples" / "subspace").glob("*.yaml"))


def test_the_examples_are_found() -> None:
    assert {p.name for p in EXAMPLES} >= {"share-micro.yaml"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_config_is_valid(path: Path, register_plugin: Any, sleepy_cli: Any) -> None:
    import sleepy_subspace.plugin
    import sleepy_transformers.plugin

    register_plugin(sleepy_transformers.plugin, name="transformers")
    register_plugin(sleepy_subspace.plugin, name="subspace")
    result = sleepy_cli("config", "check", str(path))
    assert result.exit_code == 0, result.output
    assert "backend transformers" in result.output


def test_the_subspace_comparison_resolves_every_arm(register_plugin: Any, sleepy_registry: Any) -> None:
    import sleepy_subspace.plugin
    import sleepy_transformers.plugin

    from sleepy.compare import load_comparison

    register_plugin(sleepy_transformers.plugin, name="transformers")
    register_plugin(sleepy_subspace.plugin, name="subspace")
    path = Path(__file__).resolve().parents[3] / "examples" / "compare" / "subspace.yaml"
    comparison = load_comparison(path, sleepy_registry())
    consolidators = {arm.spec.name: arm.resolved.consolidator.spec.name if arm.resolved.consolidator else None
                     for arm in comparison.arms}
    assert {"share", "uwsh", "olora", "mean_adapter", "random_basis", "lora"} <= set(consolidators.values())
