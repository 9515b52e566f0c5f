"""The completion proof for a crate task: a guard in each deciding test, one proof module per test binary.

The koan verdict's proof (proof.py) is reused as is: the module goes at the end of each test
binary's crate root (the library's root for its unit tests, `tests/NAME.rs` for an integration
test), where every test module of that binary can name it as `crate::__sleepy_proof`; each deciding
`#[test]` function gets the guard as its first statement. Both are added on existing lines or after
the last one, so rustc's line numbers still match the files the model saw. The candidate's code
could name the module too (its `Guard` is crate-visible), so the cheat policy refuses every name
starting with `__sleepy` in the editable lines.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath

from attrs import frozen

from sleepy.verdict.proof import RUST_PROOF_MODULE
from sleepy.verdict.test_module import (
    PROOF_MODULE,
    ProvedTest,
    TestFunction,
    TestModuleError,
    guard_statement,
    insert_at,
    test_functions,
)

_PROOF_ITEM = f"#[cfg(test)] {RUST_PROOF_MODULE}\n"


class ProjectProofError(ValueError):
    """The deciding tests cannot be given a completion proof (not found, or in a binary it cannot cover)."""


@frozen
class ProvedProject:
    """The instrumented files to lay over the project, and each test binary's deciding tests."""

    files: Mapping[str, str]  # project-relative path -> instrumented text
    tests: Mapping[str, tuple[ProvedTest, ...]]  # binary key -> the tests whose completion it proves


def instrument_project(
    root: Path, sources: Mapping[str, str], selection: Mapping[str, Sequence[str]],
) -> ProvedProject:
    """Instrument the deciding tests named by ``selection`` (binary key -> test names).

    ``root`` is the pristine project; ``sources`` are texts that replace its files (the candidate's).
    """
    out: dict[str, str] = {}

    def text(rel: str) -> str:
        if rel in out:
            return out[rel]
        if rel in sources:
            return sources[rel]
        return (root / rel).read_text(encoding="utf-8")

    proved: dict[str, tuple[ProvedTest, ...]] = {}
    for binary, names in sorted(selection.items()):
        if not names:
            raise ProjectProofError(f"{binary}: the task names no deciding tests (an empty list means all)")
        crate_root, files = _binary_files(root, binary)
        index = {name: i for i, name in enumerate(names)}
        found: dict[str, TestFunction] = {}
        for rel, modules in files:
            source = text(rel)
            try:
                functions = test_functions(source)
            except TestModuleError as exc:
                raise ProjectProofError(f"{rel}: {exc}") from None
            edits = []
            for function in functions:
                name = "::".join([*modules, *function.modules, function.name])
                if name in index:
                    # Every match gets the guard: a test defined twice under different cfgs runs once.
                    edits.append((function.body, guard_statement(f"crate::{PROOF_MODULE}", index[name])))
                    found[name] = function
            if edits:
                out[rel] = insert_at(source, edits)
        missing = [name for name in names if name not in found]
        if missing:
            raise ProjectProofError(f"{binary}: no `#[test] fn` found for the deciding test `{missing[0]}`")
        root_text = text(crate_root)
        out[crate_root] = root_text + ("" if root_text.endswith("\n") or not root_text else "\n") + _PROOF_ITEM
        proved[binary] = tuple(
            ProvedTest(index[name], name, found[name].should_panic, found[name].ignored) for name in names
        )
    return ProvedProject(out, proved)


def _binary_files(root: Path, binary: str) -> tuple[str, list[tuple[str, tuple[str, ...]]]]:
    """A test binary's crate root and the files that may hold its modules, each with its module path."""
    kind, _, target = binary.partition(":")
    if kind == "lib":
        crate_root = _lib_path(root)
        base = PurePosixPath(crate_root).parent
        skip_top_level = False
    elif kind == "test":
        crate_root = next((rel for rel in (f"tests/{target}.rs", f"tests/{target}/main.rs")
                           if (root / rel).is_file()), "")
        if not crate_root:
            raise ProjectProofError(f"{binary}: neither tests/{target}.rs nor tests/{target}/main.rs exists")
        base = PurePosixPath(crate_root).parent
        skip_top_level = base == PurePosixPath("tests")  # the other files there are test binaries of their own
    else:
        raise ProjectProofError(f"{binary}: the completion proof covers unit tests (lib:) and tests/ binaries "
                                "(test:) only")
    files: list[tuple[str, tuple[str, ...]]] = [(crate_root, ())]
    for path in sorted((root / base).rglob("*.rs")):
        rel = path.relative_to(root).as_posix()
        parts = PurePosixPath(rel).relative_to(base).parts
        if rel == crate_root or (skip_top_level and len(parts) == 1):
            continue
        if kind == "lib" and base == PurePosixPath("src") and (parts == ("main.rs",) or parts[0] == "bin"):
            continue  # binaries of their own
        modules = tuple(parts[:-1]) + (() if parts[-1] == "mod.rs" else (parts[-1].removesuffix(".rs"),))
        files.append((rel, modules))
    return crate_root, files


def _lib_path(root: Path) -> str:
    manifest = root / "Cargo.toml"
    try:
        lib = tomllib.loads(manifest.read_text(encoding="utf-8")).get("lib", {})
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ProjectProofError(f"{manifest}: cannot read it: {exc}") from None
    path = lib.get("path", "src/lib.rs") if isinstance(lib, dict) else "src/lib.rs"
    if not isinstance(path, str) or not (root / path).is_file():
        raise ProjectProofError(f"{manifest}: the library's root {path!r} does not exist")
    return PurePosixPath(path).as_posix()
