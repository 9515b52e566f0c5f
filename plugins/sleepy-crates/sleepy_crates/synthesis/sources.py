"""A crate's mutable source: the files its build compiles that are not test code, and its source hash."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path, PurePosixPath

from tree_sitter import Node

from sleepy_crates.rust_syntax import parse

# Directories whose files are never library code, and directories never hashed.
_NOT_LIBRARY = frozenset({"tests", "benches", "examples", "target", ".cargo"})
_NOT_SOURCE = frozenset({"target", ".git", ".hg", ".svn"})
# `#[cfg(test)]`, `#[cfg(all(test, ...))]`; never `not(test)`.
_CFG_TEST = re.compile(r"^#\[cfg\((test|all\(.*\btest\b.*)\)\]$")
_JAIL_CRATE = "/crate/"  # where the sandbox shows the crate: dep-info names files there


def source_hash(root: Path) -> str:
    """sha256 over every file's relative path and bytes (build output and VCS data left out)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not _NOT_SOURCE & set(p.relative_to(root).parts)):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def library_files(crate: Path) -> list[str]:
    """The crate's non-test source files, crate-relative, sorted.

    The build's dep-info (``target/debug/deps/*.d`` of the pristine build, when there is one) says
    which files cargo compiled, which leaves out modules behind a disabled feature; tests,
    benches, examples, build scripts and modules declared under ``#[cfg(test)]`` are left out too.
    """
    compiled = _compiled_files(crate)
    candidates = compiled if compiled else {p.relative_to(crate).as_posix() for p in crate.rglob("*.rs")}
    files = {rel for rel in candidates
             if not _NOT_LIBRARY & set(PurePosixPath(rel).parts[:-1]) and PurePosixPath(rel).name != "build.rs"}
    test_only = {module for rel in files for module in test_modules(crate, rel)}
    return sorted(files - test_only)


def test_modules(crate: Path, rel: str) -> list[str]:
    """Files of the modules that ``rel`` declares under ``#[cfg(test)]`` (``#[cfg(test)] mod test;``)."""
    source = (crate / rel).read_bytes()
    here = PurePosixPath(rel)
    # `mod x;` in lib.rs, main.rs or mod.rs lives next to it; in foo.rs, under foo/.
    base = here.parent if here.name in ("lib.rs", "main.rs", "mod.rs") else here.parent / here.stem
    found = []
    for node in _declared_modules(parse(source).root_node):
        name = node.child_by_field_name("name")
        if name is None or not _under_cfg_test(node, source):
            continue
        module = source[name.start_byte:name.end_byte].decode()
        for candidate in (base / f"{module}.rs", base / module / "mod.rs"):
            if (crate / candidate).is_file():
                found.append(candidate.as_posix())
    return found


def _declared_modules(root: Node) -> list[Node]:
    found = []
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "mod_item" and node.child_by_field_name("body") is None:
            found.append(node)
        stack.extend(node.named_children)
    return found


def _under_cfg_test(item: Node, source: bytes) -> bool:
    sibling = item.prev_named_sibling
    while sibling is not None and sibling.type in ("attribute_item", "line_comment", "block_comment"):
        text = re.sub(r"\s+", "", source[sibling.start_byte:sibling.end_byte].decode())
        if sibling.type == "attribute_item" and _CFG_TEST.match(text) and "not(test" not in text:
            return True
        sibling = sibling.prev_named_sibling
    return False


def _compiled_files(crate: Path) -> set[str]:
    """Crate-relative .rs files named by the dep-info files of a build of ``crate`` (empty: no build)."""
    found: set[str] = set()
    deps = crate / "target" / "debug" / "deps"
    if not deps.is_dir():
        return found
    roots = (_JAIL_CRATE, f"{crate.resolve()}/")
    for info in deps.glob("*.d"):
        for line in info.read_text(encoding="utf-8", errors="replace").splitlines():
            path = line.split(":", 1)[0].strip()
            for root in roots:
                if path.startswith(root) and path.endswith(".rs"):
                    found.add(path[len(root):])
    return found
