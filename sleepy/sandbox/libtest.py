"""Read the Rust test harness's (libtest) plain-text output: counts, failures, panic messages."""

from __future__ import annotations

import re

from attrs import frozen

# "test tests::x - should panic ... ok" carries a note between the name and the dots.
_STATUS_RE = re.compile(r"^test (\S+)(?: - [^\n]*?)? \.\.\. (ok|FAILED|ignored)\b", re.MULTILINE)
_STARTED_RE = re.compile(r"^test (\S+)(?: - [^\n]*?)? \.\.\. ?$", re.MULTILINE)
_RESULT_RE = re.compile(
    r"^test result: (ok|FAILED)\. (\d+) passed; (\d+) failed; (\d+) ignored; (\d+) measured; (\d+) filtered out",
    re.MULTILINE,
)
_SECTION_RE = re.compile(r"^---- (\S+) (?:stdout|stderr) ----$", re.MULTILINE)
# Since Rust 1.73: "thread 'x' panicked at src/lib.rs:3:5:\nmessage" (1.92 added a thread id:
# "thread 'x' (3) panicked at"); before 1.73: "thread 'x' panicked at 'message', src/lib.rs:3:5".
_THREAD = r"^thread '[^'\n]*'(?: \(\d+\))? panicked at "
_PANIC_NEW_RE = re.compile(_THREAD + r"([^\n]*?:\d+:\d+):\n", re.MULTILINE)
_PANIC_OLD_RE = re.compile(_THREAD + r"'(.*)', ([^\n]*?:\d+:\d+)$", re.MULTILINE | re.DOTALL)
_NOT_PANICKED_RE = re.compile(r"^note: (test did not panic as expected)(?: at ([^\n]*?:\d+:\d+))?", re.MULTILINE)
_MESSAGE_END_RE = re.compile(r"^(?:note: run with `RUST_BACKTRACE|stack backtrace:|failures:$|---- )", re.MULTILINE)


@frozen
class TestFailure:
    """One failed test: its name, panic message (``assert_eq!`` adds left/right lines) and location."""

    __test__ = False  # not a pytest test class despite the name

    name: str
    message: str
    location: str | None = None  # "src/lib.rs:27:9"
    output: str = ""  # everything the test printed, as libtest showed it


@frozen
class TestSummary:
    """What libtest reported; ``finished`` is False when the program died before its summary line."""

    __test__ = False

    passed: int = 0
    failed: int = 0
    ignored: int = 0
    measured: int = 0
    filtered_out: int = 0
    failures: tuple[TestFailure, ...] = ()
    finished: bool = False
    running: str | None = None  # the test that had started but not finished when output stopped

    @property
    def total(self) -> int:
        """Tests that ran or were ignored."""
        return self.passed + self.failed + self.ignored

    @property
    def failing_names(self) -> tuple[str, ...]:
        """Names of the failed tests, in report order."""
        return tuple(f.name for f in self.failures)

    @property
    def ok(self) -> bool:
        """The harness finished and no test failed."""
        return self.finished and self.failed == 0


def parse_libtest(stdout: str) -> TestSummary:
    """Parse libtest's default (pretty) output; works on partial output of a killed program."""
    statuses = {m.group(1): m.group(2) for m in _STATUS_RE.finditer(stdout)}
    failures = _failures(stdout, [n for n, s in statuses.items() if s == "FAILED"])
    started = [m.group(1) for m in _STARTED_RE.finditer(stdout)]
    running = next((name for name in reversed(started) if name not in statuses), None)
    # The last summary wins: a test's own output could contain a fake one earlier.
    result = next(reversed(list(_RESULT_RE.finditer(stdout))), None)
    if result is None:
        counts = list(statuses.values())
        return TestSummary(
            passed=counts.count("ok"), failed=counts.count("FAILED"), ignored=counts.count("ignored"),
            failures=failures, finished=False, running=running,
        )
    passed, failed, ignored, measured, filtered = (int(result.group(k)) for k in range(2, 7))
    return TestSummary(passed, failed, ignored, measured, filtered, failures, finished=True, running=None)


def _failures(stdout: str, failed_names: list[str]) -> tuple[TestFailure, ...]:
    sections: dict[str, str] = {}
    headers = list(_SECTION_RE.finditer(stdout))
    for k, header in enumerate(headers):
        end = headers[k + 1].start() if k + 1 < len(headers) else _section_end(stdout, header.end())
        sections.setdefault(header.group(1), "")
        sections[header.group(1)] += stdout[header.end() : end].strip("\n") + "\n"
    names = failed_names + [n for n in sections if n not in failed_names]
    return tuple(_failure(name, sections.get(name, "")) for name in names)


def _section_end(stdout: str, start: int) -> int:
    # The last section runs until the list of failed names ("\nfailures:\n    name").
    found = stdout.find("\nfailures:\n", start)
    return len(stdout) if found < 0 else found


def _failure(name: str, section: str) -> TestFailure:
    new = _PANIC_NEW_RE.search(section)
    if new is not None:
        rest = section[new.end() :]
        stop = _MESSAGE_END_RE.search(rest)
        message = (rest[: stop.start()] if stop else rest).strip()
        return TestFailure(name, message, new.group(1), section.strip())
    old = _PANIC_OLD_RE.search(section)
    if old is not None:
        return TestFailure(name, old.group(1), old.group(2), section.strip())
    not_panicked = _NOT_PANICKED_RE.search(section)
    if not_panicked is not None:
        return TestFailure(name, not_panicked.group(1), not_panicked.group(2), section.strip())
    # A test returning Err prints "Error: ..." and no panic; its first line is the best message.
    first = next((line.strip() for line in section.splitlines() if line.strip()), "")
    return TestFailure(name, first, None, section.strip())
