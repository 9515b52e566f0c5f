"""`sleepy doctor`: can the main job run here, and run safely? Each check says what to install if not.

Checks are plain functions returning a Finding, so tests can run them one by one; `diagnose` runs
them all. Nothing here changes the machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from attrs import frozen

from sleepy.plugins import SleepyPluginManager
from sleepy.registry import Registry, StrategyKind
from sleepy.sandbox.isolation import IsolationLevel, probe
from sleepy.sandbox.toolchain import Toolchain, ToolchainError

GIB = 1024**3
OK, WARN, FAIL = "ok", "warn", "fail"
MIN_PYTHON = (3, 11)
DISK_FAIL_GIB, DISK_WARN_GIB = 2.0, 5.0  # a converted model, adapters and a run's database fit in 2 GiB
MEMORY_FAIL_GIB, MEMORY_WARN_GIB = 1.0, 2.0  # the default 135M model trains in about 1.5 GiB
INSTALL_RUST = "install Rust with rustup: curl --proto '=https' -sSf https://sh.rustup.rs | sh"
INSTALL_BWRAP = "install bubblewrap: sudo apt-get install bubblewrap (dnf/pacman: bubblewrap)"


@frozen
class Finding:
    """One check: its status (ok, warn, fail), what was found, and what to do when it is not ok."""

    name: str
    status: str
    detail: str
    fix: str = ""

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "status": self.status, "detail": self.detail, "fix": self.fix}


def tool_version(argv: list[str]) -> str | None:
    """The first line `argv` prints (a --version call), or None when it cannot run."""
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[0] if done.returncode == 0 and lines else None


def check_python() -> Finding:
    version = ".".join(map(str, sys.version_info[:3]))
    if sys.version_info[:2] < MIN_PYTHON:
        return Finding("python", FAIL, f"{version} ({sys.executable})", "install Python 3.11 or newer")
    return Finding("python", OK, f"{version} ({sys.executable})")


def check_tool(name: str, argv: list[str], fix: str) -> Finding:
    path = shutil.which(argv[0])
    version = tool_version([path, *argv[1:]]) if path else None
    if version is None:
        return Finding(name, FAIL, f"`{argv[0]}` not found on PATH" if path is None else f"`{path}` does not run",
                       fix)
    return Finding(name, OK, version)


def check_clippy() -> Finding:
    try:
        toolchain = Toolchain.discover()
    except ToolchainError as exc:
        return Finding("clippy", FAIL, str(exc), INSTALL_RUST)
    driver = toolchain.sysroot / "bin" / "clippy-driver"
    version = tool_version([str(driver), "--version"]) if toolchain.has_clippy else None
    if version is None:
        return Finding("clippy", FAIL, f"no clippy-driver in {toolchain.sysroot}", "rustup component add clippy")
    return Finding("clippy", OK, version)


def _read(path: str) -> str | None:
    try:
        return Path(path).read_text(encoding="utf-8").strip()
    except OSError:
        return None


def namespace_note() -> str:
    """Whether this user may create the namespaces bubblewrap needs, as the kernel says."""
    if os.geteuid() == 0:
        return "user namespaces: not needed (running as root)"
    notes = []
    if _read("/proc/sys/kernel/unprivileged_userns_clone") == "0":
        notes.append("disabled by kernel.unprivileged_userns_clone=0")
    if _read("/proc/sys/user/max_user_namespaces") == "0":
        notes.append("disabled by user.max_user_namespaces=0")
    if _read("/proc/sys/kernel/apparmor_restrict_unprivileged_userns") == "1":
        notes.append("restricted by AppArmor (kernel.apparmor_restrict_unprivileged_userns=1)")
    return "user namespaces: " + ("; ".join(notes) if notes else "allowed")


def cgroup_note() -> str:
    """Whether cgroup v2 is mounted, and with the controllers a per-attempt budget needs."""
    controllers = _read("/sys/fs/cgroup/cgroup.controllers")
    if controllers is None:
        return "cgroup v2: not mounted at /sys/fs/cgroup"
    present = set(controllers.split())
    missing = [c for c in ("memory", "pids") if c not in present]
    return "cgroup v2: mounted" + (f", without the {' and '.join(missing)} controller" if missing else
                                   " (memory and pids controllers)")


def check_isolation(probe_level: Callable[[IsolationLevel], str | None] | None = None) -> Finding:
    """What `isolation: auto` would pick (the sandbox's own probe decides), and why not bubblewrap."""
    probe_level = probe_level or probe
    context = f"{namespace_note()}; {cgroup_note()}"
    bwrap = probe_level(IsolationLevel.BWRAP)
    if bwrap is None:
        return Finding("isolation", OK, f"bwrap (bubblewrap works here); {context}")
    unshare = probe_level(IsolationLevel.UNSHARE)
    fallback = ("auto falls back to unshare, which leaves the host file system visible to model-written code"
                if unshare is None else f"unshare does not work either ({unshare}): nothing can run model code")
    fix = INSTALL_BWRAP if shutil.which("bwrap") is None else (
        "bubblewrap is installed but cannot start; allow unprivileged user namespaces "
        "(sysctl kernel.unprivileged_userns_clone=1, or an AppArmor profile for bwrap)")
    return Finding("isolation", FAIL, f"bubblewrap unusable ({bwrap}); {fallback}; {context}", fix)


def model_cache_dir() -> Path:
    """Where model plugins cache converted models (the rule of sleepy-transformers' cache)."""
    if os.environ.get("SLEEPY_CACHE_DIR"):
        return Path(os.environ["SLEEPY_CACHE_DIR"]).expanduser()
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]).expanduser() / "sleepy-coder"
    return Path.home() / ".cache" / "sleepy-coder"


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def check_model_cache(cache: Path | None = None) -> Finding:
    cache = cache or model_cache_dir()
    models = sorted(p for p in (cache / "models").glob("*") if (p / "sleepy-model.json").is_file()) \
        if (cache / "models").is_dir() else []
    if not models:
        return Finding("model cache", WARN, f"{cache}: no model yet",
                       "the first cycle downloads and converts the default model (needs network, about 300 MB)")
    size = sum(_size(m) for m in models) / GIB
    return Finding("model cache", OK, f"{cache}: {len(models)} model(s), {size:.1f} GiB")


