"""How a confined command is launched: bubblewrap, a bare unshare fallback, or rlimits alone.

Every level applies rlimits with util-linux ``prlimit`` inside the namespaces (so RLIMIT_NPROC
counts the sandbox's processes, not the caller's). When we run as root, the command itself runs
as a fresh unprivileged uid via ``setpriv``: the kernel never enforces RLIMIT_NPROC on root.
"""

from __future__ import annotations

import enum
import functools
import os
import secrets
import shlex
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from attrs import frozen

from sleepy.errors import SleepyError
from sleepy.sandbox.limits import ProcessLimits

CRATE_MOUNT = "/crate"
TOOLCHAIN_MOUNT = "/toolchain"
# Sandboxed uids come from a range no distribution allocates, one per run, so that processes of
# concurrent runs neither share an RLIMIT_NPROC count nor can signal each other.
_UID_BASE = 1_500_000_000
_UID_SPAN = 1 << 24
_OPEN_FILES = 1024
_DEVICES = ("/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom")
_PROBE_TIMEOUT_S = 20.0


class IsolationLevel(enum.StrEnum):
    """How strongly a sandbox run is cut off from the host."""

    BWRAP = "bwrap"  # own mount, pid, net, ipc, uts namespaces; only /usr, toolchain and crate visible
    UNSHARE = "unshare"  # the same namespaces without bubblewrap: util-linux unshare and a chroot
    NONE = "none"  # rlimits only: for tests that ask for it explicitly


class IsolationUnavailable(SleepyError):
    """The requested isolation cannot be set up on this machine."""


@frozen
class Launch:
    """A ready-to-start command line and how to read its exit status."""

    argv: tuple[str, ...]
    cwd: Path
    env: Mapping[str, str]
    # bwrap and a shell report a child killed by signal n as exit status 128 + n.
    signal_in_status: bool


class Jail:
    """Base of the isolation levels: turns a command into a confined Launch."""

    level: IsolationLevel = IsolationLevel.NONE
    note: str = ""

    def __init__(self) -> None:
        self.note = f"{type(self).note}; {_who_runs()}"

    def crate_path(self, crate_dir: Path) -> str:
        """Where the command sees the crate directory."""
        return str(crate_dir)

    def toolchain_path(self, sysroot: Path) -> str:
        """Where the command sees the Rust sysroot."""
        return str(sysroot)

    def compile_uid(self, run_uid: int | None) -> int | None:
        """The uid to compile as: the run uid when it can read the toolchain, else the caller's."""
        return None

    def shares_toolchain(self, sysroot: Path, run_uid: int | None) -> bool:
        """Whether the test program can load the toolchain's dynamic libstd."""
        return run_uid is None or _world_readable(sysroot)

    def launch(
        self, command: Sequence[str], *, crate_dir: Path, limits: ProcessLimits | None,
        sysroot: Path | None = None, uid: int | None = None, env: Mapping[str, str] | None = None,
    ) -> Launch:
        """Wrap ``command`` (run in the crate dir) in this level's confinement.

        ``limits`` None means the command applies its own (see pipeline.py); ``uid`` is the user
        to become when we are root.
        """
        raise NotImplementedError


def _who_runs() -> str:
    if os.geteuid() == 0:
        return "runs as a fresh unprivileged uid without capabilities"
    return "runs as the calling (non-root) user"


def fresh_uid() -> int | None:
    """An unused unprivileged uid to run as when we are root (else None: stay who we are)."""
    return _UID_BASE + secrets.randbelow(_UID_SPAN) if os.geteuid() == 0 else None


def base_env(home: str) -> dict[str, str]:
    """The whole environment a confined command gets: nothing of the caller's leaks in."""
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": home,
        "TMPDIR": f"{home}/tmp",
        "LANG": "C.UTF-8",
        "RUST_BACKTRACE": "0",
        # glibc reserves 64 MiB of address space per thread arena; under RLIMIT_AS that would
        # make a handful of threads look like a memory bomb.
        "MALLOC_ARENA_MAX": "2",
    }


