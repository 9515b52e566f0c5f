"""Rewrite a crate's Cargo.toml so that it resolves from the registry directory alone, and say what went.

Cargo resolves every dependency into Cargo.lock, optional or not, so an optional dependency the
registry lacks stops an offline build although no feature uses it: it is dropped, with the
features that need it. A dev-dependency the registry lacks is dropped too, and the test and
example targets whose code names it are excluded (the lib's unit tests or doc tests, when they
name it). Every such change is recorded in ``ManifestChanges``; nothing is left out silently.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from attrs import frozen

from sleepy_crates.offline.errors import CrateError, MalformedCrate
from sleepy_crates.offline.registry import Registry
from sleepy_crates.rust_syntax import identifiers

_NORMAL, _DEV, _BUILD = "dependencies", "dev-dependencies", "build-dependencies"
_TABLES = {_NORMAL: _NORMAL, _DEV: _DEV, _BUILD: _BUILD, "dev_dependencies": _DEV, "build_dependencies": _BUILD}
_MOD_RE = re.compile(r"^\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+([A-Za-z_][A-Za-z0-9_]*)\s*;", re.MULTILINE)
_DOC_LINE_RE = re.compile(r"^\s*//[/!](.*)$", re.MULTILINE)


class UnavailableDependency(CrateError):
    """A dependency the crate cannot build without is not in the registry directory."""


@frozen
class DroppedDependency:
    """A dependency removed from Cargo.toml: which table, its name, and why."""

    table: str  # "dependencies", "dev-dependencies", "target.'cfg(windows)'.dependencies", ...
    name: str
    reason: str


@frozen
class ExcludedTarget:
    """A test target (or the lib's unit/doc tests) left out because it needs a dropped dev-dependency."""

    kind: str  # "test", "example", "lib-unit-tests", "lib-doc-tests"
    name: str
    path: str
    needs: tuple[str, ...]


@frozen
class ManifestChanges:
    """Everything the rewrite changed; empty when Cargo.toml was kept as it was."""

    dropped_dependencies: tuple[DroppedDependency, ...] = ()
    dropped_features: tuple[str, ...] = ()
    trimmed_features: tuple[str, ...] = ()  # kept, minus entries naming a dropped dependency
    excluded_targets: tuple[ExcludedTarget, ...] = ()

    @property
    def changed(self) -> bool:
        """Whether Cargo.toml needs rewriting."""
        return bool(self.dropped_dependencies or self.dropped_features or self.trimmed_features
                    or self.excluded_targets)

    def lines(self) -> list[str]:
        """One line per change, for logs, the task manifest and people."""
        out = [f"dropped {d.table}.{d.name}: {d.reason}" for d in self.dropped_dependencies]
        out += [f"dropped feature `{name}`: it needs a dropped dependency" for name in self.dropped_features]
        out += [f"trimmed feature `{name}`: entries naming a dropped dependency removed"
                for name in self.trimmed_features]
        out += [f"excluded {t.kind} `{t.name}` ({t.path}): needs {', '.join(t.needs)}" for t in self.excluded_targets]
        return out


def plan_rewrite(
    data: Mapping[str, Any], crate_dir: Path, registry: Registry, manifest_path: Path | None = None,
) -> tuple[dict[str, Any], ManifestChanges]:
    """The Cargo.toml to write (a new dict) and what changed; raises UnavailableDependency or MalformedCrate."""
    where = manifest_path or crate_dir / "Cargo.toml"
    new = copy.deepcopy(dict(data))
    dropped: list[DroppedDependency] = []
    for label, table, kind in list(_dependency_tables(new, where)):
        for name, spec in list(table.items()):
            reason = _unavailable(name, spec, crate_dir, registry, label, where)
            if reason is None:
                continue
            optional = isinstance(spec, dict) and spec.get("optional") is True
            if kind == _DEV or optional or label.startswith("target."):
                del table[name]
                dropped.append(DroppedDependency(label, name, reason))
            else:
                raise UnavailableDependency(f"{where}: [{label}] `{name}` {reason}; the crate cannot build offline")
    optional_names = {d.name for d in dropped if not d.table.endswith(_DEV)}
    dropped_features, trimmed = _rewrite_features(new, optional_names, where)
    dev_names = sorted({d.name for d in dropped if d.table.endswith(_DEV)})
    excluded = _exclude_targets(new, crate_dir, dev_names, where) if dev_names and "package" in new else []
    return new, ManifestChanges(tuple(dropped), tuple(dropped_features), tuple(trimmed), tuple(excluded))


def _dependency_tables(data: dict[str, Any], where: Path) -> Iterator[tuple[str, dict[str, Any], str]]:
    for key, kind in _TABLES.items():
        if key in data:
            yield key, _table(data[key], key, where), kind
    targets = data.get("target", {})
    if not isinstance(targets, dict):
        raise MalformedCrate(where, "`target` must be a table of cfg(...) or triple tables")
    for spec, section in targets.items():
        if not isinstance(section, dict):
            raise MalformedCrate(where, f"[target.'{spec}'] must be a table")
        for key, kind in _TABLES.items():
            if key in section:
                label = f"target.'{spec}'.{key}"
                yield label, _table(section[key], label, where), kind


def _table(value: object, label: str, where: Path) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise MalformedCrate(where, f"[{label}] must be a table of dependencies")
    return value


def _unavailable(name: str, spec: object, crate_dir: Path, registry: Registry, label: str, where: Path) -> str | None:
    """Why the dependency cannot be had offline, or None when it can."""
    if isinstance(spec, str):
        return None if registry.has(name, spec) else _not_in_registry(name, spec, registry)
    if not isinstance(spec, dict):
        raise MalformedCrate(where, f"[{label}] `{name}` must be a version string or a table")
    if spec.get("workspace") is True:
        return None  # inherited from a workspace root: cargo reads it there
    if "path" in spec:
        path = crate_dir / str(spec["path"])
        if (path / "Cargo.toml").is_file():
            return None
        if "version" not in spec:
            return f"path {spec['path']} has no Cargo.toml"
    elif "git" in spec:
        return f"a git dependency ({spec['git']}) cannot be fetched offline"
    package = str(spec.get("package", name))
    requirement = str(spec.get("version", "*"))
    return None if registry.has(package, requirement) else _not_in_registry(package, requirement, registry)


def _not_in_registry(package: str, requirement: str, registry: Registry) -> str:
    have = [str(version) for version, _ in registry.versions(package)]
    found = f"only {', '.join(have)}" if have else "no version of it"
    return f"needs {package} {requirement} and {registry.root} has {found}"


def _rewrite_features(data: dict[str, Any], gone: set[str], where: Path) -> tuple[list[str], list[str]]:
    """Drop features that need a dropped dependency (transitively); ``default`` and weak uses only lose entries."""
    features = data.get("features")
    if features is None or not gone:
        return [], []
    if not isinstance(features, dict) or not all(isinstance(v, list) for v in features.values()):
        raise MalformedCrate(where, "[features] must map names to lists of strings")
    dropped: list[str] = []
    trimmed: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, entries in list(features.items()):
            strong = [e for e in entries if _names(e, gone, dropped, weak=False)]
            weak = [e for e in entries if _names(e, gone, dropped, weak=True)]
            if strong and name != "default":
                del features[name]
                dropped.append(name)
                changed = True
            elif strong or weak:
                features[name] = [e for e in entries if e not in strong and e not in weak]
                trimmed.add(name)
                changed = True
    return dropped, sorted(trimmed - set(dropped))


def _names(entry: object, deps: set[str], features: list[str], *, weak: bool) -> bool:
    """Whether a feature entry needs a dropped dependency (``weak``: only as ``dep?/feature``)."""
    if not isinstance(entry, str):
        return False
    if weak:
        return "?/" in entry and entry.split("?/", 1)[0] in deps
    head = entry.split("/", 1)[0]
    return (entry.removeprefix("dep:") in deps or (head in deps and "/" in entry) or entry in features)


def _exclude_targets(data: dict[str, Any], crate_dir: Path, dev_names: list[str], where: Path) -> list[ExcludedTarget]:
    """Leave out the targets whose code names a dropped dev-dependency; record each one."""
    idents = {name: name.replace("-", "_") for name in dev_names}
    excluded: list[ExcludedTarget] = []
    for kind, auto_key, default_dir in (("test", "autotests", "tests"), ("example", "autoexamples", "examples")):
        targets = _targets(data, kind, auto_key, default_dir, crate_dir, where)
        kept: list[dict[str, Any]] = []
        for target in targets:
            needs = _uses(crate_dir / target["path"], idents)
            if needs:
                excluded.append(ExcludedTarget(kind, target["name"], target["path"], needs))
            else:
                kept.append(target)
        if len(kept) < len(targets):
            data["package"][auto_key] = False  # keys of [package]; the kept targets become explicit
            data[kind] = kept
    lib = data.setdefault("lib", {})
    lib_name = str(data.get("package", {}).get("name", "lib"))
    lib_root = str(lib.get("path", "src/lib.rs"))
    sources = sorted((crate_dir / lib_root).parent.rglob("*.rs")) if (crate_dir / lib_root).is_file() else []
    unit = tuple(sorted({n for p in sources for n in _uses(p, idents, follow_mods=False)}))
    if unit:
        lib["test"] = False
        excluded.append(ExcludedTarget("lib-unit-tests", lib_name, lib_root, unit))
    doc = tuple(sorted({n for p in sources for n in _doc_uses(p, idents)}))
    if doc:
        lib["doctest"] = False
        excluded.append(ExcludedTarget("lib-doc-tests", lib_name, lib_root, doc))
    if not lib:
        del data["lib"]
    return excluded


def _targets(
    data: dict[str, Any], kind: str, auto_key: str, default_dir: str, crate_dir: Path, where: Path,
) -> list[dict[str, Any]]:
    """The test or example targets cargo would build: the declared ones plus those it discovers."""
    declared = data.get(kind, [])
    if not isinstance(declared, list) or not all(isinstance(t, dict) for t in declared):
        raise MalformedCrate(where, f"[[{kind}]] must be an array of tables")
    targets: list[dict[str, Any]] = []
    for target in declared:
        name = target.get("name")
        if not isinstance(name, str):
            raise MalformedCrate(where, f"a [[{kind}]] target has no `name` string")
        path = target.get("path") or _default_path(crate_dir, default_dir, name)
        targets.append({**target, "path": str(path)})
    if data.get("package", {}).get(auto_key, True) is not False:
        seen = {t["path"] for t in targets}
        for path, name in _discover(crate_dir / default_dir):
            rel = str(path.relative_to(crate_dir))
            if rel not in seen and name not in {t["name"] for t in targets}:
                targets.append({"name": name, "path": rel})
    return targets


def _default_path(crate_dir: Path, directory: str, name: str) -> str:
    nested = Path(directory, name, "main.rs")
    return str(nested) if (crate_dir / nested).is_file() else f"{directory}/{name}.rs"


def _discover(directory: Path) -> Iterator[tuple[Path, str]]:
    if not directory.is_dir():
        return
    for entry in sorted(directory.iterdir()):
        if entry.is_file() and entry.suffix == ".rs":
            yield entry, entry.stem
        elif entry.is_dir() and (entry / "main.rs").is_file():
            yield entry / "main.rs", entry.name


def _uses(root: Path, idents: Mapping[str, str], *, follow_mods: bool = True) -> tuple[str, ...]:
    """The dependencies whose identifier appears in the code of ``root`` (and the modules it declares)."""
    files = [root]
    if follow_mods and root.is_file():
        text = root.read_text(encoding="utf-8", errors="replace")
        for module in _MOD_RE.findall(text):
            for candidate in (root.parent / f"{module}.rs", root.parent / module):
                files += [candidate] if candidate.is_file() else sorted(candidate.rglob("*.rs"))
    seen: set[str] = set()
    for path in files:
        if not path.is_file():
            continue
        # tree-sitter parses what it can of broken code too, and never reads comments or strings as code.
        words = identifiers(path.read_bytes())
        seen |= {name for name, ident in idents.items() if ident in words}
    return tuple(sorted(seen))


def _doc_uses(path: Path, idents: Mapping[str, str]) -> set[str]:
    """The dependencies named inside the code blocks of doc comments (what rustdoc compiles)."""
    code: list[str] = []
    fenced = False
    for line in _DOC_LINE_RE.findall(path.read_text(encoding="utf-8", errors="replace")):
        if line.strip().startswith("```"):
            fenced = not fenced
        elif fenced:
            code.append(line)
    text = "\n".join(code)
    return {name for name, ident in idents.items() if re.search(rf"\b{re.escape(ident)}\b", text)}
