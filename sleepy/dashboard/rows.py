"""The rows of every dashboard table, as plain dicts: from `cycle_summaries` and the store's typed rows.

Nothing here imports streamlit, so it is tested and type-checked without the dashboard extra.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from sleepy.adapters.registry import POINTER_FILE
from sleepy.diagnostics import Diagnostic
from sleepy.store import EpisodeStore

Row = dict[str, Any]
SPLITS = ("train", "heldout", "frozen")
# What the episode browser's table shows, in this order (store column -> header).
EPISODE_COLUMNS = {"cycle": "cycle", "phase": "phase", "split": "split", "task_id": "task", "family": "family",
                   "adapter_id": "adapter", "attempt_idx": "seed #", "outcome": "outcome", "passed": "passed",
                   "steps": "steps", "steps_to_green": "steps to green",
                   "first_error_signature": "first error", "final_error_signature": "final error", "id": "id"}


def runs(store: EpisodeStore) -> list[Row]:
    """Every run recorded in the store, oldest first."""
    return [attrs.asdict(run) for run in store.runs()]


def pass_rates(summaries: Sequence[Mapping[str, Any]]) -> list[Row]:
    """One row per (cycle, split): passed, n, rate and its 95% Wilson interval."""
    out = []
    for s in summaries:
        for split in SPLITS:
            rate = s["pass_rate"][split]
            out.append({"cycle": s["cycle"], "model": s["model"], "split": split, "passed": rate["k"], "n": rate["n"],
                        "pass rate": rate["rate"], "95% low": rate["low"], "95% high": rate["high"]})
    return out


def decision_text(candidate: Mapping[str, Any]) -> str:
    """The gate's decision as the report words it ("promoted, no measured gain" for a 0% -> 0% promotion)."""
    return str(candidate.get("decision") or ("promoted" if candidate["promoted"] else "rejected"))


def decisions(summaries: Sequence[Mapping[str, Any]]) -> list[Row]:
    """One row per gated cycle and split: current vs candidate, flips and the McNemar p-value."""
    out = []
    for s in summaries:
        cand = s["candidate"]
        if cand["id"] is None:
            continue
        for split in ("heldout", "frozen"):
            flips = cand["flips"].get(split, {})
            out.append({"cycle": s["cycle"], "candidate": cand["id"], "against": s["model"],
                        "decision": decision_text(cand), "split": split,
                        "current": s["pass_rate"].get(split, {}).get("rate"),
                        "candidate rate": cand["pass_rate"].get(split, {}).get("rate"),
                        "n": cand["pass_rate"].get(split, {}).get("n"), "fixed": flips.get("fixed"),
                        "broken": flips.get("broken"), "McNemar p": flips.get("mcnemar_p")})
    return out


def gate_results(summary: Mapping[str, Any]) -> list[Row]:
    """One row per reason of each gate of one cycle's decision, with the gate's verdict."""
    return [{"gate": g["gate"], "result": "PASS" if g["passed"] else "FAIL", "reason": reason}
            for g in summary["candidate"]["gates"] for reason in (g["reasons"] or ["-"])]


def trends(summaries: Sequence[Mapping[str, Any]]) -> list[Row]:
    """Repeat-error rates (train and heldout variants) and median steps-to-green per cycle."""
    out = []
    for s in summaries:
        repeat = s["repeat_error"]
        out.append({"cycle": s["cycle"], "repeat-error rate": repeat["rate"], "repeated": repeat["repeated"],
                    "covered": repeat["covered"], "heldout repeat rate": repeat["heldout_rate"],
                    "heldout first errors": repeat["heldout_first_errors"],
                    "median steps to green": s["median_steps_to_green"], "tokens out": s["tokens_out"]})
    return out


def family_grid(summaries: Sequence[Mapping[str, Any]]) -> list[Row]:
    """Heldout pass rate per family (rows) and cycle (columns `cycle N`)."""
    families = sorted({f for s in summaries for f in s["heldout_by_family"]})
    return [{"family": f, **{f"cycle {s['cycle']}": s["heldout_by_family"].get(f) for s in summaries}}
            for f in families]


def episode_choices(store: EpisodeStore, run_id: str) -> dict[str, list[Any]]:
    """The values each episode filter offers: cycles, splits, outcomes and tasks present in the run."""
    return {column: store.episode_values(run_id, column) for column in ("cycle", "split", "outcome", "task_id")}


