"""Operators that change values: a body replaced by a default, `Some`/`Ok`/`Err` swapped, a literal's type changed."""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from sleepy_crates.mutations.model import TEST_FAILURE, Mutation
from sleepy_crates.mutations.site import FunctionSite

_INTEGERS = frozenset(f"{sign}{bits}" for sign in "iu" for bits in ("8", "16", "32", "64", "128", "size"))
_FLOATS = frozenset({"f32", "f64"})
_DEFAULTS_BY_NAME = {
    "String": ("String::new()", '"xyzzy".into()'),
    "Vec": ("Vec::new()",),
    "Option": ("None",),
    "Result": ("Ok(Default::default())",),
    "Box": ("Box::new(Default::default())",),
}
# Return types no value can be written for without knowing more (`impl Trait`, `!`, closures, raw pointers).
_NO_DEFAULT = frozenset({"abstract_type", "never_type", "function_type", "pointer_type", "dynamic_type"})
# Places where a literal's type is fixed by its context, so a literal of another type is E0308.
_TYPED_CONTEXTS = frozenset({"let_declaration", "arguments", "field_initializer", "return_expression"})


def default_values(site: FunctionSite) -> tuple[str, ...]:
    """The values `default_body` puts in place of the body, by the declared return type (empty: none fits)."""
    declared = site.return_type
    if declared is None or declared.type == "unit_type":
        return ("()",)
    if declared.type in _NO_DEFAULT:
        return ()
    if declared.type == "primitive_type":
        name = site.text(declared)
        if name == "bool":
            return ("false", "true")
        if name in _INTEGERS:
            return ("0", "1")
        if name in _FLOATS:
            return ("0.0", "1.0")
        return ("Default::default()",)
    if declared.type == "reference_type":
        referent = declared.child_by_field_name("type")
        if referent is not None and site.text(referent) == "str":
            return ('""',)
        if referent is not None and referent.type == "array_type" and referent.child_by_field_name("length") is None:
            return ("&[]",)
        return ()  # a reference to anything else would need a value to borrow
    name = _type_name(site, declared)
    return _DEFAULTS_BY_NAME.get(name, ("Default::default()",))


def _type_name(site: FunctionSite, declared: Node) -> str:
    # `Vec<T>` -> Vec, `io::Result<T>` -> Result, `fmt::Result` -> Result.
    head = declared.child_by_field_name("type") if declared.type == "generic_type" else declared
    return site.text(head).rsplit("::", 1)[-1]


def default_body(site: FunctionSite) -> Iterator[Mutation]:
    """The whole body replaced by a default value of the return type: `0`, `false`, `String::new()`, `None`, ..."""
    body = site.body
    current = " ".join(site.text(body).split())
    for value in default_values(site):
        replacement = "{}" if value == "()" else f"{{ {value} }}"
        if current in (replacement, "{ () }") or (value == "()" and current == "{}"):
            continue  # the body already is that value: the mutant would be the function itself
        yield site.mutation("default_body", body, replacement, f"body replaced by `{value}`", TEST_FAILURE)


def option_variant(site: FunctionSite) -> Iterator[Mutation]:
    """`Some(x)` -> `None`."""
    for call in _variant_calls(site, "Some"):
        yield site.mutation("option_variant", call, "None", f"`{site.text(call)}` -> `None`", TEST_FAILURE)


def result_variant(site: FunctionSite) -> Iterator[Mutation]:
    """`Ok(x)` <-> `Err(x)`: the value keeps its type, which the other variant rarely has (E0308)."""
    for name, other in (("Ok", "Err"), ("Err", "Ok")):
        for call in _variant_calls(site, name):
            function = call.child_by_field_name("function")
            assert function is not None
            yield site.mutation("result_variant", function, other, f"`{name}(..)` -> `{other}(..)`", "E0308")


def _variant_calls(site: FunctionSite, name: str) -> Iterator[Node]:
    for call in site.code("call_expression"):
        function = call.child_by_field_name("function")
        arguments = call.child_by_field_name("arguments")
        if (function is not None and function.type == "identifier" and site.text(function) == name
                and arguments is not None and len(arguments.named_children) == 1):
            yield call


def literal_type(site: FunctionSite) -> Iterator[Mutation]:
    """A literal of the wrong type where the type is fixed: `5` -> `5.0`, `2.5` -> `2`, `true` -> `1` (E0308)."""
    for literal in site.code("integer_literal", "float_literal", "boolean_literal"):
        if not _type_is_fixed(site, literal):
            continue
        text = site.text(literal)
        new = _retyped(literal.type, text)
        if new is not None:
            yield site.mutation("literal_type", literal, new, f"literal `{text}` -> `{new}`", "E0308")


def _retyped(kind: str, text: str) -> str | None:
    if kind == "boolean_literal":
        return "1" if text == "true" else "0"
    if kind == "integer_literal":
        return f"{text}.0" if text.isdigit() else None  # suffixed, hex and `1_000` literals keep their type
    whole, _, fraction = text.partition(".")
    return whole if whole.isdigit() and fraction.isdigit() else None  # `1e-9`, `2.5f32` left alone


def _type_is_fixed(site: FunctionSite, literal: Node) -> bool:
    parent = literal.parent
    if parent is None:
        return False
    if parent.type == "unary_expression":  # `-1`: the context of the negation counts
        literal, parent = parent, parent.parent
        if parent is None:
            return False
    if parent.type == "let_declaration":
        return parent.child_by_field_name("type") is not None and parent.child_by_field_name("value") == literal
    if parent.type == "binary_expression":
        operator = parent.child_by_field_name("operator")
        return operator is not None and operator.type in ("==", "!=", "<", "<=", ">", ">=")
    if parent.type == "block" and parent == site.body and parent.named_children[-1] == literal:
        return site.return_type is not None  # the function's tail value: the return type fixes it
    if parent.type == "return_expression":
        return site.return_type is not None
    return parent.type in _TYPED_CONTEXTS