def check_disk(path: Path) -> Finding:
    try:
        free = shutil.disk_usage(path).free / GIB
    except OSError as exc:
        return Finding("disk", FAIL, f"{path}: {exc.strerror or exc}", "run from a readable directory")
    detail = f"{free:.1f} GiB free in {path}"
    if free < DISK_FAIL_GIB:
        return Finding("disk", FAIL, detail, f"free at least {DISK_FAIL_GIB:.0f} GiB")
    if free < DISK_WARN_GIB:
        return Finding("disk", WARN, detail, f"a few cycles with adapters need about {DISK_WARN_GIB:.0f} GiB")
    return Finding("disk", OK, detail)


def check_memory(meminfo: str | None = None) -> Finding:
    text = meminfo if meminfo is not None else _read("/proc/meminfo")
    fields = dict(line.split(":", 1) for line in (text or "").splitlines() if ":" in line)
    try:
        available = int(fields["MemAvailable"].split()[0]) * 1024 / GIB
    except (KeyError, ValueError, IndexError):
        return Finding("memory", WARN, "unknown (no MemAvailable in /proc/meminfo)")
    detail = f"{available:.1f} GiB available"
    if available < MEMORY_FAIL_GIB:
        return Finding("memory", FAIL, detail, f"free at least {MEMORY_FAIL_GIB:.0f} GiB of memory")
    if available < MEMORY_WARN_GIB:
        return Finding("memory", WARN, detail, "training may be slow or fail below 2 GiB")
    return Finding("memory", OK, detail)


def check_plugins(pm: SleepyPluginManager) -> Finding:
    infos = [i for i in pm.plugin_infos() if not i.builtin]
    names = ", ".join(f"{i.name} ({i.distribution or i.module} {i.version or ''})".replace(" )", ")")
                      for i in infos) or "none"
    # The built-in backends run no model: `scripted` replays replies, `rustfix` applies rustc's suggestions.
    modelless = ("scripted", "rustfix")
    backends = [s.name for s in Registry.collect(pm).specs(StrategyKind.BACKEND) if s.name not in modelless]
    if not backends:
        return Finding("plugins", WARN, f"loaded: {names}; no model backend besides `scripted` and `rustfix`",
                       "pip install -e plugins/sleepy-transformers (scripts/quick_cycle.sh does this)")
    return Finding("plugins", OK, f"loaded: {names}; backends: {', '.join(backends)}")


def diagnose(pm: SleepyPluginManager, *, workdir: Path) -> list[Finding]:
    """Every check, in the order a new user should read them."""
    return [
        check_python(),
        check_tool("rustc", ["rustc", "--version"], INSTALL_RUST),
        check_tool("cargo", ["cargo", "--version"], INSTALL_RUST),
        check_clippy(),
        check_isolation(),
        check_model_cache(),
        check_disk(workdir),
        check_memory(),
        check_plugins(pm),
    ]
