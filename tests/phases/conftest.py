from __future__ import annotations

import pytest

from sleepy.koans import freeze, load_koans
from tests.koans.conftest import LIB, write_koan
from tests.phases.adapter_backend import QualityPlugin


@pytest.fixture
def quality(register_plugin):
    """The quality backend and trainer: replies depend on the active adapter's declared quality."""
    register_plugin(QualityPlugin(), name="quality")


def alpha_koans(tmp_path, count):
    """`count` frozen koans of one family under tmp_path/koans (the buggy `add` of tests/koans)."""
    root = tmp_path / "koans"
    for i in range(count):
        write_koan(root, "alpha", f"alpha_{i:02d}", lib=LIB.replace("two numbers", f"two numbers {i}"))
    freeze(root, load_koans(root))
    return root