def rlimit_prefix(limits: ProcessLimits | None) -> list[str]:
    """``prlimit`` options that bound the command; the CPU hard limit follows the soft SIGXCPU."""
    if limits is None:
        return []
    return [
        tool("prlimit"),
        f"--as={limits.memory_bytes}",
        f"--cpu={limits.cpu_seconds}:{limits.cpu_seconds + 1}",
        f"--fsize={limits.file_bytes}",
        f"--nproc={limits.processes}",
        f"--nofile={_OPEN_FILES}",
        "--core=0",
        "--",
    ]


def drop_to(uid: int | None) -> list[str]:
    """``setpriv`` options that make the command an unprivileged uid without any capability."""
    if uid is None:
        return []
    return [
        tool("setpriv"), f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
        # Changing uid clears the parent-death signal that `unshare --kill-child` set: set it again.
        "--bounding-set=-all", "--inh-caps=-all", "--no-new-privs", "--pdeathsig", "KILL", "--",
    ]


class _OwnRootJail(Jail):
    """A jail with its own root: the crate and the toolchain at fixed public paths, read by the sandbox uid."""

    def crate_path(self, crate_dir: Path) -> str:
        return CRATE_MOUNT

    def toolchain_path(self, sysroot: Path) -> str:
        return TOOLCHAIN_MOUNT

    def compile_uid(self, run_uid: int | None) -> int | None:
        # The sysroot is mounted at a public path, so even a ~root/.rustup toolchain is readable.
        return run_uid

    def shares_toolchain(self, sysroot: Path, run_uid: int | None) -> bool:
        return True  # mounted read-only at /toolchain for both phases


class BwrapJail(_OwnRootJail):
    """Bubblewrap: new mount/pid/net/ipc/uts namespaces; /usr read-only, the crate read-write."""

    level = IsolationLevel.BWRAP
    note = (
        "bubblewrap: own mount, pid, network, ipc and uts namespaces, "
        "only /usr, the toolchain and the crate visible; rlimits"
    )

    def launch(
        self, command: Sequence[str], *, crate_dir: Path, limits: ProcessLimits | None,
        sysroot: Path | None = None, uid: int | None = None, env: Mapping[str, str] | None = None,
    ) -> Launch:
        argv = [tool("bwrap"), "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
                "--unshare-cgroup-try"]
        if os.geteuid() != 0:
            argv.append("--unshare-user")  # unprivileged bwrap needs it; root drops via setpriv
        # No --new-session: ConfinedProcess already starts bwrap in a session of its own, without
        # a controlling terminal (so no TIOCSTI injection), and a second setsid costs time.
        argv += ["--die-with-parent", "--clearenv"]
        for key, value in (env or base_env(CRATE_MOUNT)).items():
            argv += ["--setenv", key, value]
        argv += ["--ro-bind", "/usr", "/usr"]
        for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
            top = Path("/", name)
            if top.is_symlink():
                argv += ["--symlink", os.readlink(top), str(top)]
            elif top.is_dir():
                argv += ["--ro-bind", str(top), str(top)]
        # ld.so.cache for the loader, alternatives for the `cc` symlink chain rustc links with.
        # bwrap would make /etc owner-only as the parent of a mount; the sandbox uid must pass.
        argv += ["--perms", "0755", "--dir", "/etc"]
        for etc in ("/etc/ld.so.cache", "/etc/alternatives"):
            argv += ["--ro-bind-try", etc, etc]
        argv += ["--proc", "/proc"]
        # Only the harmless devices: no tty or pty to talk to, and fewer mounts than --dev.
        argv += ["--perms", "0755", "--dir", "/dev"]
        for device in _DEVICES:
            argv += ["--dev-bind-try", device, device]
        if sysroot is not None:
            argv += ["--ro-bind", str(sysroot), TOOLCHAIN_MOUNT]
        # /tmp is the crate's own tmp dir: writes there land inside the run's temp tree.
        argv += ["--bind", str(crate_dir), CRATE_MOUNT, "--bind", str(crate_dir / "tmp"), "/tmp",
                 "--chdir", CRATE_MOUNT, "--"]
        argv += drop_to(uid) + rlimit_prefix(limits) + list(command)
        return Launch(tuple(argv), crate_dir, {"PATH": "/usr/bin:/bin"}, signal_in_status=True)


