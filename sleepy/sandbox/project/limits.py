"""Resource limits for building and testing a whole Cargo project: larger than a koan's, still bounded."""

from __future__ import annotations

from attrs import field, frozen, validators

from sleepy.sandbox.limits import GIB, KIB, MIB, AttemptBudget, ProcessLimits

# cargo and each rustc it starts get these (RLIMIT_AS is per process: rustc maps ~150 MiB of
# driver and LLVM wants more for a crate than for a koan).
BUILD_LIMITS = ProcessLimits(wall_seconds=300.0, cpu_seconds=600, memory_bytes=4 * GIB, file_bytes=1 * GIB,
                             processes=256)
# Each test binary: a packaged crate's own suite runs in well under a second per binary here.
RUN_LIMITS = ProcessLimits(wall_seconds=60.0, cpu_seconds=60, memory_bytes=1 * GIB, file_bytes=64 * MIB,
                           processes=64)
# The whole attempt (cargo, rustc, the tests together); the scratch tmpfs holds the copied
# project and its cached target dir (strsim's: ~30 MiB) plus what the rebuild writes.
PROJECT_BUDGET = AttemptBudget(memory_bytes=3 * GIB, tasks=512, disk_bytes=512 * MIB)


@frozen
class ProjectLimits:
    """What a project attempt may use: the build (cargo and rustc), each test binary, and all together."""

    build: ProcessLimits = field(default=BUILD_LIMITS)
    run: ProcessLimits = field(default=RUN_LIMITS)
    budget: AttemptBudget = field(default=PROJECT_BUDGET)
    # The pristine build that fills the cache compiles every dependency, so it gets longer.
    cache_build_wall_seconds: float = field(default=1800.0, validator=[validators.gt(0), validators.le(3600)])
    output_bytes: int = field(default=1 * MIB, validator=validators.ge(1 * KIB))  # per test binary stream
    compiler_output_bytes: int = field(default=8 * MIB, validator=validators.ge(1 * KIB))  # cargo's JSON
