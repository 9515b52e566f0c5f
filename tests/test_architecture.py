"""docs/architecture.md names real modules, classes and functions: a rename that leaves it stale fails here."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[1] / "docs" / "architecture.md"
DOTTED = re.compile(r"\b((?:sleepy|sleepy_transformers|sleepy_serving)(?:\.\w+)+)")


def cited_names() -> list[str]:
    return sorted(set(DOTTED.findall(DOC.read_text())))


def resolve(dotted: str) -> object:
    """Import the longest module prefix of `dotted`, then walk the rest as attributes."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            target = getattr(target, attribute)  # AttributeError: the doc names something that is gone
        return target
    raise ModuleNotFoundError(dotted)


def test_the_doc_cites_enough_names_to_be_worth_checking():
    assert len(cited_names()) >= 25


@pytest.mark.parametrize("dotted", cited_names())
def test_every_cited_name_exists(dotted):
    if dotted.startswith("sleepy_transformers"):
        pytest.importorskip("sleepy_transformers")
    resolve(dotted)


def test_every_cited_file_and_hook_exists():
    text = DOC.read_text()
    root = DOC.parents[1]
    for path in set(re.findall(r"`((?:sleepy|docs|tests)/[\w/]+\.(?:py|md))`", text)):
        assert (root / path).is_file(), path
    from sleepy import hookspecs

    for hook in set(re.findall(r"`(sleepy_\w+)`", text)):
        assert hasattr(hookspecs, hook), hook


def test_every_strategy_kind_has_a_place_in_the_doc():
    from sleepy.registry import StrategyKind

    text = DOC.read_text()
    for kind in StrategyKind:
        assert f"sleepy.protocols.{kind.protocol.__name__}" in text, kind
        assert kind.hook_name in text, kind
