"""The report's own PNG plots (`sleepy report`), rendered in memory so the dashboard shows the same figures."""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sleepy.report import write_plots

# pyplot keeps global state; two browser sessions render in two threads.
_PYPLOT = threading.Lock()


def report_figures(summaries: Sequence[Mapping[str, Any]]) -> dict[str, bytes]:
    """PNG bytes by name: pass_rate, repeat_error_rate, steps_to_green, family_heatmap."""
    with _PYPLOT, tempfile.TemporaryDirectory(prefix="sleepy-dashboard-") as tmp:
        paths = write_plots([dict(s) for s in summaries], Path(tmp))
        return {path.stem: path.read_bytes() for path in paths}
