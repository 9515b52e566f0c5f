"""Turn how the confined compiler and test program ended into an Outcome and a one-line reason."""

from __future__ import annotations

import signal
from collections.abc import Sequence

from sleepy.diagnostics.model import Diagnostic
from sleepy.diagnostics.signature import primary_error
from sleepy.sandbox.libtest import TestSummary
from sleepy.sandbox.limits import Limits, ProcessLimits
from sleepy.sandbox.process import ProcessReport
from sleepy.sandbox.result import Outcome

# How exhausted limits show up when the program survives to report them itself.
_OUT_OF_MEMORY = ("memory allocation of", "Cannot allocate memory", "os error 12")
_OUT_OF_PROCESSES = ("Resource temporarily unavailable", "os error 11")
_FILE_TOO_LARGE = ("File too large", "os error 27")
_OUT_OF_FILES = ("Too many open files", "os error 24")


def signal_name(number: int | None) -> str | None:
    """``SIGXCPU`` for 24, ``SIG45`` for one Python does not name, None for None."""
    if number is None:
        return None
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"SIG{number}"


def compile_verdict(
    reports: Sequence[ProcessReport], diagnostics: Sequence[Diagnostic], limits: ProcessLimits
) -> tuple[Outcome, str] | None:
    """Outcome of the compile phase, or None when every compiler process succeeded."""
    for report in reports:
        limit = _limit_hit(report, limits, "compiler")
        if limit is not None:
            return limit
    failed = [r for r in reports if r.exit_code != 0]
    if not failed:
        return None
    error = primary_error(diagnostics)
    if error is not None:
        count = sum(1 for d in diagnostics if d.is_error and d.spans)
        code = f"[{error.code}]" if error.code else ""
        more = f" (and {count - 1} more)" if count > 1 else ""
        return Outcome.COMPILE_ERROR, f"error{code}: {error.message}{more}"
    first = failed[0]
    detail = first.stderr.text.strip().splitlines()[:1]
    status = f"signal {signal_name(first.signal)}" if first.signal else f"status {first.exit_code}"
    return Outcome.COMPILE_ERROR, f"compiler exited with {status}" + (f": {detail[0]}" if detail else "")


def run_verdict(report: ProcessReport, summary: TestSummary, limits: Limits) -> tuple[Outcome, str]:
    """Outcome of running the test program."""
    limit = _limit_hit(report, limits.run, "test program")
    if limit is not None:
        return limit
    if report.exit_code == 0 and summary.ok:
        return Outcome.PASSED, ""
    evidence = report.stderr.text + "\n".join(f.message for f in summary.failures)
    if _mentions(evidence, _OUT_OF_MEMORY):
        return Outcome.RESOURCE_LIMIT, f"test program ran out of memory (limit {limits.run.memory_bytes} bytes)"
    if _mentions(evidence, _OUT_OF_PROCESSES):
        return Outcome.RESOURCE_LIMIT, f"test program hit the process limit ({limits.run.processes})"
    if _mentions(evidence, _FILE_TOO_LARGE):
        return Outcome.RESOURCE_LIMIT, f"test program hit the file size limit ({limits.run.file_bytes} bytes)"
    if _mentions(evidence, _OUT_OF_FILES):
        return Outcome.RESOURCE_LIMIT, "test program ran out of file descriptors"
    if report.signal is not None:
        where = f" in `{summary.running}`" if summary.running else ""
        if "has overflowed its stack" in report.stderr.text:
            return Outcome.TEST_FAILURE, f"stack overflow{where}"
        return Outcome.TEST_FAILURE, f"test program killed by {signal_name(report.signal)}{where}"
    if summary.failed:
        names = ", ".join(summary.failing_names) or "?"
        return Outcome.TEST_FAILURE, f"{summary.failed} of {summary.total} tests failed: {names}"
    if summary.finished and report.exit_code == 0:
        return Outcome.PASSED, ""
    return Outcome.TEST_FAILURE, f"test program exited with status {report.exit_code} without a test summary"


def _limit_hit(report: ProcessReport, limits: ProcessLimits, who: str) -> tuple[Outcome, str] | None:
    if report.timed_out:
        return Outcome.TIMEOUT, f"{who} exceeded the wall time limit ({limits.wall_seconds:g} s)"
    if report.signal == signal.SIGXCPU:
        return Outcome.TIMEOUT, f"{who} exceeded the CPU time limit ({limits.cpu_seconds} s)"
    if report.signal == signal.SIGXFSZ:
        return Outcome.RESOURCE_LIMIT, (
            f"{who} exceeded the file size limit ({limits.file_bytes} bytes; output counts)"
        )
    if report.signal == signal.SIGKILL:
        # Not ours (that is timed_out): the CPU hard limit or the kernel's OOM killer.
        return Outcome.RESOURCE_LIMIT, f"{who} was killed (SIGKILL): CPU hard limit or out of memory"
    if report.signal is not None and _mentions(report.stderr.text, ("memory allocation of",)):
        return Outcome.RESOURCE_LIMIT, f"{who} ran out of memory (limit {limits.memory_bytes} bytes)"
    return None


def _mentions(text: str, markers: Sequence[str]) -> bool:
    return any(marker in text for marker in markers)
