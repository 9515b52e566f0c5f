"""Small file operations with crash-safety guarantees."""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

# write_atomically's temp name: `.<name>.<pid>.tmp`.
_TEMP_RE = re.compile(r"\..+\.(\d+)\.tmp")


def write_atomically(path: Path, text: str) -> None:
    """Write-then-rename, so readers see the old file or the new one, never half of one."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid exists (one of another user's counts too)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temp_files(*directories: Path) -> list[Path]:
    """Remove write_atomically temp files whose writer died before its rename (kill -9)."""
    removed = []
    for directory in directories:
        with contextlib.suppress(OSError):
            for path in directory.iterdir():
                match = _TEMP_RE.fullmatch(path.name)
                if match and path.is_file() and not pid_alive(int(match.group(1))):
                    path.unlink(missing_ok=True)
                    removed.append(path)
    return removed
