from __future__ import annotations

import inspect
import re
from pathlib import Path

from sleepy import hookspecs

SPECS = {name: fn for name, fn in vars(hookspecs).items() if callable(fn) and name.startswith("sleepy_")}
DOCS = Path(__file__).resolve().parents[1] / "docs" / "plugin-hooks.md"


def test_there_are_specs_for_every_registration_kind():
    from sleepy.registry import StrategyKind

    assert {k.hook_name for k in StrategyKind} | {"sleepy_register_commands"} <= set(SPECS)


def test_every_spec_has_param_lines_for_each_argument():
    for name, fn in SPECS.items():
        doc = inspect.getdoc(fn) or ""
        for arg in inspect.signature(fn).parameters:
            assert f":param {arg}:" in doc, f"{name} lacks ':param {arg}:'"


def test_every_hook_is_documented_with_its_exact_signature():
    text = DOCS.read_text()
    for name, fn in SPECS.items():
        signature = f"{name}{inspect.signature(fn)}".replace("'", "")
        heading = re.search(rf"^### `{re.escape(signature)}`$", text, re.M)
        assert heading, f"docs/plugin-hooks.md lacks the heading ### `{signature}`"


def test_docs_name_no_hook_that_does_not_exist():
    documented = set(re.findall(r"^### `(sleepy_\w+)\(", DOCS.read_text(), re.M))
    assert documented == set(SPECS)


def test_the_plugin_api_table_lists_exactly_what_sleepy_exports():
    import sleepy

    text = DOCS.read_text()
    section = text[text.index("## The plugin API"):text.index("What each kind implements")]
    listed = set(re.findall(r"`(\w+)`", "\n".join(line.split("|")[2] for line in section.splitlines()
                                                  if line.startswith("| ") and not line.startswith("| what"))))
    assert listed == set(sleepy.__all__)
    assert all(hasattr(sleepy, name) for name in sleepy.__all__)


def test_every_kind_has_a_protocol_documented_with_its_members():
    from sleepy.protocols import protocol_members
    from sleepy.registry import StrategyKind

    text = DOCS.read_text()
    text = text[text.index("What each kind implements"):]
    for kind in StrategyKind:
        methods, data = protocol_members(kind.protocol)
        row = next((line for line in text.splitlines() if line.startswith(f"| {kind.value.replace('_', ' ')} |")),
                   None)
        assert row is not None and f"`{kind.protocol.__name__}`" in row, kind
        for member in methods + data:
            assert f"`{member}" in row, (kind, member)