def episodes(store: EpisodeStore, run_id: str, filters: Mapping[str, Any]) -> list[Row]:
    """Episodes of a run in the order they were recorded; `filters` maps cycle/split/outcome/task_id to a value
    (None: any)."""
    found = store.find_episodes(run_id, cycle=filters.get("cycle"), split=filters.get("split"),
                                outcome=filters.get("outcome"), task_id=filters.get("task_id"))
    return [{**{column: getattr(e, column) for column in EPISODE_COLUMNS}, "final_diff": e.final_diff}
            for e in found]


def episode_table(rows: Sequence[Mapping[str, Any]]) -> list[Row]:
    """`episodes` rows with the browser's column headers."""
    return [{header: r[column] if column != "adapter_id" else r[column] or "base"
             for column, header in EPISODE_COLUMNS.items()} for r in rows]


def episode_label(row: Mapping[str, Any]) -> str:
    """How the episode picker names an episode."""
    return (f"cycle {row['cycle']} · {row['task_id']} · {row['split']} · {row['phase']} · {row['outcome']} · "
            f"{row['id'][:8]}")


def render_diagnostics(diagnostics: Sequence[Diagnostic]) -> str:
    """rustc's own rendering of a step's diagnostics (what a person sees in a terminal), one after another."""
    texts = []
    for diag in diagnostics:
        rendered = diag.rendered or f"{diag.level or 'error'}{f'[{diag.code}]' if diag.code else ''}: {diag.message}"
        texts.append(rendered.rstrip())
    return "\n\n".join(texts)


def steps(store: EpisodeStore, episode_id: str) -> list[Row]:
    """One episode's steps with diagnostics rendered."""
    return [{"idx": s.idx, "outcome": s.outcome, "error_signature": s.error_signature, "by_model": s.by_model,
             "messages": [{"role": m.role, "content": m.content} for m in s.messages], "reply": s.reply,
             "diff": s.diff, "diagnostics": render_diagnostics(s.diagnostics),
             "tool_result": None if s.tool_result is None else dict(s.tool_result),
             "tokens": (s.tokens_in, s.tokens_out)} for s in store.step_records(episode_id)]


def datasets(store: EpisodeStore, run_id: str) -> list[Row]:
    """Training sets by cycle: examples, one column per source (reference, own_fix, ...), what the filters dropped."""
    records = store.datasets(run_id=run_id)
    sources = sorted({s for r in records for s in r.source_counts})
    out = []
    for record in records:
        dropped = record.filter.get("dropped", {})
        out.append({"cycle": record.cycle, "hash": record.hash[:16], "examples": record.examples,
                    **{f"source: {s}": record.source_counts.get(s, 0) for s in sources},
                    "dropped": ", ".join(f"{k}: {v}" for k, v in sorted(dropped.items())) or "-",
                    "created": record.created_at, "path": str(record.path)})
    return out


def source_counts(dataset_rows: Sequence[Mapping[str, Any]]) -> list[Row]:
    """Long form of the per-source columns of `datasets`, for a stacked bar chart."""
    return [{"cycle": r["cycle"], "source": k.removeprefix("source: "), "examples": v}
            for r in dataset_rows for k, v in r.items() if k.startswith("source: ")]


def active_adapter(run_dir: Path) -> str | None:
    """The active adapter named by the run's pointer file (None: the base model, or no readable pointer)."""
    try:
        active = json.loads((run_dir / "adapters" / POINTER_FILE).read_text(encoding="utf-8")).get("active")
    except (OSError, ValueError, AttributeError):
        return None
    return str(active) if active else None


def adapters(store: EpisodeStore, run_id: str, run_dir: Path) -> list[Row]:
    """Adapters of a run with their lineage, status and which one is active."""
    active = active_adapter(run_dir)
    return [{"id": r.id, "cycle": r.cycle, "parent": r.parent_id, "strategy": r.strategy,
             "dataset": (r.dataset_hash or "")[:16], "base model": r.base_model, "status": r.status,
             "active": r.id == active, "created": r.created_at, "updated": r.updated_at}
            for r in store.adapters(run_id=run_id)]
