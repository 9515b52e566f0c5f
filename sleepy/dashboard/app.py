"""The sleepy-coder dashboard, a Streamlit script: `sleepy dashboard --run-dir DIR` runs it.

Run directly: `streamlit run sleepy/dashboard/app.py -- --run-dir DIR` (or set $SLEEPY_RUN_DIR).
It opens the run's database read-only and never writes to it. Streamlit is imported inside the functions:
this module imports (and does nothing) where the optional extra is not installed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sleepy.dashboard import rows
from sleepy.dashboard.figures import report_figures
from sleepy.dashboard.readonly import data_version, open_read_only, run_dir_from
from sleepy.errors import SleepyError
from sleepy.report import cycle_summaries
from sleepy.store import EpisodeStore


def load(run_dir: str, run_id: str, version: tuple[int, ...]) -> tuple[list[dict[str, Any]], dict[str, bytes]]:
    """`cycle_summaries` of a run and the report's plots of them; `version` changes with the database."""
    store = open_read_only(Path(run_dir))
    try:
        summaries = cycle_summaries(store, run_id)
    finally:
        store.close()
    return summaries, report_figures(summaries) if summaries else {}


def table(data: Sequence[Mapping[str, Any]], *, percent: Sequence[str] = (), empty: str = "Nothing recorded yet.",
          **kwargs: Any) -> None:
    """A read-only table of `data` with the `percent` columns shown as percentages."""
    import streamlit as st

    if not data:
        st.caption(empty)
        return
    percent_column = st.column_config.NumberColumn(format="percent")
    st.dataframe(list(data), hide_index=True, column_config=dict.fromkeys(percent, percent_column), **kwargs)


def pick_run(store: EpisodeStore) -> str | None:
    """The run to show: the latest, or the one picked in the sidebar when the store holds several."""
    import streamlit as st

    runs = {r["id"]: r for r in rows.runs(store)}
    if not runs:
        return None
    ids = list(runs)
    run_id = ids[-1] if len(ids) == 1 else st.sidebar.selectbox(
        "Run", ids, index=len(ids) - 1, key="run",
        format_func=lambda i: f"{i} · {runs[i]['command']} · {runs[i]['created_at'][:19]}")
    run = runs[run_id]
    st.sidebar.markdown(f"**run** `{run_id}`  \n**started** {run['created_at'][:19]}  \n"
                        f"**command** {run['command']}  \n**config** `{run['config_hash']}`  \n"
                        f"**seed** {run['seed']}  \n**sleepy-coder** {run['sleepy_version']}")
    return str(run_id)


def headline(summaries: Sequence[Mapping[str, Any]]) -> None:
    """The latest cycle's pass rates, with the change since the cycle before."""
    import streamlit as st

    latest = summaries[-1]
    previous = summaries[-2] if len(summaries) > 1 else None
    for column, split in zip(st.columns(len(rows.SPLITS)), rows.SPLITS, strict=True):
        rate = latest["pass_rate"][split]
        before = previous["pass_rate"][split]["rate"] if previous else None
        delta = (f"{(rate['rate'] - before) * 100:+.0f} pts" if rate["rate"] is not None and before is not None
                 else None)
        value = f"{rate['rate']:.0%} ({rate['k']}/{rate['n']})" if rate["rate"] is not None else "-"
        column.metric(f"{split} pass rate, cycle {latest['cycle']}", value, delta)


def cycles_tab(summaries: Sequence[Mapping[str, Any]], figures: Mapping[str, bytes]) -> None:
    """Pass rates with intervals, repeat errors, steps to green and the heldout family heatmap."""
    import streamlit as st

    st.subheader("Pass rate by cycle")
    st.caption("train: the cycle's day episodes; heldout and frozen: evaluation of the model active during the "
               "cycle. Intervals are 95% Wilson score intervals.")
    left, right = st.columns([3, 2])
    left.image(figures["pass_rate"])
    with right:
        table(rows.pass_rates(summaries), percent=("pass rate", "95% low", "95% high"))
    st.subheader("Repeat errors and steps to green")
    st.caption("Repeat-error rate: of the (task, error signature) failures a training set covered, the share that "
               "failed again with the same signature (lower is better). Heldout variant: first-attempt heldout "
               "errors whose signature was trained on. Steps to green: median replies until a passed day episode "
               "went green.")
    table(rows.trends(summaries), percent=("repeat-error rate", "heldout repeat rate"))
    left, right = st.columns(2)
    left.image(figures["repeat_error_rate"])
    right.image(figures["steps_to_green"])
    st.subheader("Heldout pass rate by family")
    left, right = st.columns([3, 2])
    left.image(figures["family_heatmap"])
    grid = rows.family_grid(summaries)
    with right:
        table(grid, percent=[k for k in (grid[0] if grid else {}) if k != "family"])


def gates_tab(summaries: Sequence[Mapping[str, Any]]) -> None:
    """Every gate decision: rates, flips and each gate's verdict with its reasons."""
    import streamlit as st

    st.subheader("Gate decisions")
    st.caption("Each candidate against the adapter active during its cycle, on the same tasks: fixed = fails now "
               "and passes with the candidate, broken = the reverse; McNemar's exact test on fixed vs broken.")
    table(rows.decisions(summaries), percent=("current", "candidate rate"), empty="No candidate gated yet.")
    for s in reversed(summaries):
        cand = s["candidate"]
        if cand["id"] is None:
            continue
        verdict = rows.decision_text(cand)
        with st.expander(f"cycle {s['cycle']}: candidate {cand['id']} {verdict} (against {s['model']})",
                         expanded=s is summaries[-1]):
            st.table(rows.gate_results(s))


