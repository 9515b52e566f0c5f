"""Operators that swap one binary operator for another: arithmetic, comparison, logical."""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from sleepy_crates.mutations.model import TEST_FAILURE, Mutation
from sleepy_crates.mutations.site import FunctionSite

ARITHMETIC = {
    "+": "-", "-": "+", "*": "/", "/": "*", "%": "/",
    "&": "|", "|": "&", "^": "|", "<<": ">>", ">>": "<<",
}
COMPOUND = {f"{op}=": f"{new}=" for op, new in ARITHMETIC.items()}
BOUNDARY = {"<": "<=", "<=": "<", ">": ">=", ">=": ">"}  # the off-by-one of a comparison
REVERSED = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}
EQUALITY = {"==": "!=", "!=": "=="}
LOGICAL = {"&&": "||", "||": "&&"}
_STRINGS = frozenset({"string_literal", "raw_string_literal"})


def arithmetic_operator(site: FunctionSite) -> Iterator[Mutation]:
    """`+`<->`-`, `*`<->`/`, `%`->`/`, `&`<->`|`, `^`->`|`, `<<`<->`>>`, and the same in `+=`, `-=`, ..."""
    for node in site.code("binary_expression", "compound_assignment_expr"):
        operator = node.child_by_field_name("operator")
        if operator is None:
            continue
        table = COMPOUND if node.type == "compound_assignment_expr" else ARITHMETIC
        new = table.get(operator.type)
        # `String + &str` has no `-`: the mutant would only fail to compile, with E0369.
        if new is None or any(side.type in _STRINGS for side in _operands(node)):
            continue
        yield site.mutation("arithmetic_operator", operator, new, f"`{operator.type}` -> `{new}`", TEST_FAILURE)


def comparison_operator(site: FunctionSite) -> Iterator[Mutation]:
    """`<`<->`<=`, `>`<->`>=` (boundary), `<`<->`>`, `<=`<->`>=` (direction), `==`<->`!=`."""
    for node in site.code("binary_expression"):
        operator = node.child_by_field_name("operator")
        if operator is None:
            continue
        for table, why in ((BOUNDARY, "boundary"), (REVERSED, "direction"), (EQUALITY, "negated")):
            new = table.get(operator.type)
            if new is not None:
                description = f"`{operator.type}` -> `{new}` ({why})"
                yield site.mutation("comparison_operator", operator, new, description, TEST_FAILURE)


def logical_operator(site: FunctionSite) -> Iterator[Mutation]:
    """`&&`<->`||`."""
    for node in site.code("binary_expression"):
        operator = node.child_by_field_name("operator")
        new = LOGICAL.get(operator.type) if operator is not None else None
        if operator is not None and new is not None:
            yield site.mutation("logical_operator", operator, new, f"`{operator.type}` -> `{new}`", TEST_FAILURE)


def _operands(node: Node) -> list[Node]:
    return [side for side in (node.child_by_field_name("left"), node.child_by_field_name("right")) if side]
