"""Fixtures shared by the source and command tests: one tiny task set per session (building it costs cargo runs)."""

from __future__ import annotations

from pathlib import Path

import pytest
from source_fixtures import make_task_set


@pytest.fixture(scope="session")
def clamps_task_set(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the project, its task set directory)."""
    return make_task_set(tmp_path_factory.mktemp("clamps"))
