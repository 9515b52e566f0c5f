"""Read cargo's ``--message-format=json`` stream and libtest's output of each test binary."""

from __future__ import annotations

import json
import re

from attrs import frozen

from sleepy.diagnostics.model import Diagnostic
from sleepy.diagnostics.parse import diagnostic_from_json, unique_diagnostics
from sleepy.sandbox.libtest import TestSummary
from sleepy.sandbox.project.results import CargoTestCase, CargoUnit, CaseOutcome

# Kinds that are all "the library" to a person reading a binary key.
_LIB_KINDS = frozenset({"lib", "rlib", "dylib", "cdylib", "staticlib", "proc-macro"})
# "test tests::x - should panic ... ok": the note after " - " is not part of a unit test's name,
# but a doc test's name has one of its own: "src/lib.rs - hamming (line 51) - compile fail ... ok".
_UNIT_STATUS_RE = re.compile(r"^test (\S+)(?: - [^\n]*?)? \.\.\. (ok|FAILED|ignored)\b", re.MULTILINE)
_DOC_STATUS_RE = re.compile(r"^test (.+? \(line \d+\))(?: - [^\n]*?)? \.\.\. (ok|FAILED|ignored)\b", re.MULTILINE)
_DOC_SECTION_RE = re.compile(r"^---- (.+? \(line \d+\)) stdout ----$", re.MULTILINE)
_OUTCOMES = {"ok": CaseOutcome.PASSED, "FAILED": CaseOutcome.FAILED, "ignored": CaseOutcome.IGNORED}


@frozen
class CargoBuild:
    """What ``cargo test --no-run --message-format=json`` said: units built and compiler diagnostics."""

    units: tuple[CargoUnit, ...]
    diagnostics: tuple[Diagnostic, ...]
    success: bool | None  # from the final build-finished message; None when the stream stopped early

    def test_binaries(self) -> dict[str, str]:
        """Binary key ("lib:strsim", "test:lib") -> its executable, for the units built as test harnesses."""
        return {binary_key(u.kind, u.name): u.executable for u in self.units if u.test and u.executable}


def binary_key(kind: str, name: str) -> str:
    """The key of a test binary: ``lib:NAME``, ``test:NAME``, ``bin:NAME``, ``doc:NAME``."""
    return f"{'lib' if kind in _LIB_KINDS else kind}:{name}"


def parse_cargo_json(stdout: str) -> CargoBuild:
    """Parse cargo's JSON messages; lines that are not JSON (a truncated one) are skipped."""
    units: list[CargoUnit] = []
    diagnostics: list[Diagnostic] = []
    success: bool | None = None
    for line in stdout.splitlines():
        if not line.startswith("{"):
            continue
        try:
            message = json.loads(line)
        except json.JSONDecodeError:
            continue
        reason = message.get("reason")
        if reason == "compiler-message" and isinstance(message.get("message"), dict):
            diagnostics.append(diagnostic_from_json(message["message"], raw=json.dumps(message["message"])))
        elif reason == "compiler-artifact":
            target = message.get("target", {})
            kinds = target.get("kind") or ["?"]
            units.append(CargoUnit(
                package=_package(str(message.get("package_id", ""))), kind=str(kinds[0]),
                name=str(target.get("name", "")), test=bool(message.get("profile", {}).get("test")),
                fresh=bool(message.get("fresh")), executable=message.get("executable"),
            ))
        elif reason == "build-finished":
            success = bool(message.get("success"))
    return CargoBuild(tuple(units), unique_diagnostics(diagnostics), success)


def _package(package_id: str) -> str:
    # Cargo >= 1.77: "path+file:///crate#strsim@0.10.0" (or "...#0.10.0" when the dir is the name);
    # before: "strsim 0.10.0 (path+file:///crate)".
    if "#" in package_id:
        fragment = package_id.rsplit("#", 1)[1]
        if "@" in fragment:
            return fragment
        return f"{package_id.rsplit('/', 1)[-1].split('#')[0]}@{fragment}"
    name, _, rest = package_id.partition(" ")
    return f"{name}@{rest.split(' ')[0]}" if rest else package_id


def keyed_cases(binary: str, stdout: str, summary: TestSummary, *, doc: bool = False) -> tuple[CargoTestCase, ...]:
    """Every test libtest reported for one binary, with the panic message of each failure."""
    pattern = _DOC_STATUS_RE if doc else _UNIT_STATUS_RE
    statuses = {m.group(1): _OUTCOMES[m.group(2)] for m in pattern.finditer(stdout)}
    messages = {f.name: f.message for f in summary.failures}
    if doc:
        messages.update(_doc_failure_messages(stdout))
    return tuple(
        CargoTestCase(binary, name, outcome, messages.get(name, "") if outcome is CaseOutcome.FAILED else "")
        for name, outcome in statuses.items()
    )


def _doc_failure_messages(stdout: str) -> dict[str, str]:
    # libtest's section header allows no spaces in a name, so the shared parser misses doc tests.
    headers = list(_DOC_SECTION_RE.finditer(stdout))
    found = {}
    for k, header in enumerate(headers):
        end = headers[k + 1].start() if k + 1 < len(headers) else stdout.find("\nfailures:\n", header.end())
        body = stdout[header.end() : end if end >= 0 else len(stdout)].strip()
        panic = re.search(r"panicked at [^\n]*:\n([^\n]+)", body)
        error = re.search(r"^error(?:\[E\d+\])?: [^\n]+", body, re.MULTILINE)
        found[header.group(1)] = (panic.group(1) if panic else error.group(0) if error else body[:200]).strip()
    return found
