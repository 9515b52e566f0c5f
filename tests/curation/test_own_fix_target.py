"""An own-fix pair never teaches a reply that edited the tests: its target is the restored, passing code."""

from __future__ import annotations

import json

import pytest

from sleepy.agent.edits import apply_search_replace
from sleepy.agent.replies import parse_reply
from sleepy.curation import own_fixes
from sleepy.records import Completion
from sleepy.run_dir import RunDirectory
from tests.curation.test_curation import FIXED, koans, tasks  # noqa: F401 (koans is a fixture)

EDITED_TESTS = FIXED.replace("assert_eq!(add(-1, 1), 0);", "assert_eq!(add(-1, 1), 7);")
SR_FIX = "<<<<<<< SEARCH\n    a - b\n=======\n    a + b\n>>>>>>> REPLACE"
SR_TEST_EDIT = ("<<<<<<< SEARCH\n        assert_eq!(add(-1, 1), 0);\n=======\n        assert_eq!(add(-1, 1), 7);\n"
                ">>>>>>> REPLACE")
REPLIES = {
    # (a reply that fixes the code and edits a test, a clean fix)
    "whole_file": (f"Fixed it:\n```rust\n{EDITED_TESTS}```", f"```rust\n{FIXED}```"),
    "search_replace": (f"{SR_FIX}\n{SR_TEST_EDIT}", SR_FIX),
}


def day_examples(tmp_path, koans, sleepy_cli, reply_format):  # noqa: F811 (koans is the fixture's value)
    edit, clean = REPLIES[reply_format]
    cfg = tmp_path / "c.yaml"
    cfg.write_text(json.dumps({"backend": {"name": "scripted", "options": {"replies": [edit, clean, clean]}},
                               "tasks": {"name": "koans", "options": {"path": str(koans)}},
                               "agent": {"max_steps": 1, "concurrency": 1, "reply_format": reply_format},
                               "reporters": []}))
    result = sleepy_cli("day", "-c", str(cfg), "--run-dir", str(tmp_path / "run"), "--split", "train")
    assert result.exit_code == 0, result.output
    store = RunDirectory(tmp_path / "run").open_store()
    run_id = next(store.db.query("select id from runs"))["id"]
    rows = list(store.db.query("select task_id, passed from episodes order by rowid"))
    assert [r["passed"] for r in rows] == [1, 1, 1]  # the original tests were restored, so the edit passed
    examples = {e.task_id: e for e in own_fixes(store, tasks(koans, "train"), run_id=run_id, cycle=0,
                                                 phases=("day",), source="own_fix", weight=1.0)}
    return [examples[r["task_id"]] for r in rows]


@pytest.mark.parametrize("reply_format", ["whole_file", "search_replace"])
def test_a_reply_that_edited_the_tests_is_learned_as_the_restored_code(tmp_path, koans, sleepy_cli,  # noqa: F811
                                                                      reply_format):
    edited, *clean = day_examples(tmp_path, koans, sleepy_cli, reply_format)
    assert "7);" not in edited.target and "a + b" in edited.target
    assert "assert_eq!(add(-1, 1), 0);" in edited.final_code and "a + b" in edited.final_code
    # The target, applied like the agent applies a reply to the file its prompt showed, gives the passing code.
    shown = edited.messages[1].content.split("```rust\n", 1)[1].split("\n```", 1)[0] + "\n"
    actions = parse_reply(Completion(edited.target))
    produced = shown
    for action in actions:
        if action.tool == "write":
            produced = action.arguments["content"]
        else:
            produced = apply_search_replace(produced, action.arguments["search"], action.arguments["replace"]).text
    assert produced.rstrip() == edited.final_code.rstrip()
    # A reply that left the tests alone is learned as written.
    assert [e.target for e in clean] == [REPLIES[reply_format][1]] * 2
