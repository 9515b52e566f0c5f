"""compare.json, compare.md and the pass-rate PNG of a comparison, from the arms' figures."""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only
import matplotlib.pyplot as plt

from sleepy.compare.config import BASE_ARM
from sleepy.compare.measure import SPLITS, ArmFigures, CycleFigures
from sleepy.compare.transfer import CycleTransfer, transfer
from sleepy.fileio import write_atomically
from sleepy.metrics import paired, wilson

PLOT = "compare_pass_rate.png"
TRANSFER_PLOT = "compare_forgetting.png"


def _rate(outcomes: dict[Any, bool]) -> dict[str, Any]:
    return _counted(sum(outcomes.values()), len(outcomes))


def _counted(k: int, n: int) -> dict[str, Any]:
    rate = wilson(k, n)
    return {"k": rate.k, "n": rate.n, "rate": rate.value if rate.n else None,
            "low": rate.low if rate.n else None, "high": rate.high if rate.n else None}


def _cycle_json(figures: CycleFigures, references: dict[str, ArmFigures], arm: str,
                moved: CycleTransfer) -> dict[str, Any]:
    pairs: dict[str, Any] = {}
    for name, reference in references.items():
        if name == arm or figures.cycle >= len(reference.cycles):
            continue
        other = reference.cycles[figures.cycle]
        pairs[name] = {}
        for split in SPLITS:
            table = paired(figures.outcomes[split], other.outcomes[split])
            pairs[name][split] = {"fixed": table.fixed, "broken": table.broken, "both_pass": table.both_pass,
                                  "both_fail": table.both_fail, "n": table.n, "mcnemar_p": table.p}
    steps = figures.steps_to_green
    rss = figures.peak_rss_bytes
    return {
        "cycle": figures.cycle,
        "seeds": list(figures.seeds),
        "models": list(figures.models),
        "train": _counted(figures.train_passed, figures.train_tasks),
        **{split: _rate(figures.outcomes[split]) for split in SPLITS},
        "paired": pairs,
        "frozen_broken": pairs[BASE_ARM]["frozen"]["broken"] if BASE_ARM in pairs else None,
        "repeat_error": {"covered": figures.repeat_covered, "repeated": figures.repeat_repeated,
                         "rate": figures.repeat_repeated / figures.repeat_covered if figures.repeat_covered else None},
        "median_steps_to_green": statistics.median(steps) if steps else None,
        "sleep_minutes": statistics.fmean(figures.sleep_seconds) / 60 if figures.sleep_seconds else None,
        "plasticity": {"newly_fixed": moved.newly_fixed, "failed_before": moved.failed_before,
                       "share": moved.newly_fixed / moved.failed_before if moved.failed_before else None},
        "backward_transfer": _counted(moved.kept, moved.earlier_fixed),
        "adapter_bytes": max(figures.adapter_bytes, default=0),
        "skill_bytes": max(figures.skill_bytes, default=0),
        "basis_bytes": max((b for b in figures.basis_bytes if b is not None), default=None),
        "peak_rss_bytes": max(rss) if rss else None,
        "peak_rss_measured": f"{figures.peak_rss_measured} of {len(figures.seeds)} seeds",
    }


def comparison_json(arms: Sequence[ArmFigures], *, source: str, seeds: list[int], cycles: int,
                    status: dict[str, str], in_config: set[str]) -> dict[str, Any]:
    """Everything compare.md shows, per arm and cycle; `status`: each arm's state in words."""
    references = {a.name: a for a in arms
                  if a.name in in_config and (a.name == BASE_ARM or a.record.get("baseline"))}
    out = []
    for arm in arms:
        out.append({
            "name": arm.name,
            "in_config": arm.name in in_config,
            "baseline": bool(arm.record.get("baseline")) or arm.name == BASE_ARM,
            "description": arm.record.get("description", ""),
            "status": status.get(arm.name, "not in the current config"),
            "cycles": [_cycle_json(c, references, arm.name, moved) for c, moved in
                       zip(arm.cycles, transfer(arm.start, [c.outcomes for c in arm.cycles]), strict=True)],
        })
    return {"config": source, "seeds": seeds, "cycles": cycles, "references": sorted(references), "arms": out}


# --- markdown ------------------------------------------------------------------------------------


def _pct(rate: dict[str, Any]) -> str:
    if not rate["n"]:
        return "-"
    return f"{rate['rate']:.0%} ({rate['k']}/{rate['n']}, {rate['low']:.0%}-{rate['high']:.0%})"


def _p(value: float) -> str:
    return f"{value:.3g}" if value >= 0.001 else f"{value:.1e}"


def _pairs(cycle: dict[str, Any], split: str) -> str:
    parts = [f"vs {name}: +{p[split]['fixed']}/-{p[split]['broken']}, p={_p(p[split]['mcnemar_p'])}"
             for name, p in sorted(cycle["paired"].items())]
    return "; ".join(parts) or "-"


