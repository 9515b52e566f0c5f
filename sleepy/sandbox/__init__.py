"""The sandbox: model-written Rust is compiled and run only here, confined and resource-limited."""

from sleepy.sandbox.isolation import IsolationLevel, IsolationUnavailable
from sleepy.sandbox.libtest import TestFailure, TestSummary, parse_libtest
from sleepy.sandbox.limits import COMPILE_LIMITS, Limits, ProcessLimits
from sleepy.sandbox.policy import Violation, check_files
from sleepy.sandbox.result import Mode, Outcome, SandboxResult
from sleepy.sandbox.runner import Sandbox
from sleepy.sandbox.target import CRATE_KINDS, EDITIONS, CrateKind, CrateTarget, Edition
from sleepy.sandbox.toolchain import Toolchain, ToolchainError

__all__ = [
    "COMPILE_LIMITS",
    "CRATE_KINDS",
    "EDITIONS",
    "CrateKind",
    "CrateTarget",
    "Edition",
    "IsolationLevel",
    "IsolationUnavailable",
    "Limits",
    "Mode",
    "Outcome",
    "ProcessLimits",
    "Sandbox",
    "SandboxResult",
    "TestFailure",
    "TestSummary",
    "Toolchain",
    "ToolchainError",
    "Violation",
    "check_files",
    "parse_libtest",
]