class UnshareJail(_OwnRootJail):
    """Fallback without bubblewrap: util-linux ``unshare`` and a root file system built by a script.

    Inside new mount, pid, network, ipc and uts namespaces a small shell script does what
    bubblewrap would: a fresh tmpfs becomes the root, holding read-only binds of /usr (and the
    /lib* dirs), ld.so.cache, /etc/alternatives and the toolchain at /toolchain, the harmless
    devices, a new /proc, and the crate at /crate; /tmp, /var/tmp and /dev/shm are the crate's
    own tmp dir. The command then runs ``chroot``ed there as the unprivileged sandbox uid with no
    capabilities (so it cannot chroot back out), and sees no other host file, socket or tmp dir.
    """

    level = IsolationLevel.UNSHARE
    note = (
        "weaker isolation (util-linux unshare, no bubblewrap): own mount, pid, network, ipc and uts "
        "namespaces, a chroot with only /usr, the toolchain and the crate; rlimits"
    )

    def launch(
        self, command: Sequence[str], *, crate_dir: Path, limits: ProcessLimits | None,
        sysroot: Path | None = None, uid: int | None = None, env: Mapping[str, str] | None = None,
    ) -> Launch:
        new_root = crate_dir.parent / "root"
        new_root.mkdir(exist_ok=True)
        # unshare has no --die-with-parent: without this a kill -9 of sleepy leaves the jail running.
        argv = [tool("setpriv"), "--pdeathsig", "KILL", "--", tool("unshare")]
        if os.geteuid() != 0:
            argv.append("--map-root-user")
        argv += ["--net", "--pid", "--fork", "--kill-child", "--ipc", "--uts", "--mount",
                 "--propagation", "private", "--"]
        # The inner shell keeps the command from being the namespace's pid 1, which ignores
        # default-action signals such as SIGXCPU, and reports a fatal signal as 128 + n.
        inner = [tool("sh"), "-c", f'cd {CRATE_MOUNT} || exit 125; "$@"; exit $?', "sh"]
        confined = [tool("chroot"), str(new_root), *drop_to(uid), *rlimit_prefix(limits), *inner, *command]
        setup = _root_setup_script(new_root, crate_dir, sysroot) + "exec " + shlex.join(confined) + "\n"
        argv += [tool("sh"), "-c", setup]
        return Launch(tuple(argv), crate_dir, env or base_env(CRATE_MOUNT), signal_in_status=True)


def _root_setup_script(new_root: Path, crate_dir: Path, sysroot: Path | None) -> str:
    """Shell commands that build the unshare jail's root file system at ``new_root`` (see UnshareJail)."""
    mount, root = tool("mount"), shlex.quote(str(new_root))
    lines = ["set -eu", f"{mount} -t tmpfs -o mode=0755,size=1m,nosuid sleepy-root {root}"]

    def bind(source: str, target: str, *, read_only: bool, is_dir: bool = True) -> None:
        dest = shlex.quote(f"{new_root}{target}")
        lines.append(f"mkdir -p {dest}" if is_dir else f"mkdir -p $(dirname {dest}); : > {dest}")
        lines.append(f"{mount} --rbind {shlex.quote(source)} {dest}")
        if read_only:
            # In a user namespace a source mounted nosuid,nodev (a /home, say) keeps those flags
            # locked, and a remount that does not repeat them is refused.
            remount = f"{mount} -o remount,bind,ro"
            lines.append(f"{remount} {dest} 2>/dev/null || {remount},nosuid,nodev {dest}")

    bind("/usr", "/usr", read_only=True)
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        top = Path("/", name)
        if top.is_symlink():
            lines.append(f"ln -s {shlex.quote(os.readlink(top))} {shlex.quote(f'{new_root}/{name}')}")
        elif top.is_dir():
            bind(str(top), str(top), read_only=True)
    for etc in ("/etc/ld.so.cache", "/etc/alternatives"):
        if os.path.exists(etc):
            bind(etc, etc, read_only=True, is_dir=os.path.isdir(etc))
    for device in _DEVICES:
        if os.path.exists(device):
            bind(device, device, read_only=False, is_dir=False)
    if sysroot is not None:
        bind(str(sysroot), TOOLCHAIN_MOUNT, read_only=True)
    bind(str(crate_dir), CRATE_MOUNT, read_only=False)
    # Every tmp dir a program might use is the crate's own: nothing is shared with the host's.
    for tmp in ("/tmp", "/var/tmp", "/dev/shm"):
        bind(str(crate_dir / "tmp"), tmp, read_only=False)
    lines.append(f"mkdir -p {root}/proc && {mount} -t proc -o nosuid,nodev,noexec proc {root}/proc")
    lines.append(f"{mount} -o remount,bind,ro {root}")
    return "\n".join(lines) + "\n"