def _bytes(value: int | None) -> str:
    if value is None:
        return "not measured"
    if value < 1024:
        return f"{value} B"
    size = float(value)
    for unit in ("KiB", "MiB", "GiB"):
        size /= 1024
        if size < 1024 or unit == "GiB":
            break
    return f"{size:.1f} {unit}"


def _plasticity(cycle: dict[str, Any]) -> str:
    gain = cycle["plasticity"]
    share = f"{gain['share']:.0%}" if gain["share"] is not None else "-"
    return f"{gain['newly_fixed']}/{gain['failed_before']} ({share})"


def _transfer(cycle: dict[str, Any]) -> str:
    rate = cycle["backward_transfer"]
    return f"{rate['rate']:.0%} ({rate['k']}/{rate['n']})" if rate["n"] else "- (n=0)"


def _skill(cycle: dict[str, Any]) -> str:
    basis = cycle["basis_bytes"]
    return _bytes(cycle["skill_bytes"]) + (f" + basis {_bytes(basis)}" if basis is not None else "")


def _opt(value: Any, fmt: str) -> str:
    return "-" if value is None or (isinstance(value, float) and math.isnan(value)) else format(value, fmt)


def shown_splits(data: dict[str, Any]) -> list[str]:
    """The evaluated splits some arm measured (validation only in a lever search), heldout and frozen at least."""
    measured = {split for arm in data["arms"] for c in arm["cycles"] for split in SPLITS if c[split]["n"]}
    return [split for split in SPLITS if split in measured or split != "validation"]


def comparison_markdown(data: dict[str, Any]) -> str:
    arms = data["arms"]
    splits = shown_splits(data)
    lines = [f"# Comparison ({data['config']})", "",
             f"{len([a for a in arms if a['in_config']])} arms x {len(data['seeds'])} seed(s) {data['seeds']} x "
             f"{data['cycles']} cycle(s). Each figure is the model a cycle ended with, pooled over seeds: an item "
             "is a (seed, task). Intervals are 95% Wilson; p is the exact McNemar test on the items both arms "
             "measured (+fixed: the arm passes where the reference fails; -broken: the reverse), paired with "
             f"`{BASE_ARM}` and each baseline arm ({', '.join(data['references']) or 'none here'}).", "",
             "## Last finished cycle of each arm", "",
             "| arm | cycle | " + " | ".join(splits) + " | " + " | ".join(f"{s} paired" for s in splits)
             + " | frozen broken vs base | newly fixed | backward transfer | repeat-error | median steps-to-green "
             "| sleep min | adapter | added skill | peak RSS |",
             "|---|---|" + "---|" * (2 * len(splits) + 9)]
    for arm in arms:
        if not arm["cycles"]:
            lines.append(f"| {arm['name']} | - |" + " - |" * (2 * len(splits) + 9))
            continue
        c = arm["cycles"][-1]
        repeat = c["repeat_error"]
        repeat_text = (f"{repeat['rate']:.0%} ({repeat['repeated']}/{repeat['covered']})"
                       if repeat["rate"] is not None else "-")
        lines.append(
            f"| {arm['name']} | {c['cycle']} | " + " | ".join(_pct(c[s]) for s in splits) + " | "
            + " | ".join(_pairs(c, s) for s in splits)
            + f" | {_opt(c['frozen_broken'], 'd')} | {_plasticity(c)} | {_transfer(c)} | {repeat_text} "
            f"| {_opt(c['median_steps_to_green'], 'g')} | {_opt(c['sleep_minutes'], '.1f')} "
            f"| {_bytes(c['adapter_bytes'])} | {_skill(c)} "
            f"| {_bytes(c['peak_rss_bytes'])} ({c['peak_rss_measured']}) |")
    first = splits[0]
    lines += ["", "## Every cycle", "", "| arm | cycle | models | train (day) | " + " | ".join(splits)
              + f" | {first} paired | newly fixed | backward transfer | added skill |",
              "|---|---|---|---|" + "---|" * (len(splits) + 4)]
    for arm in arms:
        for c in arm["cycles"]:
            lines.append(f"| {arm['name']} | {c['cycle']} | {', '.join(c['models'])} | {_pct(c['train'])} | "
                         + " | ".join(_pct(c[s]) for s in splits)
                         + f" | {_pairs(c, first)} | {_plasticity(c)} | {_transfer(c)} | {_skill(c)} |")
    lines += ["", "## Every arm tried", ""]
    for arm in arms:
        role = " (baseline)" if arm["baseline"] else ""
        lines.append(f"- `{arm['name']}`{role}: {arm['status']}; {arm['description'] or 'no description'}")
    lines += ["", "Peak RSS is the peak resident set of the process that ran the arm's cycles (getrusage; compiler "
              "and test subprocesses not counted), the largest over seeds and measured per cycle where the kernel "
              "lets a process reset its peak (Linux), else since the process started. Sleep minutes: from the day "
              "phase's end to the sleep phase's end, the mean over seeds.", "",
              "Items of every evaluated split, pooled over seeds. Newly fixed (plasticity): items the model the "
              "cycle started with failed and the model it ended with passes, of the items the former failed "
              "(the model cycle c started with is the one cycle c - 1 ended with; cycle 0 starts with the model "
              "its gate measured as current). Backward transfer: of the items newly fixed at any earlier cycle, "
              "the share the model this cycle ended with passes (1 - forgetting); `- (n=0)` where no earlier "
              "cycle fixed anything. Added skill: the size of what the cycle's sleep wrote, promoted or not: "
              "for an adapter with subspace state, its newest skill's tensor bytes and the basis's apart; else "
              "the whole adapter directory (docs/compare.md).", ""]
    return "\n".join(lines)


