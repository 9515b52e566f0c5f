"""The part of a task's file the prompt shows and a reply rewrites: the whole koan, or a crate task's window.

A crate task's file can be a thousand lines; a 135M model cannot copy that back, and most of it is
noise. Its `ProjectSpec.focus` names the lines around the buggy function: the prompt shows only those,
a whole-file reply (a ```rust block) replaces only those, and a SEARCH/REPLACE edit is matched only there.
Every change a fix may make lies inside the editable lines (the project verdict refuses the rest), which
lie inside the window; so a fix that adds or removes lines moves the window's end by as many lines.
"""

from __future__ import annotations

from attrs import frozen

from sleepy.records import Task


@frozen
class FileView:
    """Lines ``start``..``end`` (1-based, inclusive) of a file; ``whole``: the file is shown entire."""

    start: int
    end: int
    whole: bool

    @property
    def label(self) -> str:
        return "" if self.whole else f"lines {self.start}-{self.end}"

    def excerpt(self, text: str) -> str:
        """The lines this view shows of ``text``."""
        if self.whole:
            return text
        return "".join(text.splitlines(keepends=True)[self.start - 1:self.end])

    def splice(self, text: str, replacement: str) -> str:
        """``text`` with the lines this view shows replaced by ``replacement``."""
        if self.whole:
            return replacement
        lines = text.splitlines(keepends=True)
        if replacement and not replacement.endswith("\n") and self.end < len(lines):
            replacement += "\n"  # the lines after the window start on a line of their own
        return "".join(lines[:self.start - 1]) + replacement + "".join(lines[self.end:])


def _line_count(text: str) -> int:
    return len(text.splitlines())


def view_of(task: Task, current: str) -> FileView:
    """What of ``current`` (the task's file as it is now) the prompt shows: a crate task's focus window,
    its end moved by the lines the edits so far added or removed, else the whole file."""
    if task.project is None:
        return FileView(1, _line_count(current), whole=True)
    start, end = task.project.focus
    original = next(iter(task.files.values()))
    end = max(start - 1, end + _line_count(current) - _line_count(original))
    return FileView(start, min(end, _line_count(current)), whole=False)
