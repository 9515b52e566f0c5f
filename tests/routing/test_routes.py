"""routes.json: what a consolidator writes next to its adapter, read back with checks that name file and field."""

from __future__ import annotations

import json

import pytest

from sleepy.adapters.validation import InvalidAdapter
from sleepy.routing.routes import ROUTES_FILE, Route, read_routes, write_routes
from tests.adapters.fake_adapter import make_adapter


@pytest.fixture
def adapter(tmp_path):
    root = make_adapter(tmp_path / "a1")
    make_adapter(root / "routes" / "family" / "borrow")
    make_adapter(root / "routes" / "repository" / "serde")
    return root


def test_written_routes_read_back_as_absolute_paths_by_kind_and_key(adapter):
    write_routes(adapter, {"family": {"borrow": "routes/family/borrow"},
                           "repository": {"serde": "routes/repository/serde"}})
    table = read_routes(adapter)
    assert table.get("family", "borrow") == Route("family", "borrow", (adapter / "routes/family/borrow").resolve())
    assert table.get("repository", "serde").path == (adapter / "routes/repository/serde").resolve()
    assert table.get("family", "traits") is None and table.keys("family") == ["borrow"]


def test_an_adapter_without_routes_has_an_empty_table(adapter):
    assert read_routes(adapter).routes == ()


def test_route_names_are_unique_per_adapter_and_free_of_dots():
    name = Route("family", "std.fmt", __import__("pathlib").Path("/x")).adapter_name("c0-abc")
    assert name == "c0-abc--family-std_fmt" and "." not in name


@pytest.mark.parametrize(("content", "expected"), [
    ({"format": 2}, "field 'format' is 2, expected 1"),
    ({"format": 1, "crate": {}}, "unknown field(s) crate"),
    ({"format": 1, "family": ["borrow"]}, "field 'family' must map a family to a directory"),
    ({"format": 1, "family": {"borrow": "../elsewhere"}}, "field 'family.borrow': '../elsewhere' is not a directory "
                                                           "inside"),
    ({"format": 1, "family": {"borrow": "/tmp"}}, "field 'family.borrow': '/tmp' is not a directory inside"),
    ({"format": 1, "family": {"borrow": "."}}, "field 'family.borrow': '.' is not a directory inside"),
    ({"format": 1, "family": {"traits": "routes/family/traits"}}, "field 'family.traits': "),
    ({"format": 1, "family": {"borrow": 3}}, "field 'family.borrow' must be a non-empty relative path, got 3"),
])
def test_a_bad_routes_file_is_one_line_naming_the_file_and_the_field(adapter, content, expected):
    (adapter / ROUTES_FILE).write_text(json.dumps(content))
    with pytest.raises(InvalidAdapter) as caught:
        read_routes(adapter)
    message = str(caught.value)
    assert message.startswith(str(adapter / ROUTES_FILE)) and expected in message and "\n" not in message


def test_unreadable_json_names_the_file(adapter):
    (adapter / ROUTES_FILE).write_text("{")
    with pytest.raises(InvalidAdapter, match=r"routes\.json: unreadable JSON"):
        read_routes(adapter)


def test_writing_an_unknown_kind_or_a_route_that_is_no_adapter_is_refused(adapter):
    with pytest.raises(ValueError, match="unknown route kind"):
        write_routes(adapter, {"crate": {"x": "routes/x"}})
    (adapter / "routes" / "empty").mkdir()
    with pytest.raises(InvalidAdapter, match=r"missing adapter_config\.json"):
        write_routes(adapter, {"family": {"x": "routes/empty"}})
