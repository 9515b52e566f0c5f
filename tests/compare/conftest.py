from __future__ import annotations

import pytest

from tests.phases.adapter_backend import QualityPlugin


@pytest.fixture
def quality(register_plugin):
    """The quality backend and trainer: replies depend on the active adapter's declared quality."""
    register_plugin(QualityPlugin(), name="quality")
