"""The part of a task's file the prompt shows: the whole koan, or a crate task's focus window (sleepy/agent/view.py)."""

from __future__ import annotations

from sleepy.agent.tools import EditTool, Workspace, WriteTool
from sleepy.agent.view import FileView, view_of
from sleepy.records import ProjectSpec, Task

FILE = "".join(f"line {n}\n" for n in range(1, 11))


def _crate_task(focus: tuple[int, int]) -> Task:
    spec = ProjectSpec(root="/nowhere", digest="d", editable=focus, tests={"lib:x": ("t",)}, focus=focus)
    return Task(id="t", family="f", split="train", files={"src/a.rs": FILE}, project=spec)


def test_a_koan_is_shown_whole() -> None:
    task = Task(id="k", family="f", split="train", files={"src/lib.rs": FILE})
    view = view_of(task, FILE)
    assert view.whole and view.label == "" and view.excerpt(FILE) == FILE and view.splice(FILE, "x\n") == "x\n"


def test_a_crate_task_shows_its_focus_lines_only() -> None:
    view = view_of(_crate_task((4, 6)), FILE)
    assert (view.start, view.end, view.label) == (4, 6, "lines 4-6")
    assert view.excerpt(FILE) == "line 4\nline 5\nline 6\n"


def test_splicing_replaces_only_the_window_and_keeps_line_breaks() -> None:
    view = FileView(4, 6, whole=False)
    spliced = view.splice(FILE, "new a\nnew b")  # no final newline: line 7 must still start a line
    assert spliced.splitlines() == ["line 1", "line 2", "line 3", "new a", "new b", "line 7", "line 8", "line 9",
                                    "line 10"]


def test_the_window_follows_lines_a_fix_added_or_removed() -> None:
    task = _crate_task((4, 6))
    longer = FILE.replace("line 5\n", "line 5\nextra 1\nextra 2\n")
    assert view_of(task, longer).excerpt(longer) == "line 4\nline 5\nextra 1\nextra 2\nline 6\n"
    shorter = FILE.replace("line 5\n", "")
    assert view_of(task, shorter).excerpt(shorter) == "line 4\nline 6\n"


def test_write_and_edit_act_on_the_window_of_the_main_file() -> None:
    workspace = Workspace({"src/a.rs": FILE.replace("line 9\n", "line 5\n")}, "src/a.rs", sandbox=None,  # type: ignore[arg-type]
                          view=FileView(4, 6, whole=False))
    edited = EditTool().run(workspace, {"search": "line 5\n", "replace": "five\n"})
    # "line 5" is also line 9 of the file: only the one inside the window is the edit's to make.
    assert edited.error is None and edited.new_files is not None
    lines = edited.new_files["src/a.rs"].splitlines()
    assert (lines[4], lines[8]) == ("five", "line 5")
    written = WriteTool().run(workspace, {"content": "only this\n"})
    assert written.new_files is not None
    assert written.new_files["src/a.rs"].splitlines()[2:5] == ["line 3", "only this", "line 7"]
