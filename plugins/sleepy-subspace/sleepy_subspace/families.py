"""A day's dataset split by task family (`route_by: family`): one JSONL file per family, its lines unchanged.

The curator writes one chat example per line with a ``family`` field (`sleepy.curation.examples`). Each
family's lines go, in their original order and byte for byte, to ``<directory>/<name>.jsonl``; the file's
sha256 is that family's dataset hash, so a rerun after a kill writes the same files and resumes the same
checkpoints. No torch here.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from attrs import frozen

from sleepy_subspace.errors import SubspaceError

_SAFE = re.compile(r"[A-Za-z0-9_-]+")
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


@frozen
class FamilyDataset:
    """One family's examples: where they were written, their sha256 and how many there are."""

    family: str
    path: Path
    sha256: str
    examples: int


def directory_name(family: str) -> str:
    """A file and directory name for `family`: itself when it is plain (letters, digits, _ and -), else the
    plain characters plus a short hash, so two families never share a name and none leaves its directory."""
    if _SAFE.fullmatch(family):
        return family
    return f"{_UNSAFE.sub('_', family)}-{hashlib.sha256(family.encode()).hexdigest()[:8]}"


def split_by_family(dataset: Path, directory: Path) -> list[FamilyDataset]:
    """Write each family's lines of `dataset` to its own file under `directory`; families sorted by name."""
    lines: dict[str, list[str]] = {}
    try:
        text = dataset.read_text(encoding="utf-8")
    except OSError as exc:
        raise SubspaceError(f"{dataset}: not readable ({exc}); expected the sleep's JSONL dataset") from None
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        if not line.strip():
            continue
        try:
            family = json.loads(line).get("family")
        except (ValueError, AttributeError):
            raise SubspaceError(f"{dataset}: line {number} is not a JSON object; expected one example per "
                                "line") from None
        if not isinstance(family, str) or not family:
            raise SubspaceError(f"{dataset}: line {number}: field 'family' is {family!r}; expected the task family "
                                "(route_by: family trains one skill per family)")
        lines.setdefault(family, []).append(line if line.endswith("\n") else line + "\n")
    if not lines:
        raise SubspaceError(f"{dataset}: no example; expected at least one line with a 'family' field")
    directory.mkdir(parents=True, exist_ok=True)
    out = []
    for family in sorted(lines):
        content = "".join(lines[family])
        path = directory / f"{directory_name(family)}.jsonl"
        path.write_text(content, encoding="utf-8")
        out.append(FamilyDataset(family, path, hashlib.sha256(content.encode()).hexdigest(), len(lines[family])))
    return out
