"""Every shipped example config resolves with this plugin installed: strategy names and options are checked."""

from __future__ import annotations

from pathlib import Path

import pytest

EXAMPLES = sorted((Path(__file__).resolve().parents[3] / "examples").glob("*.yaml"))


def test_the_examples_are_found() -> None:
    assert {p.name for p in EXAMPLES} >= {"quickstart.yaml", "baseline.yaml", "overnight.yaml"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_config_is_valid(path: Path, register_plugin, sleepy_cli) -> None:
    import sleepy_transformers.plugin

    register_plugin(sleepy_transformers.plugin, name="transformers")
    result = sleepy_cli("config", "check", str(path))
    assert result.exit_code == 0, result.output
    assert "backend transformers" in result.output


COMPARISONS = sorted((Path(__file__).resolve().parents[3] / "examples" / "compare").glob("*.yaml"))


def test_the_comparisons_are_found() -> None:
    assert {p.name for p in COMPARISONS} >= {"levers.yaml", "overnight.yaml"}


# subspace.yaml's arms need the sleepy-subspace plugin: plugins/sleepy-subspace/tests/test_examples.py checks it.
@pytest.mark.parametrize("path", [p for p in COMPARISONS if "arms:" in p.read_text() and p.name != "subspace.yaml"],
                         ids=lambda p: p.name)
def test_example_comparison_is_valid(path: Path, register_plugin, sleepy_registry) -> None:
    import sleepy_transformers.plugin

    from sleepy.compare import load_comparison

    register_plugin(sleepy_transformers.plugin, name="transformers")
    comparison = load_comparison(path, sleepy_registry())
    # Every arm runs the default model, except the `rustfix` baseline, which answers with no model at all.
    backends = {arm.spec.name: arm.resolved.backend.spec.name for arm in comparison.arms}
    assert backends and all(backend == "transformers" for arm, backend in backends.items() if arm != "rustfix")
    assert backends.get("rustfix", "rustfix") == "rustfix"
