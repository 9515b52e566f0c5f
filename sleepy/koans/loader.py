"""Reads koans from a directory laid out as ``<root>/<family>/<id>/{koan.toml,lib.rs,fix.rs}``."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import TypeVar

from sleepy.errors import SleepyError
from sleepy.koans.model import BUGGY_FILE, EXPECTED_FAILURE, FIX_FILE, KOAN_FILE, Koan, KoanMeta
from sleepy.records import CHECKS, DEFAULT_MAX_CHANGED_LINES, SPLITS, Check
from sleepy.sandbox.target import CRATE_KINDS, EDITIONS

C = TypeVar("C", bound=str)

FIELDS = frozenset({"id", "family", "expected_failure", "difficulty", "description", "check", "max_changed_lines",
                    "edition", "crate_kind", "split"})


class KoanFormatError(SleepyError):
    """A koan directory is malformed; the message names the file and the field, one line per bad koan."""


def default_koans_dir() -> Path:
    """$SLEEPY_KOANS_DIR, else the `koans/` directory of the source tree sleepy runs from."""
    env = os.environ.get("SLEEPY_KOANS_DIR")
    if env:
        return Path(env)
    candidate = Path(__file__).resolve().parents[2] / "koans"
    if not candidate.is_dir():
        raise KoanFormatError(
            f"no koans directory found (looked for {candidate}); set SLEEPY_KOANS_DIR or the koans task "
            "source's `path` option"
        )
    return candidate


def _field(data: dict[str, object], name: str, kind: type, where: Path) -> object:
    if name not in data:
        raise KoanFormatError(f"{where}: missing field '{name}'")
    value = data[name]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise KoanFormatError(f"{where}: field '{name}': expected {kind.__name__}, got {value!r}")
    return value


def _check(data: dict[str, object], where: Path) -> Check:
    value = data.get("check", "test")
    if value not in CHECKS:
        raise KoanFormatError(f"{where}: field 'check': expected one of {', '.join(CHECKS)}, got {value!r}")
    return "compile" if value == "compile" else "test"


def _choice(data: dict[str, object], name: str, choices: tuple[C, ...], where: Path) -> C | None:
    """The field's value, one of `choices` (a quoted string in TOML); None when the field is absent."""
    if name not in data:
        return None
    value = data[name]
    for choice in choices:
        if isinstance(value, str) and value == choice:
            return choice
    expected = ", ".join(f'"{c}"' for c in choices)
    raise KoanFormatError(f"{where}: field '{name}': expected one of {expected} (a quoted string), got {value!r}")


def _max_changed_lines(data: dict[str, object], where: Path) -> int:
    if "max_changed_lines" not in data:
        return DEFAULT_MAX_CHANGED_LINES
    value = data["max_changed_lines"]
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise KoanFormatError(f"{where}: field 'max_changed_lines': expected a whole number >= 1, got {value!r}")
    return value


def _read_source(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise KoanFormatError(f"{path}: not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {exc.start}); "
                              "save it as UTF-8") from None
    except OSError as exc:
        raise KoanFormatError(f"{path}: cannot read: {exc.strerror or exc}") from None


def load_koan(directory: Path) -> Koan:
    """Read and check one koan directory's files and metadata."""
    meta_path = directory / KOAN_FILE
    for name in (KOAN_FILE, BUGGY_FILE, FIX_FILE):
        if not (directory / name).is_file():
            raise KoanFormatError(f"{directory}: missing {name}")
    try:
        data = tomllib.loads(meta_path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise KoanFormatError(f"{meta_path}: invalid TOML: {exc}") from None
    extra = sorted(set(data) - FIELDS)
    if extra:
        raise KoanFormatError(
            f"{meta_path}: unknown field(s) {', '.join(extra)} (expected: {', '.join(sorted(FIELDS))})")
    meta = KoanMeta(
        id=str(_field(data, "id", str, meta_path)),
        family=str(_field(data, "family", str, meta_path)),
        expected_failure=str(_field(data, "expected_failure", str, meta_path)),
        difficulty=int(_field(data, "difficulty", int, meta_path)),  # type: ignore[call-overload]
        description=str(_field(data, "description", str, meta_path)),
        check=_check(data, meta_path),
        max_changed_lines=_max_changed_lines(data, meta_path),
        edition=_choice(data, "edition", EDITIONS, meta_path) or "2021",
        crate_kind=_choice(data, "crate_kind", CRATE_KINDS, meta_path) or "lib",
        split=_choice(data, "split", SPLITS, meta_path),
    )
    if meta.id != directory.name:
        raise KoanFormatError(f"{meta_path}: field 'id' is {meta.id!r} but the directory is {directory.name!r}")
    if meta.family != directory.parent.name:
        raise KoanFormatError(
            f"{meta_path}: field 'family' is {meta.family!r} but the koan lives under {directory.parent.name!r}")
    if not EXPECTED_FAILURE.match(meta.expected_failure):
        raise KoanFormatError(f"{meta_path}: field 'expected_failure': expected a rustc code like 'E0382', "
                              f"'compile_error' or 'test_failure', got {meta.expected_failure!r}")
    if meta.difficulty not in (1, 2, 3):
        raise KoanFormatError(f"{meta_path}: field 'difficulty': expected 1, 2 or 3, got {meta.difficulty}")
    if not meta.description.strip() or "\n" in meta.description.strip():
        raise KoanFormatError(f"{meta_path}: field 'description': expected one non-empty line")
    buggy = _read_source(directory / BUGGY_FILE)
    fix = _read_source(directory / FIX_FILE)
    return Koan(meta=meta, path=directory, buggy=buggy, fix=fix)


def load_koans(root: Path) -> list[Koan]:
    """Every koan under `root`, sorted by id; ids must be unique. Raises one error naming every bad koan."""
    if not root.is_dir():
        raise KoanFormatError(f"{root}: not a directory of koans")
    koans, problems = [], []
    for directory in sorted(root.glob("*/*")):
        if directory.is_dir() and (directory / KOAN_FILE).exists():
            try:
                koans.append(load_koan(directory))
            except KoanFormatError as exc:
                problems.append(str(exc))  # keep going: one report names every bad koan
    seen: dict[str, Path] = {}
    for koan in koans:
        if koan.id in seen:
            problems.append(f"koan id {koan.id!r} appears twice: {seen[koan.id]} and {koan.path}")
        seen[koan.id] = koan.path
    if problems:
        raise KoanFormatError("\n".join(problems))
    return sorted(koans, key=lambda k: k.id)