class NoJail(Jail):
    """No isolation at all, only rlimits: never for model-written code outside tests."""

    level = IsolationLevel.NONE
    note = "no isolation: rlimits only, the test program runs as the caller"

    def __init__(self) -> None:
        self.note = type(self).note + ("; as root, so RLIMIT_NPROC is not enforced" if os.geteuid() == 0 else "")

    def launch(
        self, command: Sequence[str], *, crate_dir: Path, limits: ProcessLimits | None,
        sysroot: Path | None = None, uid: int | None = None, env: Mapping[str, str] | None = None,
    ) -> Launch:
        argv = rlimit_prefix(limits) + list(command)
        return Launch(tuple(argv), crate_dir, env or base_env(str(crate_dir)), signal_in_status=False)


def select_jail(isolation: str) -> Jail:
    """The jail for ``auto``, ``bwrap``, ``unshare`` or ``none``; raises IsolationUnavailable."""
    if isolation == "none":
        return NoJail()
    if isolation not in ("auto", "bwrap", "unshare"):
        raise ValueError(f"unknown isolation {isolation!r}: use auto, bwrap, unshare or none")
    problems: list[str] = []
    for level in (IsolationLevel.BWRAP, IsolationLevel.UNSHARE):
        if isolation in ("auto", level.value):
            problem = probe(level)
            if problem is None:
                jail = _JAILS[level]()
                if problems:
                    jail.note = f"{jail.note} (fell back: {'; '.join(problems)})"
                return jail
            problems.append(f"{level.value}: {problem}")
    raise IsolationUnavailable("no usable sandbox isolation: " + "; ".join(problems))


@functools.cache
def probe(level: IsolationLevel) -> str | None:
    """Why ``level`` cannot run a command here (None: it can); checked once per process."""
    try:
        jail = _JAILS[level]()
        with tempfile.TemporaryDirectory(prefix=f"sleepy-probe-{os.getpid()}-") as tmp:
            crate = Path(tmp, "crate")
            (crate / "tmp").mkdir(parents=True)
            uid = fresh_uid()
            if uid is not None:
                os.chmod(tmp, 0o711)
                for path in (crate, crate / "tmp"):
                    os.chown(path, uid, uid)
            launch = jail.launch(["/bin/sh", "-c", "exit 0"], crate_dir=crate, limits=ProcessLimits(), uid=uid)
            done = subprocess.run(
                launch.argv, cwd=launch.cwd, env=dict(launch.env), stdin=subprocess.DEVNULL,
                capture_output=True, timeout=_PROBE_TIMEOUT_S, check=False,
            )
    except (OSError, subprocess.SubprocessError, IsolationUnavailable) as exc:
        return str(exc)
    if done.returncode != 0:
        return done.stderr.decode(errors="replace").strip() or f"exit status {done.returncode}"
    return None


def _world_readable(path: Path) -> bool:
    # Every directory down to the sysroot must let others through (a toolchain in ~root does not).
    try:
        return all(os.stat(p).st_mode & stat.S_IXOTH for p in (path, *path.parents))
    except OSError:
        return False


def tool(name: str) -> str:
    """Absolute path of a system tool under /usr or /; raises IsolationUnavailable when missing."""
    found = shutil.which(name, path="/usr/bin:/bin:/usr/sbin:/sbin")
    if found is None:
        package = "bubblewrap" if name == "bwrap" else "util-linux"
        raise IsolationUnavailable(f"`{name}` not found in /usr/bin, /bin, /usr/sbin or /sbin (install {package})")
    return found


_JAILS: dict[IsolationLevel, type[Jail]] = {
    IsolationLevel.BWRAP: BwrapJail,
    IsolationLevel.UNSHARE: UnshareJail,
    IsolationLevel.NONE: NoJail,
}
