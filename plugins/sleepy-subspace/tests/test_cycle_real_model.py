"""Two micro cycles with the `share` consolidator on the real default model, through `sleepy cycles`.

About 3.5 minutes on 2 shared cores (measured 3 min 36 s), so it runs only with SLEEPY_SUBSPACE_SLOW=1
(tox passes SLEEPY_*_SLOW), and only when the model is cached (never downloaded here).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[3]
CONFIG = REPO / "examples" / "subspace" / "share-micro.yaml"


@pytest.mark.slow
@pytest.mark.real_model
def test_two_share_cycles_on_the_real_model(tmp_path: Path, register_plugin: Any, sleepy_cli: Any) -> None:
    if os.environ.get("SLEEPY_SUBSPACE_SLOW") != "1":
        pytest.skip("two real-model cycles take about 3.5 minutes: set SLEEPY_SUBSPACE_SLOW=1")
    import sleepy_subspace.plugin
    import sleepy_transformers.plugin
    from sleepy_transformers.backend import TransformersBackend
    from sleepy_transformers.options import TransformersOptions

    from sleepy.errors import BackendError

    try:
        TransformersBackend(TransformersOptions(offline=True)).load()
    except BackendError as exc:
        pytest.skip(f"the real default model is not cached ({exc})")
    register_plugin(sleepy_transformers.plugin, name="transformers")
    register_plugin(sleepy_subspace.plugin, name="subspace")
    run = tmp_path / "run"
    result = sleepy_cli("cycles", "-n", "2", "-c", str(CONFIG), "--run-dir", str(run), "--limit", "4")
    assert result.exit_code == 0, result.output
    assert result.output.count(" gate: ") == 2
    adapters = json.loads(sleepy_cli("adapters", "list", "--run-dir", str(run), "--json").output)
    metadata = [a["metadata"] for a in sorted(adapters, key=lambda a: a["metadata"]["cycle"])]
    assert [m["trainer"] for m in metadata] == ["share", "share"]
    first, second = metadata
    assert first["subspace"]["skills"] == 1 and first["subspace"]["basis"]["version"] == 1
    if "cycle 0 gate: promoted" in result.output:  # the second sleep continues from the first's state
        assert second["subspace"]["skills"] == 2 and second["subspace"]["basis"]["version"] == 2
        assert second["subspace"]["max_merge_error"] < 1e-3