def episodes_tab(store: EpisodeStore, run_id: str) -> None:
    """The episode browser: filters, the matching episodes, and one episode step by step."""
    import streamlit as st

    st.subheader("Episodes")
    choices = rows.episode_choices(store, run_id)
    filters: dict[str, Any] = {}
    labels = {"cycle": "Cycle", "split": "Split", "outcome": "Outcome", "task_id": "Task"}
    for column, (name, label) in zip(st.columns(len(labels)), labels.items(), strict=True):
        filters[name] = column.selectbox(label, [None, *choices[name]], key=f"filter_{label.lower()}",
                                         format_func=lambda v: "all" if v is None else str(v))
    found = rows.episodes(store, run_id, filters)
    st.caption(f"{len(found)} episode(s)")
    filtered = any(v is not None for v in filters.values())
    table(rows.episode_table(found), height=280,
          empty="No episode matches these filters." if filtered else "No episode recorded yet.")
    if not found:
        return
    by_id = {r["id"]: r for r in found}
    episode_id = st.selectbox("Episode", list(by_id), key="episode",
                              format_func=lambda i: rows.episode_label(by_id[i]))
    show_episode(store, by_id[episode_id])


def show_episode(store: EpisodeStore, episode: Mapping[str, Any]) -> None:
    """One episode: its final diff, then each step's prompt, reply, diff, signature and diagnostics."""
    import streamlit as st

    st.markdown(f"**{episode['task_id']}** ({episode['family']}, {episode['split']}) · cycle {episode['cycle']} "
                f"{episode['phase']} · adapter {episode['adapter_id'] or 'base'} · **{episode['outcome']}** after "
                f"{episode['steps']} step(s)")
    if episode["final_diff"]:
        st.caption("final diff")
        st.code(episode["final_diff"], language="diff")
    steps = rows.steps(store, episode["id"])
    for step in steps:
        title = f"step {step['idx']} · {step['outcome'] or '-'}"
        if not step["by_model"]:
            title += " · rustc's suggestions before any reply (rustfix_first): no prompt, no model reply"
        with st.expander(title, expanded=step is steps[-1]):
            if step["error_signature"]:
                st.text(f"error signature: {step['error_signature']}")
            prompt, conversation, reply, diff, diagnostics, tool = st.tabs(
                ["Prompt", "Conversation", "Reply", "Diff", "Diagnostics", "Tool result"])
            last = step["messages"][-1] if step["messages"] else {"role": "-", "content": ""}
            prompt.code(last["content"], language="markdown", wrap_lines=True)
            for message in step["messages"]:
                conversation.caption(message["role"])
                conversation.code(message["content"], language="markdown", wrap_lines=True)
            reply.code(step["reply"], language="markdown", wrap_lines=True)
            if step["diff"]:
                diff.code(step["diff"], language="diff")
            else:
                diff.caption("The reply changed nothing.")
            if step["diagnostics"]:
                diagnostics.code(step["diagnostics"], language=None)
            else:
                diagnostics.caption("No rustc diagnostics (test output, if any, is in the tool result).")
            tool.json(step["tool_result"], expanded=True)


def training_tab(store: EpisodeStore, run_id: str, run_dir: Path) -> None:
    """Training sets with per-source example counts, and the adapters trained on them."""
    import streamlit as st

    st.subheader("Training sets")
    data = rows.datasets(store, run_id)
    table(data, empty="No training set yet (the sleep phase writes them).")
    if data:
        st.bar_chart(rows.source_counts(data), x="cycle", y="examples", color="source")
    st.subheader("Adapters")
    table(rows.adapters(store, run_id, run_dir), empty="No adapter yet.")


def main() -> None:
    """The whole page, for the run directory given after `--` (or $SLEEPY_RUN_DIR)."""
    import streamlit as st

    st.set_page_config(page_title="sleepy-coder", layout="wide")
    st.title("sleepy-coder")
    run_dir = run_dir_from(sys.argv[1:], os.environ)
    try:
        store = open_read_only(run_dir)
    except SleepyError as exc:
        st.error(str(exc))
        return
    try:
        st.caption(f"run directory `{run_dir}` (read-only)")
        run_id = pick_run(store)
        if run_id is None:
            st.info(f"{run_dir}: no run recorded yet.")
            return
        # Cached across reruns and sessions until the database changes.
        cached = st.cache_data(show_spinner="Reading the run...", max_entries=16)(load)
        summaries, figures = cached(str(run_dir), run_id, data_version(run_dir))
        if summaries:
            headline(summaries)
        cycles, gates, episodes, training = st.tabs(["Cycles", "Gates", "Episodes", "Training data"])
        with cycles:
            if summaries:
                cycles_tab(summaries, figures)
            else:
                st.caption("No episode recorded yet.")
        with gates:
            gates_tab(summaries)
        with episodes:
            episodes_tab(store, run_id)
        with training:
            training_tab(store, run_id, run_dir)
    finally:
        store.close()


if __name__ == "__main__":  # `streamlit run` runs the script as __main__
    main()
