"""The Markdown table of a run's cycles."""

from __future__ import annotations

from typing import Any

from sleepy.gating import checked_text


def _cell(rate: dict[str, Any] | None, split: str = "", checked: dict[str, Any] | None = None) -> str:
    if not rate or not rate.get("n"):
        return "-"
    cell = f"{rate['rate']:.0%} ({rate['k']}/{rate['n']}, {rate['low']:.0%}-{rate['high']:.0%})"
    if rate.get("compile_only"):
        cell += f"; {rate['compile_only']} of the passes compile-only"
    if checked and checked["n"] < checked["total"]:  # a subset must never read as the whole suite
        cell += "; " + checked_text(split, checked["n"], checked["total"])
    return cell


def markdown_table(summaries: list[dict[str, Any]]) -> str:
    lines = ["| cycle | model | train | heldout | frozen | candidate heldout | decision | heldout flips (McNemar p) "
             "| repeat-error | median steps |", "|" + "---|" * 10]
    for s in summaries:
        cand = s["candidate"]
        flips = cand["flips"].get("heldout")
        decision = cand.get("decision") or "-"
        checked = s.get("checked", {})
        repeat = s["repeat_error"]
        lines.append(
            f"| {s['cycle']} | {s['model']} | {_cell(s['pass_rate'].get('train'))} | "
            f"{_cell(s['pass_rate'].get('heldout'), 'heldout', checked.get('heldout'))} | "
            f"{_cell(s['pass_rate'].get('frozen'), 'frozen', checked.get('frozen'))} | "
            f"{_cell(cand['pass_rate'].get('heldout'))} | {decision} | "
            + (f"+{flips['fixed']}/-{flips['broken']} (p={flips['mcnemar_p']:.3f})" if flips else "-") + " | "
            + (f"{repeat['rate']:.0%} of {repeat['covered']}" if repeat["rate"] is not None else "-") + " | "
            + (f"{s['median_steps_to_green']}" if s["median_steps_to_green"] is not None else "-") + " |")
    recalls = [f"- cycle {s['cycle']}: {s['candidate']['train_recall']['text']}" for s in summaries
               if s["candidate"].get("train_recall")]
    if recalls:  # below the table, not in it: a trained-on figure must not sit beside the pass rates
        lines += ["", "Trained-on recall (the candidate was trained on these train tasks' fixes; not a "
                  "generalisation claim):", "", *recalls]
    return "\n".join(lines) + "\n"
