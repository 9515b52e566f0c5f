"""The completion proof: each original test writes `<secret> returned|panicked <index>` when it ends.

The secret is drawn fresh for every run and reaches the test program only on its stdin, which the
first test's guard reads to the end before any candidate code can run; the candidate's code is
fixed before the secret exists. So the lines can come only from the guards, never from anything
the candidate prints: a faked libtest summary, a `process::exit(0)` from a test, a `Drop` or a
panic hook all leave a test without its line.
"""

from __future__ import annotations

import re
import secrets

from attrs import frozen

from sleepy.verdict.test_module import PROOF_MODULE, ProvedTest

# One line, so the lines after it keep their numbers. Every path is absolute and no macro is
# called by a bare name: the candidate's items and macros are in scope in the test module. Only
# `::std` paths: edition 2015 resolves `::core` only after an `extern crate core`.
RUST_PROOF_MODULE = (
    f"#[allow(dead_code)] mod {PROOF_MODULE} {{ "
    "static SECRET: ::std::sync::OnceLock<::std::string::String> = ::std::sync::OnceLock::new(); "
    "pub(super) struct Guard(usize); "
    "impl Guard { pub(super) fn enter(index: usize) -> Guard { SECRET.get_or_init(|| { "
    "let mut text = ::std::string::String::new(); "
    "let _ = ::std::io::Read::read_to_string(&mut ::std::io::stdin(), &mut text); "
    "::std::string::String::from(text.trim()) }); Guard(index) } } "
    "impl ::std::ops::Drop for Guard { fn drop(&mut self) { "
    'let state = if ::std::thread::panicking() { "panicked" } else { "returned" }; '
    'let secret = SECRET.get().map(::std::string::String::as_str).unwrap_or(""); '
    'let line = ::std::format!("\\n{} {} {}\\n", secret, state, self.0); '
    "let _ = ::std::io::Write::write_all(&mut ::std::io::stderr(), line.as_bytes()); } } }"
)


def new_secret() -> str:
    """128 random bits, hex."""
    return secrets.token_hex(16)


@frozen
class ProofReport:
    """How each test ended by its own account; tests without a line did not reach their end."""

    returned: frozenset[int]
    panicked: frozenset[int]

    def missing(self, tests: tuple[ProvedTest, ...]) -> tuple[ProvedTest, ...]:
        """The tests (not ignored) that did not end as they must: returned, or panicked if should_panic."""
        out = []
        for test in tests:
            if test.ignored:
                continue
            ended = self.panicked if test.should_panic else self.returned
            if test.index not in ended:
                out.append(test)
        return tuple(out)


def read_proof(stderr: str, secret: str) -> tuple[ProofReport, str]:
    """The proof lines in the test program's stderr, and that stderr without them."""
    if not secret:
        return ProofReport(frozenset(), frozenset()), stderr
    # Each guard writes "\n<secret> <state> <index>\n"; the leading newline is its own.
    pattern = re.compile(rf"\n?{re.escape(secret)} (returned|panicked) (\d+)\n")
    returned: set[int] = set()
    panicked: set[int] = set()
    for match in pattern.finditer(stderr):
        (returned if match.group(1) == "returned" else panicked).add(int(match.group(2)))
    return ProofReport(frozenset(returned), frozenset(panicked)), pattern.sub("", stderr)
