"""Reports: per-cycle summaries, PNG plots, summary.json and a Markdown table."""

from __future__ import annotations

import json
from pathlib import Path

from sleepy.fileio import write_atomically
from sleepy.report.markdown import markdown_table
from sleepy.report.plots import write_plots
from sleepy.report.summary import cycle_summaries, repeat_error_rate
from sleepy.store import EpisodeStore

__all__ = ["cycle_summaries", "markdown_table", "repeat_error_rate", "write_plots", "write_report"]


def write_report(store: EpisodeStore, run_id: str, plots_dir: Path) -> list[Path]:
    """Plots, summary.json and summary.md for every cycle of a run."""
    summaries = cycle_summaries(store, run_id)
    paths = write_plots(summaries, plots_dir)
    write_atomically(plots_dir / "summary.json", json.dumps({"run_id": run_id, "cycles": summaries}, indent=1))
    write_atomically(plots_dir / "summary.md", markdown_table(summaries))
    return [*paths, plots_dir / "summary.json", plots_dir / "summary.md"]
