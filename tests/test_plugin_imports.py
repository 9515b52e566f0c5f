"""The bundled plugins' package code uses the plugin API only: names from `sleepy` itself, no core submodule."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import sleepy

PLUGINS = Path(__file__).resolve().parents[1] / "plugins"


def package_files() -> list[Path]:
    """Each bundled plugin's package code (plugins/*/sleepy_*/), not its tests."""
    return sorted(PLUGINS.glob("*/sleepy_*/**/*.py"))


def core_internals(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """(line, what) for every use of the core that goes past `sleepy.__all__`."""
    api = set(sleepy.__all__)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("sleepy."):
                    yield node.lineno, f"import {alias.name}"
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module is not None:
            if node.module.startswith("sleepy."):
                yield node.lineno, f"from {node.module} import ..."
            elif node.module == "sleepy":
                # `from sleepy import sandbox` would reach a submodule through the package.
                for alias in node.names:
                    if alias.name not in api:
                        yield node.lineno, f"from sleepy import {alias.name} (not in sleepy.__all__)"
        elif (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "sleepy"
              and node.attr not in api):
            yield node.lineno, f"sleepy.{node.attr} (not in sleepy.__all__)"


def offenders(files: list[Path], root: Path) -> list[str]:
    return [f"{path.relative_to(root)}:{line}: {what}"
            for path in files
            for line, what in sorted(core_internals(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))))]


def test_every_bundled_plugin_has_package_code_to_check():
    found = {path.relative_to(PLUGINS).parts[0] for path in package_files()}
    assert found >= {"sleepy-crates", "sleepy-serving", "sleepy-subspace", "sleepy-transformers"}


def test_the_bundled_plugins_import_only_the_plugin_api():
    assert offenders(package_files(), PLUGINS) == []


def test_each_way_past_the_api_is_named_with_its_file_and_line(tmp_path):
    code = tmp_path / "sleepy_x" / "mod.py"
    code.parent.mkdir()
    code.write_text(
        "import sleepy\n"
        "from sleepy import Task, hookimpl\n"
        "from sleepy.sandbox.isolation import select_jail\n"
        "import sleepy.errors as errors\n"
        "from sleepy import sandbox\n"
        "def f():\n"
        "    from sleepy.store import EpisodeStore\n"
        "    return sleepy.records.Task, sleepy.Task\n"
    )
    assert offenders([code], tmp_path) == [
        "sleepy_x/mod.py:3: from sleepy.sandbox.isolation import ...",
        "sleepy_x/mod.py:4: import sleepy.errors",
        "sleepy_x/mod.py:5: from sleepy import sandbox (not in sleepy.__all__)",
        "sleepy_x/mod.py:7: from sleepy.store import ...",
        "sleepy_x/mod.py:8: sleepy.records (not in sleepy.__all__)",
    ]
