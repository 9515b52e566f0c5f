"""Resource limits of a sandbox run: one set for the compiler, one for the test program."""

from __future__ import annotations

from attrs import field, frozen, validators

KIB = 1024
MIB = 1024 * KIB
GIB = 1024 * MIB


@frozen
class ProcessLimits:
    """Limits of one confined process (and everything it spawns).

    The defaults suit a koan's test program: measured, a small libtest binary runs in 8 MiB of
    address space and a few milliseconds, so these leave ample room for honest code.
    """

    wall_seconds: float = field(default=10.0, validator=[validators.gt(0), validators.le(3600)])
    cpu_seconds: int = field(default=10, validator=[validators.ge(1), validators.le(3600)])
    memory_bytes: int = field(default=512 * MIB, validator=validators.ge(16 * MIB))  # RLIMIT_AS
    file_bytes: int = field(default=64 * MIB, validator=validators.ge(1 * MIB))  # RLIMIT_FSIZE, stdout too
    processes: int = field(default=64, validator=validators.ge(4))  # RLIMIT_NPROC: threads count


# rustc maps its ~150 MiB driver library and a test build failed below 512 MiB of address space
# (measured on rustc 1.95), so compiling gets 4x that; the linked test binary is a few MiB.
COMPILE_LIMITS = ProcessLimits(
    wall_seconds=60.0, cpu_seconds=60, memory_bytes=2 * GIB, file_bytes=256 * MIB, processes=128
)


@frozen
class AttemptBudget:
    """What one attempt may use in all, every process of it together (the compiler included).

    Enforced by a cgroup (memory, tasks) and a size-capped tmpfs scratch dir (disk) where the
    machine offers them; see cgroup.py and scratch.py for the fallback. Tmpfs pages written by
    the attempt count against its memory too. Measured on 11 koans (test and clippy modes, cgroup
    v1), an attempt peaked at 30 MiB charged, 12 tasks and 1 MiB of files, so these leave ample
    room for honest code; 12 processes of 400 MiB each or 80 files of 62 MiB are stopped.
    """

    memory_bytes: int = field(default=1 * GIB, validator=validators.ge(64 * MIB))
    tasks: int = field(default=256, validator=validators.ge(16))  # processes and threads
    disk_bytes: int = field(default=512 * MIB, validator=validators.ge(16 * MIB))


@frozen
class Limits:
    """Everything a Sandbox bounds: the compiler, the test program, and how much output is kept."""

    run: ProcessLimits = field(factory=ProcessLimits)
    compile: ProcessLimits = field(default=COMPILE_LIMITS)
    budget: AttemptBudget = field(factory=AttemptBudget)
    # Kept per stream of the test program (head and tail); the rest is dropped and the result
    # says it was truncated.
    output_bytes: int = field(default=64 * KIB, validator=validators.ge(1 * KIB))
    # rustc's JSON is parsed, and every diagnostic carries its long explanation (~5 KiB), so
    # the compiler's stream gets more room.
    compiler_output_bytes: int = field(default=1 * MIB, validator=validators.ge(1 * KIB))
