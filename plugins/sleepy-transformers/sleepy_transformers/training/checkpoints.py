"""Resumable training state on disk: one file per checkpoint, written atomically, matched by run key.

``<checkpoint_dir>/step-00000010.pt`` holds everything the loop needs to continue exactly where it
was: the LoRA weights, the optimizer state, the learning-rate schedule, the dropout generator's state,
the step, the loss curve so far, and the run key (dataset hash, seed, training options, batch plan).
A file is written under a temporary name, fsynced and renamed, so a kill leaves either the previous
checkpoints or a complete new one; a file that cannot be read, or belongs to another run, is skipped.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from pathlib import Path
from typing import Any

import torch

log = logging.getLogger(__name__)

FORMAT = 1
KEEP = 2  # the newest checkpoint, and one to fall back to should the newest be unreadable
_NAME = re.compile(r"^step-(\d{8})\.pt$")


def checkpoint_path(directory: Path, step: int) -> Path:
    return directory / f"step-{step:08d}.pt"


def save_checkpoint(directory: Path, step: int, state: dict[str, Any]) -> Path:
    """Write `state` as the checkpoint of `step`, atomically; prune all but the newest few of this run."""
    directory.mkdir(parents=True, exist_ok=True)
    path = checkpoint_path(directory, step)
    tmp = directory / f".{path.name}.{os.getpid()}.tmp"
    with tmp.open("wb") as fh:
        torch.save({**state, "format": FORMAT, "step": step}, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(directory)
    older = sorted((int(m[1]) for p in directory.iterdir() if (m := _NAME.match(p.name)) and int(m[1]) < step),
                   reverse=True)
    for old in older[KEEP - 1:]:
        checkpoint_path(directory, old).unlink(missing_ok=True)
    return path


def load_latest(directory: Path, run_key: str) -> dict[str, Any] | None:
    """The newest readable checkpoint of run `run_key`, or None; leftovers of killed writes are removed."""
    if not directory.is_dir():
        return None
    for stale in directory.glob(".step-*.tmp"):
        stale.unlink(missing_ok=True)
    found = sorted(((int(m[1]), p) for p in directory.iterdir() if (m := _NAME.match(p.name))), reverse=True)
    for step, path in found:
        try:
            state: dict[str, Any] = torch.load(path, map_location="cpu", weights_only=True)
        except Exception as exc:  # a truncated or foreign file: fall back to an older one
            log.warning("skipping unreadable checkpoint %s (%s: %s)", path, type(exc).__name__, exc)
            continue
        if state.get("format") != FORMAT or state.get("step") != step:
            log.warning("skipping checkpoint %s: not a checkpoint of this trainer", path)
        elif state.get("run_key") != run_key:
            log.info("skipping checkpoint %s: another dataset, seed or set of options", path)
        else:
            return state
    return None


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):  # not every filesystem lets a directory be opened for fsync
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
