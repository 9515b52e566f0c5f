"""The day and sleep phases end to end with the real default model (CI runs this).

Two koans, one reply each: the day is run twice to check that greedy episodes are identical, then
a two-step LoRA sleep trains a candidate from the day's pairs that loads and changes the output.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
SIGNATURE = re.compile(r"^(E\d{4}|error|test_failure|timeout|resource_limit|sandbox_violation): .+")


def config(tmp_path: Path) -> Path:
    path = tmp_path / "cycle.yaml"
    path.write_text(json.dumps({
        "seed": 0,
        "backend": {"name": "transformers", "options": {"threads": 1, "batch_size": 1}},
        "tasks": {"name": "koans", "options": {"path": str(REPO / "koans"), "families": ["types", "options"]}},
        "agent": {"max_steps": 1, "max_new_tokens": 400, "concurrency": 2},
        "consolidator": {"name": "lora", "options": {"rank": 4, "max_steps": 2, "batch_size": 2}},
        "reporters": [],
    }))
    return path


@pytest.fixture
def sleepy_cli():
    """The CLI with installed plugins (entry points) loaded, run in-process."""
    from click.testing import CliRunner

    from sleepy.cli import make_cli
    from sleepy.plugins import get_plugin_manager

    cli = make_cli(get_plugin_manager(environ={}))
    return lambda *args: CliRunner().invoke(cli, list(args), catch_exceptions=False)


def episodes(sleepy_cli, run_dir: Path) -> list[dict]:
    lines = sleepy_cli("export", "episodes", "--run-dir", str(run_dir), "--steps").output.splitlines()
    return [json.loads(line) for line in lines]


@pytest.mark.real_model
def test_day_is_deterministic_and_sleep_trains_a_candidate(tmp_path, sleepy_cli) -> None:
    cfg = config(tmp_path)
    for name in ("a", "b"):
        result = sleepy_cli("day", "-c", str(cfg), "--run-dir", str(tmp_path / name), "--limit", "2")
        assert result.exit_code == 0, result.output
    first, second = episodes(sleepy_cli, tmp_path / "a"), episodes(sleepy_cli, tmp_path / "b")
    assert len(first) == 2
    keys = ("task_id", "outcome", "error_signature", "diff", "passed", "steps_to_green")
    assert [{k: e[k] for k in keys} for e in first] == [{k: e[k] for k in keys} for e in second]
    assert [s["reply"] for e in first for s in e["steps_detail"]] == [
        s["reply"] for e in second for s in e["steps_detail"]]
    for episode in first:
        for step in episode["steps_detail"]:
            if step["error_signature"]:
                assert SIGNATURE.match(step["error_signature"]), step["error_signature"]
    result = sleepy_cli("sleep", "-c", str(cfg), "--run-dir", str(tmp_path / "a"))
    assert result.exit_code == 0, result.output
    [adapter] = json.loads(sleepy_cli("adapters", "list", "--run-dir", str(tmp_path / "a"), "--json").output)
    assert adapter["status"] == "candidate" and adapter["base_model"]

    from sleepy_transformers import TransformersOptions
    from sleepy_transformers.backend import TransformersBackend

    from sleepy.records import CompletionRequest, Message, SamplingParams

    backend = TransformersBackend(TransformersOptions(threads=1))
    prompt = json.loads(first[0]["steps_detail"][0]["messages_json"])
    request = CompletionRequest(tuple(Message(m["role"], m["content"]) for m in prompt),
                                SamplingParams(max_new_tokens=60))
    base = backend.complete(request).text
    backend.load_adapter(Path(adapter["path"]), adapter["id"])
    backend.set_adapter(adapter["id"])
    tuned = backend.complete(request).text
    backend.set_adapter(None)
    assert backend.complete(request).text == base
    assert tuned != base, "the trained adapter should change the greedy reply"