# --- plot ----------------------------------------------------------------------------------------


def plot_pass_rates(data: dict[str, Any], path: Path) -> Path:
    """Pass rate per evaluated split and cycle, one line per arm, with Wilson intervals."""
    splits = shown_splits(data)
    fig, axes = plt.subplots(1, len(splits), figsize=(5.5 * len(splits), 4), sharey=True, squeeze=False)
    for ax, split in zip(axes[0], splits, strict=True):
        for index, arm in enumerate(data["arms"]):
            points = [(c["cycle"], c[split]) for c in arm["cycles"] if c[split]["n"]]
            if not points:
                continue
            x = [cycle + (index - len(data["arms"]) / 2) * 0.03 for cycle, _ in points]  # dodge overlapping bars
            y = [r["rate"] for _, r in points]
            err = [[r["rate"] - r["low"] for _, r in points], [r["high"] - r["rate"] for _, r in points]]
            ax.errorbar(x, y, yerr=err, marker="o", capsize=3, label=arm["name"])
            for xi, (_, r) in zip(x, points, strict=True):  # the counts, which a rate near 0 hides
                ax.annotate(f"{r['k']}/{r['n']}", (xi, r["high"]), textcoords="offset points", xytext=(0, 4),
                            ha="center", fontsize="x-small")
        cycles = sorted({c["cycle"] for arm in data["arms"] for c in arm["cycles"]})
        ax.set_xticks(cycles)  # whole cycles only: the dodge would otherwise get fractional ticks
        ax.set_title(f"{split} pass rate (95% Wilson)")
        ax.set_xlabel("cycle")
        ax.set_ylim(-0.05, 1.05)
        ax.grid(alpha=0.3)
    axes[0][0].set_ylabel("pass rate")
    labelled = [ax for ax in axes[0] if ax.get_legend_handles_labels()[0]]
    if labelled:  # an empty legend is a matplotlib warning: none before an arm has finished a cycle
        labelled[0].legend(loc="best", fontsize="small")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def plot_transfer(data: dict[str, Any], path: Path) -> Path:
    """Per arm and cycle: plasticity (share of the failed items newly fixed) and backward transfer."""
    fig, axes = plt.subplots(1, 2, figsize=(11, 4), sharey=True)
    panels = (("plasticity: newly fixed / failed before", ("plasticity", "share")),
              ("backward transfer: earlier fixes still passed", ("backward_transfer", "rate")))
    for ax, (title, (figure, key)) in zip(axes, panels, strict=True):
        for arm in data["arms"]:
            points = [(c["cycle"], c[figure][key]) for c in arm["cycles"] if c[figure][key] is not None]
            if points:
                ax.plot([x for x, _ in points], [y for _, y in points], marker="o", label=arm["name"])
        cycles = sorted({c["cycle"] for arm in data["arms"] for c in arm["cycles"]})
        ax.set_xticks(cycles)
        ax.set_title(title)
        ax.set_xlabel("cycle")
        ax.set_ylim(-0.05, 1.05)
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("share of items")
    labelled = [ax for ax in axes if ax.get_legend_handles_labels()[0]]
    if labelled:
        labelled[0].legend(loc="best", fontsize="small")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def write_comparison(data: dict[str, Any], out: Path) -> list[Path]:
    """Write compare.json, compare.md and the PNGs into `out`; returns their paths."""
    json_path, md_path = out / "compare.json", out / "compare.md"
    write_atomically(json_path, json.dumps(data, indent=2) + "\n")
    write_atomically(md_path, comparison_markdown(data))
    return [json_path, md_path, plot_pass_rates(data, out / PLOT), plot_transfer(data, out / TRANSFER_PLOT)]
