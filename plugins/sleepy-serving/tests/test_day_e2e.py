"""`sleepy day` end to end: the `openai` backend against a fake OpenAI-compatible server on loopback."""

from __future__ import annotations

import json
import shutil

import pytest
from fakes import body_of, delta_chunks, sse_response
from sleepy_serving import plugin
from werkzeug import Request, Response

from sleepy.koans import freeze, load_koans

pytestmark = pytest.mark.skipif(shutil.which("rustc") is None, reason="sleepy day compiles koans with rustc")

LIB = """/// Adds two numbers {i}.
pub fn add(a: i32, b: i32) -> i32 {{
    a - b
}}

#[cfg(test)]
mod tests {{
    use super::*;

    #[test]
    fn adds() {{
        assert_eq!(add(2, 3), 5);
    }}
}}
"""


@pytest.fixture
def koans(tmp_path):
    root = tmp_path / "koans"
    for i in range(4):
        directory = root / "alpha" / f"alpha_{i:02d}"
        directory.mkdir(parents=True)
        (directory / "koan.toml").write_text(
            f'id = "alpha_{i:02d}"\nfamily = "alpha"\nexpected_failure = "test_failure"\ndifficulty = 1\n'
            'description = "Subtracts instead of adding."\n')
        (directory / "lib.rs").write_text(LIB.format(i=i))
        (directory / "fix.rs").write_text(LIB.format(i=i).replace("a - b", "a + b"))
    freeze(root, load_koans(root))
    return root


def test_sleepy_day_with_the_openai_backend(tmp_path, koans, server, base_url, register_plugin, sleepy_cli):
    requests = []

    def chat(request: Request) -> Response:
        body = body_of(request)
        requests.append(body)
        prompt = body["messages"][-1]["content"]
        fixed = next(LIB.format(i=i).replace("a - b", "a + b") for i in range(4) if f"two numbers {i}." in prompt)
        return sse_response(*delta_chunks(f"```rust\n{fixed}```", size=40))

    server.expect_request("/v1/chat/completions", method="POST").respond_with_handler(chat)
    register_plugin(plugin, name="serving")
    config = tmp_path / "day.yaml"
    config.write_text(json.dumps({
        "backend": {"name": "openai", "options": {"base_url": f"{base_url}/v1", "model": "fake-coder",
                                                  "retries": 0}},
        "tasks": {"name": "koans", "options": {"path": str(koans)}},
        "agent": {"max_steps": 1, "concurrency": 2},
        "reporters": [],
    }))
    run_dir = tmp_path / "run"
    result = sleepy_cli("day", "-c", str(config), "--run-dir", str(run_dir), "--split", "train", "--limit", "2")
    assert result.exit_code == 0, result.output
    assert "2 passed, 0 failed" in result.output
    exported = sleepy_cli("export", "episodes", "--run-dir", str(run_dir)).output
    episodes = [json.loads(line) for line in exported.splitlines() if line]
    assert [(e["passed"], e["backend"], e["model"]) for e in episodes] == [(True, "openai", "fake-coder")] * 2
    assert len(requests) == 2
    assert all(r["temperature"] == 0.0 and isinstance(r["seed"], int) and r["max_tokens"] == 768 for r in requests)
    assert len({r["seed"] for r in requests}) == 2  # each task gets its own seed from the run's seed


def test_sleepy_day_reports_an_unreachable_server_in_one_line(tmp_path, koans, refused_url, register_plugin,
                                                             sleepy_cli):
    register_plugin(plugin, name="serving")
    config = tmp_path / "day.yaml"
    config.write_text(json.dumps({
        "backend": {"name": "openai", "options": {"base_url": refused_url, "model": "m", "retries": 0}},
        "tasks": {"name": "koans", "options": {"path": str(koans)}}, "reporters": [],
    }))
    result = sleepy_cli("day", "-c", str(config), "--run-dir", str(tmp_path / "run"), "--limit", "1")
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        f"sleepy: error: OpenAI-compatible server is not reachable at {refused_url} (connection refused): "
        "is the server running and is `base_url` right?")
