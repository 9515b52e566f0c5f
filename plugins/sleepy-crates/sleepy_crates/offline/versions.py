"""Just enough of Cargo's semver to order registry versions and ask whether one meets a requirement.

Used to decide, before cargo runs, whether a dependency can be resolved from the registry
directory; cargo itself stays the judge when the build runs.
"""

from __future__ import annotations

import re

from attrs import frozen

_VERSION_RE = re.compile(r"(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?")
_PART = r"(?:\.(\d+|\*|x|X))?"
_COMPARATOR_RE = re.compile(rf"(\^|~|=|>=|<=|>|<)?\s*(\d+|\*){_PART}{_PART}(?:-([0-9A-Za-z.-]+))?")


@frozen(order=True)
class Version:
    """A semantic version; orders as semver does (a pre-release sorts before its release)."""

    major: int
    minor: int
    patch: int
    release: bool = True  # no pre-release part: sorts after any pre-release of the same numbers
    pre: tuple[tuple[int, int | str], ...] = ()

    @classmethod
    def parse(cls, text: str) -> Version | None:
        """The version written as ``text``, or None when it is not ``MAJOR.MINOR.PATCH[-PRE][+BUILD]``."""
        match = _VERSION_RE.fullmatch(text.strip())
        if match is None:
            return None
        pre = match.group(4)
        # Numeric identifiers sort below alphanumeric ones; the leading 0/1 keeps the tuple comparable.
        parts = tuple((0, int(p)) if p.isdigit() else (1, p) for p in pre.split(".")) if pre else ()
        return cls(int(match.group(1)), int(match.group(2)), int(match.group(3)), pre is None, parts)

    def __str__(self) -> str:
        pre = ".".join(str(value) for _, value in self.pre)
        return f"{self.major}.{self.minor}.{self.patch}" + (f"-{pre}" if pre else "")


def satisfies(requirement: str, version: Version) -> bool:
    """Whether ``version`` meets a Cargo requirement (``1.0``, ``^0.3``, ``~1.2``, ``>=1, <2``, ``*``).

    A requirement this cannot read counts as met: cargo will say what is wrong with it.
    """
    for comparator in requirement.split(","):
        comparator = comparator.strip()
        if not comparator or comparator == "*":
            continue
        match = _COMPARATOR_RE.fullmatch(comparator)
        if match is None:
            return True
        if not _meets(match, version):
            return False
    return True


def _meets(match: re.Match[str], version: Version) -> bool:
    op = match.group(1) or "^"
    numbers = [match.group(k) for k in (2, 3, 4)]
    given = [int(n) for n in _until_wildcard(numbers)]
    if match.group(5) is None and not version.release and (op in "^~=" or not given):
        return False  # pre-releases match only a requirement that names one
    major, minor, patch = [*given, 0, 0, 0][:3]
    low = Version(major, minor, patch, release=match.group(5) is None)
    have = (version.major, version.minor, version.patch)
    if op == "=":
        return have[: len(given)] == tuple(given)
    if op == ">":
        return have[: len(given)] > tuple(given)
    if op == ">=":
        return version >= low
    if op == "<":
        return have[: len(given)] < tuple(given)
    if op == "<=":
        return have[: len(given)] <= tuple(given)
    if version < low:
        return False
    if op == "~":
        return have[: min(len(given), 2)] == tuple(given[:2])
    # Caret: everything up to the first non-zero number given must stay the same.
    fixed = next((k + 1 for k, n in enumerate(given) if n != 0), len(given))
    return have[:fixed] == tuple(given[:fixed])


def _until_wildcard(numbers: list[str | None]) -> list[str]:
    kept: list[str] = []
    for number in numbers:
        if number is None or not number.isdigit():
            break
        kept.append(number)
    return kept
