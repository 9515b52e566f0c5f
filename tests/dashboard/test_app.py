"""The Streamlit app, driven by Streamlit's app-testing API over a store that real cycles wrote."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

pytest.importorskip("streamlit", reason="the dashboard extra is not installed")

from streamlit.testing.v1 import AppTest

from sleepy.dashboard import APP_SCRIPT
from sleepy.metrics import wilson
from sleepy.records import EpisodeRecord
from sleepy.store import EpisodeStore


def run_app(monkeypatch: pytest.MonkeyPatch, run_dir: Path) -> AppTest:
    monkeypatch.setenv("SLEEPY_RUN_DIR", str(run_dir))
    app = AppTest.from_file(str(APP_SCRIPT), default_timeout=60).run()
    assert not app.exception, app.exception
    return app


def frame(app: AppTest, column: str):
    """The first table whose columns include `column`, as a pandas DataFrame."""
    return next(df.value for df in app.dataframe if column in df.value.columns)


def query(run_dir: Path, sql: str, args: list | None = None) -> list[dict]:
    store = EpisodeStore.open(run_dir / "sleepy.db")
    try:
        return list(store.db.query(sql, args or []))
    finally:
        store.close()


def digest(run_dir: Path) -> str:
    """The database and its write-ahead log, where a write would land first."""
    wal = run_dir / "sleepy.db-wal"
    data = (run_dir / "sleepy.db").read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    return hashlib.sha256(data).hexdigest()


def test_pass_rate_table_shows_the_stores_rates_with_wilson_intervals(cycle_run, monkeypatch):
    app = run_app(monkeypatch, cycle_run)
    table = frame(app, "95% low")
    expected = []
    for cycle, model in ((0, None), (1, query(cycle_run, "select id from adapters where cycle = 0")[0]["id"])):
        for split in ("train", "heldout", "frozen"):
            if split == "train":
                rows = query(cycle_run, "select passed from episodes where cycle = ? and phase = 'day'", [cycle])
            else:  # the model active during the cycle, wherever it was first evaluated
                rows = query(cycle_run, "select passed from episodes where phase = 'eval' and split = ? and "
                             "adapter_id is ?", [split, model])
            rate = wilson(sum(r["passed"] for r in rows), len(rows))
            expected.append((cycle, model or "base", split, rate.k, rate.n, rate.value, rate.low, rate.high))
    shown = [tuple(r) for r in table[["cycle", "model", "split", "passed", "n", "pass rate", "95% low",
                                      "95% high"]].itertuples(index=False)]
    assert shown == expected
    # the base model fails everything; the adapter promoted in cycle 0 passes everything in cycle 1
    assert [r[3] for r in expected] == [0, 0, 0, *[r[4] for r in expected[3:]]]
    assert [m.value for m in app.metric] == [f"100% ({r[4]}/{r[4]})" for r in expected[3:]]
    assert len(app.image) == 4  # the report's pass-rate, repeat-error, steps-to-green and heatmap plots


def test_gate_decisions_show_each_gates_verdict_and_reasons(cycle_run, monkeypatch):
    app = run_app(monkeypatch, cycle_run)
    decisions = frame(app, "McNemar p")
    assert list(zip(decisions["cycle"], decisions["split"], decisions["decision"], strict=True)) == [
        (0, "heldout", "promoted"), (0, "frozen", "promoted"), (1, "heldout", "rejected"), (1, "frozen", "rejected")]
    assert list(decisions["broken"]) == [0, 0, decisions["n"][2], decisions["n"][3]]
    # newest first: cycle 1's rejection, then cycle 0's promotion
    assert [e.label.split(" (")[0] for e in app.expander if e.label.startswith("cycle")] == [
        f"cycle 1: candidate {decisions['candidate'][2]} rejected", f"cycle 0: candidate {decisions['candidate'][0]} "
        "promoted"]
    rejected = app.table[0].value
    no_regression = rejected[rejected["gate"] == "no_regression"]
    assert set(no_regression["result"]) == {"FAIL"}
    assert any("frozen task(s) broken (allowed 0)" in r for r in no_regression["reason"])
    assert set(app.table[1].value["result"]) == {"PASS"}


def test_trends_and_family_heatmap_follow_the_cycles(cycle_run, monkeypatch):
    app = run_app(monkeypatch, cycle_run)
    trends = frame(app, "repeat-error rate")
    assert list(trends["cycle"]) == [0, 1]
    assert trends["repeat-error rate"].isna()[0]  # undefined before any training
    train_tasks = len(query(cycle_run, "select distinct task_id from episodes where split = 'train'"))
    # every failure of cycle 0 was trained on, and none came back
    assert trends["repeat-error rate"][1] == 0.0 and trends["covered"][1] == train_tasks
    assert list(trends["median steps to green"].fillna(-1)) == [-1, 1]
    families = {r["family"] for r in query(cycle_run, "select distinct family from episodes where split = 'heldout'")}
    grid = frame(app, "family")
    assert set(grid["family"]) == families
    assert list(grid["cycle 0"]) == [0.0] * len(families) and list(grid["cycle 1"]) == [1.0] * len(families)


def test_episode_browser_lists_filters_and_shows_steps(cycle_run, monkeypatch):
    app = run_app(monkeypatch, cycle_run)
    every = [r["id"] for r in query(cycle_run, "select id from episodes order by rowid")]
    assert list(frame(app, "steps to green")["id"]) == every
    assert f"{len(every)} episode(s)" in [c.value for c in app.caption]

    app.selectbox(key="filter_cycle").set_value(1).run()
    app.selectbox(key="filter_split").set_value("heldout").run()
    shown = frame(app, "steps to green")
    assert list(shown["id"]) == [r["id"] for r in query(
        cycle_run, "select id from episodes where cycle = 1 and split = 'heldout' order by rowid")]
    assert set(shown["outcome"]) == {"failed"} and "base" not in set(shown["adapter"])  # the harmful candidate

    # A cycle-0 gamma episode of the base model: its reply does not compile, so rustc's diagnostics are rendered.
    app.selectbox(key="filter_cycle").set_value(0).run()
    app.selectbox(key="filter_split").set_value(None).run()
    app.selectbox(key="filter_task").set_value("gamma_00").run()
    gamma = frame(app, "steps to green")
    assert set(gamma["task"]) == {"gamma_00"} and "failed" in set(gamma["outcome"])
    failed = gamma[gamma["adapter"] == "base"].iloc[0]
    assert failed["first error"].startswith("E0369")
    app.selectbox(key="episode").set_value(failed["id"]).run()
    code = [c.value for c in app.code]
    assert any("error[E0369]: cannot subtract `&str` from `String`" in c for c in code)  # rendered diagnostics
    assert any("pub fn join(a: String, b: &str) -> String" in c for c in code)  # the prompt and the reply
    assert [t.value for t in app.text] == [f"error signature: {failed['first error']}"]

    # A cycle-1 day episode of the good adapter: its diff fixes the bug.
    task = query(cycle_run, "select task_id from episodes where split = 'train' and family = 'alpha'")[0]["task_id"]
    for key, value in (("filter_cycle", 1), ("filter_task", task), ("filter_split", "train")):
        app.selectbox(key=key).set_value(value).run()
    assert list(frame(app, "steps to green")["passed"]) == [True]
    assert any("-    a - b" in c and "+    a + b" in c for c in [c.value for c in app.code])


def test_training_sets_and_adapters_are_listed(cycle_run, monkeypatch):
    app = run_app(monkeypatch, cycle_run)
    data = frame(app, "examples")
    stored = query(cycle_run, "select cycle, examples, source_counts_json from datasets order by cycle")
    assert list(data["cycle"]) == [0, 1] and list(data["examples"]) == [r["examples"] for r in stored]
    assert list(data["source: reference"]) == [stored[0]["examples"], 0]  # cycle 0: only reference fixes
    assert list(data["source: own_fix"]) == [0, stored[1]["examples"]]  # cycle 1: the model's own fixes
    adapters = frame(app, "status")
    assert list(zip(adapters["status"], adapters["active"], strict=True)) == [("promoted", True), ("rejected", False)]
    assert adapters["parent"][1] == adapters["id"][0]


def test_the_app_never_writes_the_store(cycle_run, monkeypatch):
    before = digest(cycle_run)
    app = run_app(monkeypatch, cycle_run)
    app.selectbox(key="filter_outcome").set_value("passed").run()
    assert not app.exception
    assert digest(cycle_run) == before


@pytest.mark.parametrize(("make", "message"), [
    (lambda d: None, "no such run directory"),
    (lambda d: d.mkdir(), "no run here (missing sleepy.db)"),
    (lambda d: (d.mkdir(), (d / "sleepy.db").write_text("not a database")), "cannot read the episode database"),
])
def test_a_run_dir_without_a_store_is_a_clear_error(tmp_path, monkeypatch, make, message):
    run_dir = tmp_path / "run"
    make(run_dir)
    app = run_app(monkeypatch, run_dir)
    assert len(app.error) == 1 and message in app.error[0].value
    assert not app.dataframe and not app.tabs


def test_several_runs_get_a_selector(cycle_run, tmp_path, monkeypatch):
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    shutil.copy(cycle_run / "sleepy.db", run_dir / "sleepy.db")
    store = EpisodeStore.open(run_dir / "sleepy.db")
    store.record_run("zzlater", command="day", config_hash="h", config={}, seed=1, sleepy_version="0")
    store.record_episode(EpisodeRecord("e1", "zzlater", "alpha_00", "passed", True, family="alpha", split="train",
                                       steps_to_green=1))
    store.close()
    app = run_app(monkeypatch, run_dir)
    picker = app.sidebar.selectbox[0]
    assert picker.label == "Run" and len(picker.options) == 2 and picker.value == "zzlater"  # the latest
    assert list(frame(app, "95% low")["passed"]) == [1, 0, 0]  # its one day episode passed; nothing evaluated
    assert list(frame(app, "steps to green")["id"]) == ["e1"]
    picker.set_value(query(cycle_run, "select id from runs")[0]["id"]).run()
    day = query(cycle_run, "select id from episodes where cycle = 0 and phase = 'day'")
    assert frame(app, "95% low")["n"][0] == len(day)
    assert len(frame(app, "steps to green")) == len(query(cycle_run, "select id from episodes"))
