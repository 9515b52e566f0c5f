from __future__ import annotations

import importlib
import importlib.metadata
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from sleepy.plugins import ENTRY_POINT_GROUP, get_plugin_manager

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def entry_points() -> dict[str, str]:
    return tomllib.loads(PYPROJECT.read_text())["project"]["entry-points"][ENTRY_POINT_GROUP]


def test_the_distribution_declares_its_plugin_in_the_core_entry_point_group(register_plugin):
    assert entry_points() == {"subspace": "sleepy_subspace.plugin"}
    register_plugin(importlib.import_module("sleepy_subspace.plugin"), name="subspace")  # check_pending: no stray hooks


def test_loading_the_plugin_does_not_import_torch():
    code = "import sleepy_subspace.plugin, sys; sys.exit('torch' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_plugin_is_installed():
    try:
        importlib.metadata.distribution("sleepy-subspace")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("sleepy-subspace is not installed (pip install -e plugins/sleepy-subspace); tox installs it")
    infos = {i.name: i for i in get_plugin_manager(environ={}).plugin_infos()}
    assert infos["subspace"].distribution == "sleepy-subspace"
    assert infos["subspace"].module == "sleepy_subspace.plugin"
