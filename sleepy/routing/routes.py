"""An adapter's routes: more PEFT adapters inside its directory, each for one task family or repository.

A consolidator that trains skills per family (or per repository) writes them next to the merged adapter it
publishes, and lists them in `<adapter>/routes.json`:

    {"format": 1, "family": {"borrow": "routes/family/borrow"}, "repository": {"serde": "routes/repository/serde"}}

Paths are relative to the adapter directory and stay inside it, so the registry's copy of the directory keeps
them. The adapter itself is the merged default, what a task no route names gets (and what `router: none` uses).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from attrs import frozen

from sleepy.adapters.validation import InvalidAdapter, validate_adapter
from sleepy.fileio import write_atomically

ROUTES_FILE = "routes.json"
ROUTES_FORMAT = 1
ROUTE_KINDS = ("family", "repository")
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


@frozen
class Route:
    """One routed adapter: for tasks of `kind` (family, repository) `key`, at `path` (absolute)."""

    kind: str
    key: str
    path: Path

    def adapter_name(self, default_id: str) -> str:
        """The name a backend holds it under: unique per adapter, without the dots PEFT refuses in names."""
        return f"{default_id}--{self.kind}-{_UNSAFE.sub('_', self.key)}"


@frozen
class RouteTable:
    """Every route of one adapter directory, by kind and key (empty when it has no routes.json)."""

    routes: tuple[Route, ...] = ()

    def get(self, kind: str, key: str) -> Route | None:
        return next((r for r in self.routes if r.kind == kind and r.key == key), None)

    def keys(self, kind: str) -> list[str]:
        return [r.key for r in self.routes if r.kind == kind]


def read_routes(adapter_dir: Path, *, check_adapters: bool = True) -> RouteTable:
    """The routes `adapter_dir/routes.json` lists; an empty table without one. A malformed file, an unknown kind,
    a path leaving the adapter directory or a route that is not a PEFT LoRA adapter is one line naming the file,
    the field and what was expected."""
    path = adapter_dir / ROUTES_FILE
    if not path.exists():
        return RouteTable()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InvalidAdapter(f"{path}: unreadable JSON ({exc})") from None
    if not isinstance(data, dict):
        raise InvalidAdapter(f"{path}: expected a JSON object")
    if data.get("format") != ROUTES_FORMAT:
        raise InvalidAdapter(f"{path}: field 'format' is {data.get('format')!r}, expected {ROUTES_FORMAT}")
    unknown = sorted(set(data) - {"format", *ROUTE_KINDS})
    if unknown:
        raise InvalidAdapter(f"{path}: unknown field(s) {', '.join(unknown)}; expected format, "
                             + ", ".join(ROUTE_KINDS))
    root = adapter_dir.resolve()
    routes = []
    for kind in ROUTE_KINDS:
        table = data.get(kind, {})
        if not isinstance(table, dict):
            raise InvalidAdapter(f"{path}: field '{kind}' must map a {kind} to a directory, got {type(table).__name__}")
        for key, relative in table.items():
            if not key or not isinstance(relative, str) or not relative:
                raise InvalidAdapter(f"{path}: field '{kind}.{key}' must be a non-empty relative path, "
                                     f"got {relative!r}")
            target = (adapter_dir / relative).resolve()
            if Path(relative).is_absolute() or not target.is_relative_to(root) or target == root:
                raise InvalidAdapter(f"{path}: field '{kind}.{key}': {relative!r} is not a directory inside "
                                     f"{adapter_dir}")
            if check_adapters:
                try:
                    validate_adapter(target)
                except InvalidAdapter as exc:
                    raise InvalidAdapter(f"{path}: field '{kind}.{key}': {exc}") from None
            routes.append(Route(kind, key, target))
    return RouteTable(tuple(routes))


def write_routes(adapter_dir: Path, routes: Mapping[str, Mapping[str, str]]) -> Path:
    """Write `adapter_dir/routes.json` from {kind: {key: path relative to adapter_dir}}; checked as it is read."""
    unknown = sorted(set(routes) - set(ROUTE_KINDS))
    if unknown:
        raise ValueError(f"unknown route kind(s) {', '.join(unknown)}; expected {', '.join(ROUTE_KINDS)}")
    data: dict[str, Any] = {"format": ROUTES_FORMAT}
    data.update({kind: dict(sorted(table.items())) for kind, table in routes.items() if table})
    path = adapter_dir / ROUTES_FILE
    write_atomically(path, json.dumps(data, indent=2, sort_keys=True) + "\n")
    read_routes(adapter_dir)
    return path
