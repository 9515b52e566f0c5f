"""The training package depends on the trainer's options, never on the trainer (which imports it lazily)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "sleepy_transformers"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    return found | {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}


def test_no_training_module_imports_the_trainer() -> None:
    offenders = sorted(p.name for p in (PACKAGE / "training").glob("*.py")
                       if "sleepy_transformers.trainer" in imported_modules(p))
    assert offenders == []


def test_options_import_nothing_of_the_plugin_but_model_references() -> None:
    mine = {m for m in imported_modules(PACKAGE / "options.py") if m.startswith("sleepy_transformers")}
    assert mine == {"sleepy_transformers.sources.reference"}
