"""The shape of a Debug value: values go, structure and names stay."""

from __future__ import annotations

import pytest

from sleepy.diagnostics.shape import debug_shape


@pytest.mark.parametrize(
    ("value", "shape"),
    [
        ("4", "{n}"),
        ("-1.5e-7", "{n}"),
        ("inf", "{n}"),
        ("0x7ffd5a1c", "{n}"),  # a pointer's address
        ('"0. flour\\n1. eggs\\n"', '"{}"'),
        ('"a \\"quoted\\" [word], too"', '"{}"'),  # brackets and commas inside a string are not structure
        ("'\\u{301}'", "'{}'"),
        ("None", "None"),
        ('Some("Big dog")', 'Some("{}")'),
        ("(Some(3), Some(4), None)", "(Some({n}), Some({n}), None)"),
        ("Err(Insufficient { short_by: 4 })", "Err(Insufficient { short_by: {n} })"),
        ("Point { x: 1, y: -2 }", "Point { x: {n}, y: {n} }"),
        ("Empty {}", "Empty {}"),
        ("true", "true"),
        ("1..5", "{n}..{n}"),
        ("[]", "[]"),
        ('["cy", "ann", "bo", "fay"]', '["{}"]'),
        ("[[1, 4], [2, 5], [3, 6]]", "[[{n}]]"),
        ("[Some(1), Some(2), None, Some(3)]", "[Some({n}), None, Some({n})]"),
        ('{"b": 2, "a": Some(1), "c": 3}', '{"{}": Some({n}), "{}": {n}}'),
        ("information", "information"),
    ],
)
def test_shape(value: str, shape: str) -> None:
    assert debug_shape(value) == shape


def test_a_list_shape_does_not_depend_on_its_length() -> None:
    assert debug_shape("[0, 15, 150, 44, 126]") == debug_shape("[7]") == "[{n}]"
    assert debug_shape("[]") != debug_shape("[7]")


def test_a_map_shape_does_not_depend_on_hash_order() -> None:
    assert debug_shape('{"a": None, "b": Some(1)}') == debug_shape('{"b": Some(1), "a": None}')


@pytest.mark.parametrize("value", ["Some(3", "3)", "[1, (2]", "Foo { a: 1"])
def test_unbalanced_text_is_normalized_without_structure(value: str) -> None:
    shape = debug_shape(value)
    assert not any(c.isdigit() for c in shape)
    assert shape.replace("{n}", "1") != shape
