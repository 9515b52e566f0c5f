"""PNG plots of learning over cycles (matplotlib, no display needed)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only; works on machines without a display
import matplotlib.pyplot as plt

from sleepy.gating import PROMOTED_NO_GAIN

COLOURS = {"train": "#4c72b0", "heldout": "#dd8452", "frozen": "#55a868"}
# Gate decision -> (marker, colour) of the candidate's heldout point.
CANDIDATE_MARKERS = {"promoted": ("^", "#2ca02c"), PROMOTED_NO_GAIN: ("^", "#7f7f7f"), "rejected": ("x", "#d62728")}


def _finite(value: Any) -> float:
    return float(value) if value is not None and not (isinstance(value, float) and math.isnan(value)) else math.nan


def sample_sizes(ns: list[int]) -> str:
    """"12" when every cycle measured 12 tasks, "12-40" when cycles measured different numbers."""
    measured = [n for n in ns if n]
    if not measured:
        return "0"
    low, high = min(measured), max(measured)
    return str(low) if low == high else f"{low}-{high}"


def _candidate_point(ax: Any, x: list[float], y: list[float], decision: str, label: str | None = None) -> None:
    # A hollow marker for a promotion without a measured gain: a 0% -> 0% cycle must not look like progress.
    marker, colour = CANDIDATE_MARKERS[decision]
    if decision == PROMOTED_NO_GAIN:
        ax.scatter(x, y, marker=marker, s=70, zorder=5, edgecolors=colour, facecolors="none", label=label)
    else:
        ax.scatter(x, y, marker=marker, s=70, zorder=5, color=colour, label=label)


def plot_pass_rates(summaries: list[dict[str, Any]], path: Path) -> None:
    fig, ax = plt.subplots(figsize=(9, 4.2))
    cycles = [s["cycle"] for s in summaries]
    for offset, split in zip((-0.08, 0.0, 0.08), ("train", "heldout", "frozen"), strict=True):
        rates = [s["pass_rate"].get(split, {}) for s in summaries]
        y = [_finite(r.get("rate")) for r in rates]
        low = [yy - _finite(r.get("low")) for yy, r in zip(y, rates, strict=True)]
        high = [_finite(r.get("high")) - yy for yy, r in zip(y, rates, strict=True)]
        ax.errorbar([c + offset for c in cycles], y, yerr=[low, high], marker="o", capsize=4, color=COLOURS[split],
                    label=f"{split} (n={sample_sizes([r.get('n', 0) for r in rates])})")
    shown = {"promoted", "rejected"}  # always in the legend; "promoted, no measured gain" only when it happened
    for s in summaries:
        cand = s["candidate"]
        rate = cand["pass_rate"].get("heldout", {}).get("rate")
        if cand["id"] and rate is not None and cand.get("decision") in CANDIDATE_MARKERS:
            _candidate_point(ax, [s["cycle"] + 0.2], [rate], cand["decision"])
            shown.add(cand["decision"])
    for decision in CANDIDATE_MARKERS:
        if decision in shown:
            _candidate_point(ax, [], [], decision, label=f"candidate {decision} (heldout)")
    ax.set(xlabel="cycle", ylabel="pass rate (95% Wilson CI)", ylim=(-0.02, 1.02),
           title="Pass rate by split (model active during the cycle)")
    if cycles:  # keep the per-split offsets small next to the spacing of cycles, also for one cycle
        ax.set_xlim(min(cycles) - 0.5, max(cycles) + 0.5)
    ax.set_xticks(cycles)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def plot_line(summaries: list[dict[str, Any]], path: Path, *, series: dict[str, Any], ylabel: str, title: str,
              ylim: tuple[float, float] | None = None) -> None:
    fig, ax = plt.subplots(figsize=(7, 4))
    cycles = [s["cycle"] for s in summaries]
    for label, getter in series.items():
        ax.plot(cycles, [_finite(getter(s)) for s in summaries], marker="o", label=label)
    ax.set(xlabel="cycle", ylabel=ylabel, title=title)
    if ylim:
        ax.set_ylim(*ylim)
    ax.set_xticks(cycles)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def plot_family_heatmap(summaries: list[dict[str, Any]], path: Path) -> None:
    families = sorted({f for s in summaries for f in s["heldout_by_family"]})
    fig, ax = plt.subplots(figsize=(1.2 + 0.9 * max(1, len(summaries)), 1 + 0.4 * max(1, len(families))))
    grid = [[_finite(s["heldout_by_family"].get(f)) for s in summaries] for f in families] or [[math.nan]]
    image = ax.imshow(grid, vmin=0, vmax=1, cmap="viridis", aspect="auto")
    ax.set_xticks(range(len(summaries)), [str(s["cycle"]) for s in summaries])
    ax.set_yticks(range(len(families)), families)
    for i, row in enumerate(grid):
        for j, value in enumerate(row):
            if not math.isnan(value):
                ax.text(j, i, f"{value:.0%}", ha="center", va="center", fontsize=7,
                        color="white" if value < 0.6 else "black")
    ax.set(xlabel="cycle", title="Heldout pass rate by family")
    fig.colorbar(image, ax=ax, fraction=0.04)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def write_plots(summaries: list[dict[str, Any]], directory: Path) -> list[Path]:
    """All plots into `directory`; returns their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = [directory / n for n in ("pass_rate.png", "repeat_error_rate.png", "steps_to_green.png",
                                     "family_heatmap.png")]
    plot_pass_rates(summaries, paths[0])
    plot_line(summaries, paths[1], ylabel="share of trained-on errors that recur", ylim=(-0.02, 1.02),
              title="Repeat-error rate (lower is better)",
              series={"train tasks: (task, signature) pairs": lambda s: s["repeat_error"]["rate"],
                      "heldout: first errors with a trained signature": lambda s: s["repeat_error"]["heldout_rate"]})
    plot_line(summaries, paths[2], ylabel="median model replies to green", title="Steps to green (day, passed tasks)",
              series={"median steps-to-green": lambda s: s["median_steps_to_green"]})
    plot_family_heatmap(summaries, paths[3])
    return paths
