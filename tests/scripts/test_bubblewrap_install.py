"""The README's scripts install bubblewrap before anything runs model-written code (a fresh machine has none)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).parents[2]


@pytest.mark.parametrize("script", ["quick_cycle.sh", "test.sh"])
def test_script_installs_bubblewrap_when_missing(script: str, tmp_path: Path) -> None:
    # A PATH without bwrap, where `id -u` says root, apt-get records its calls, and python3 stops the
    # script right after (the install must come before anything else).
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("dirname", "date", "cat", "awk"):
        found = shutil.which(name)
        if found:
            (bin_dir / name).symlink_to(found)
    calls = tmp_path / "apt-get.calls"
    stubs = {"id": "echo 0", "apt-get": f'echo "$*" >> {calls}', "python3": "exit 97", "python": "exit 97"}
    for name, body in stubs.items():
        (bin_dir / name).write_text(f"#!{shutil.which('bash')}\n{body}\n")
        (bin_dir / name).chmod(0o755)
    env = {"PATH": str(bin_dir), "HOME": str(tmp_path), "VENV": str(tmp_path / "venv")}
    done = subprocess.run([shutil.which("bash") or "bash", str(REPO / "scripts" / script)], env=env,
                          capture_output=True, text=True, timeout=60, check=False, cwd=tmp_path)
    assert done.returncode == 97, done.stderr
    # bubblewrap first; test.sh may then install the crates its offline tests build (scripts/ensure_crates.sh)
    assert calls.read_text().splitlines()[:2] == ["update -qq", "install -y -qq bubblewrap"], done.stderr
