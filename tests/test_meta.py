from __future__ import annotations

import pkgutil
import subprocess
import sys

import sleepy


def test_every_module_imports_alone_without_warnings():
    modules = [m.name for m in pkgutil.walk_packages(sleepy.__path__, "sleepy.") if m.name != "sleepy.__main__"]
    assert "sleepy.store.migrations" in modules
    for module in modules:
        proc = subprocess.run([sys.executable, "-W", "error", "-c", f"import {module}"], capture_output=True,
                              text=True)
        assert proc.returncode == 0, f"{module}: {proc.stderr}"


def test_core_does_not_import_torch():
    code = "import sleepy.cli, sleepy.plugins, sys; sys.exit('torch' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
