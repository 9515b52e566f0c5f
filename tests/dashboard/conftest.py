from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sleepy.cli import make_cli
from sleepy.koans import freeze, load_koans
from sleepy.plugins import get_plugin_manager
from tests.koans.conftest import LIB, write_koan
from tests.phases.adapter_backend import QualityPlugin

# Subtraction is not defined on String: the base model's reply fails to compile (E0369), so the store holds
# rustc diagnostics to render; the "good" adapter's `a + b` fixes it.
JOIN = """/// Joins two strings.
pub fn join(a: String, b: &str) -> String {
    a - b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins() {
        assert_eq!(join("ab".to_string(), "c"), "abc");
    }
}
"""


@pytest.fixture(scope="session")
def cycle_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run directory after two real cycles with the scripted quality backend: cycle 0 promotes a good
    adapter, cycle 1 rejects a harmful one. Built once: the app tests only read it."""
    tmp = tmp_path_factory.mktemp("dashboard")
    root = tmp / "koans"
    for family in ("alpha", "beta"):
        for i in range(4):
            write_koan(root, family, f"{family}_{i:02d}", lib=LIB.replace("two numbers", f"{family} numbers {i}"))
    for i in range(2):
        write_koan(root, "gamma", f"gamma_{i:02d}", lib=JOIN.replace("two strings", f"two strings {i}"),
                   expected="E0369")
    freeze(root, load_koans(root))
    config = tmp / "config.yaml"
    config.write_text(json.dumps({
        "backend": "quality", "tasks": {"name": "koans", "options": {"path": str(root)}},
        "consolidator": {"name": "quality-trainer", "options": {"harmful_cycles": [1]}},
        "agent": {"max_steps": 1, "concurrency": 4}, "reporters": []}))
    pm = get_plugin_manager(load_entrypoints=False, environ={})
    pm.register(QualityPlugin(), name="quality")
    run_dir = tmp / "run"
    for _ in range(2):
        result = CliRunner().invoke(make_cli(pm), ["cycle", "-c", str(config), "--run-dir", str(run_dir)],
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.output
    return run_dir
