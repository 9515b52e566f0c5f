from __future__ import annotations

import ast
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import sleepy


def test_every_module_imports_alone_without_warnings():
    modules = [m.name for m in pkgutil.walk_packages(sleepy.__path__, "sleepy.") if m.name != "sleepy.__main__"]
    assert "sleepy.store.migrations" in modules
    for module in modules:
        proc = subprocess.run([sys.executable, "-W", "error", "-c", f"import {module}"], capture_output=True,
                              text=True)
        assert proc.returncode == 0, f"{module}: {proc.stderr}"


def test_core_does_not_import_torch():
    code = "import sleepy.cli, sleepy.plugins, sys; sys.exit('torch' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


# What talking to the database looks like: SQL text, the connection (`.db`, `.conn`), its libraries.
SQL_TEXT = re.compile(r"\b(select\s.+?\sfrom|insert\s+(or\s+\w+\s+)?into|delete\s+from|update\s+\w+\s+set|"
                      r"create\s+(table|index|view)|alter\s+table|drop\s+(table|index|view)|pragma\s+\w+)\b",
                      re.IGNORECASE | re.DOTALL)
DATABASE_MODULES = ("sqlite_utils",)
CONNECTION_ATTRIBUTES = ("db", "conn")


def sql_outside_the_store(root: Path) -> list[str]:
    """`path:line: what` for every place outside `<root>/store/` that reaches the database."""
    found = []
    for path in sorted(root.rglob("*.py")):
        if (root / "store") in path.parents:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                      and node.body and isinstance(node.body[0], ast.Expr)
                      and isinstance(node.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            what = None
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                if match := SQL_TEXT.search(node.value):
                    what = f"SQL text {match.group(0)[:40]!r}"
            elif isinstance(node, ast.Attribute) and node.attr in CONNECTION_ATTRIBUTES:
                what = f"the store's connection (.{node.attr})"
            elif isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                if any(n.split(".")[0] in DATABASE_MODULES for n in names):
                    what = f"imports {', '.join(names)}"
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "connect" \
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "sqlite3":
                what = "sqlite3.connect"
            if what:
                found.append(f"{path.relative_to(root.parent)}:{node.lineno}: {what}")  # type: ignore[attr-defined]
    return sorted(found)


def test_only_the_store_touches_sql():
    """Every question and write of a run's state is a store method; nothing else holds SQL or the connection."""
    assert sql_outside_the_store(Path(sleepy.__file__).parent) == []


def test_the_sql_check_finds_sql(tmp_path):
    package = tmp_path / "pkg"
    (package / "store").mkdir(parents=True)
    (package / "store" / "ok.py").write_text('def f(db):\n    return db.query("select id from runs")\n')
    (package / "phase.py").write_text('"""Select the tasks from the store."""\n\ndef f(store):\n'
                                      '    return store.db.query("select task_id from episodes where cycle = ?")\n')
    (package / "write.py").write_text("import sqlite_utils\n\nQ = 'INSERT OR REPLACE INTO t VALUES (1)'\n")
    assert sql_outside_the_store(package) == [
        "pkg/phase.py:4: SQL text 'select task_id from'",
        "pkg/phase.py:4: the store's connection (.db)",
        "pkg/write.py:1: imports sqlite_utils",
        "pkg/write.py:3: SQL text 'INSERT OR REPLACE INTO'",
    ]
