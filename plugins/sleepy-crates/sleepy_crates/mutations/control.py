"""Operators that change what code runs or with which values: off-by-one, swapped arguments, inverted
conditions, deleted statements. Each compiles and changes behaviour, so a test should catch it."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from tree_sitter import Node

from sleepy_crates.mutations.model import TEST_FAILURE, Mutation
from sleepy_crates.mutations.site import FunctionSite

# Index expressions worth shifting by one: positions, not map keys (`map[&key]`, `map["k"]`).
_POSITION_KINDS = frozenset({
    "identifier", "integer_literal", "field_expression", "call_expression", "binary_expression",
    "parenthesized_expression",
})
# Operators that bind tighter than `+`, so `e + 1` needs no parentheses around e.
_TIGHTER_THAN_PLUS = frozenset({"*", "/", "%", "+", "-"})
# Conditions that can be negated with a bare `!` in front.
_ATOMS = frozenset({
    "identifier", "call_expression", "field_expression", "boolean_literal", "parenthesized_expression",
    "index_expression", "macro_invocation",
})
# Statements whose deletion leaves code that still compiles but does less.
_DELETABLE = frozenset({"call_expression", "assignment_expression", "compound_assignment_expr", "try_expression"})


def off_by_one(site: FunctionSite) -> Iterator[Mutation]:
    """`a..b`<->`a..=b`, and an index moved by one: `v[i]` -> `v[i + 1]`, `v[i + 1]` -> `v[i]`, `v[2]` -> `v[1]`."""
    for node in site.code("range_expression", "index_expression"):
        if node.type == "range_expression":
            yield from _range_off_by_one(site, node)
        else:
            yield from _index_off_by_one(site, node)


def _range_off_by_one(site: FunctionSite, node: Node) -> Iterator[Mutation]:
    operator = next((c for c in node.children if c.type in ("..", "..=")), None)
    if operator is None or operator.next_sibling is None:
        return  # `a..` has no end to move
    new = "..=" if operator.type == ".." else ".."
    why = "end included" if new == "..=" else "end excluded"
    yield site.mutation("off_by_one", operator, new, f"`{operator.type}` -> `{new}` ({why})", TEST_FAILURE)


def _index_off_by_one(site: FunctionSite, node: Node) -> Iterator[Mutation]:
    index = node.named_children[1] if len(node.named_children) == 2 else None
    if index is None or index.type not in _POSITION_KINDS:
        return
    text = site.text(index)
    if index.type == "integer_literal":
        if not text.isdigit():
            return  # suffixed (`2usize`), hex, or with underscores: left alone
        new = str(int(text) - 1) if int(text) > 0 else "1"
    elif index.type == "binary_expression" and _adds_literal_one(site, index):
        left = index.child_by_field_name("left")
        new = site.text(left)
    elif index.type == "binary_expression":
        operator = index.child_by_field_name("operator")
        tight = operator is not None and operator.type in _TIGHTER_THAN_PLUS
        new = f"{text} + 1" if tight else f"({text}) + 1"
    else:
        new = f"{text} + 1"
    yield site.mutation("off_by_one", index, new, f"index `{text}` -> `{new}`", TEST_FAILURE)


def _adds_literal_one(site: FunctionSite, node: Node) -> bool:
    operator = node.child_by_field_name("operator")
    right = node.child_by_field_name("right")
    return operator is not None and operator.type in ("+", "-") and site.text(right) == "1"


def swap_arguments(site: FunctionSite) -> Iterator[Mutation]:
    """Two neighbouring arguments of a call swapped: `f(a, b)` -> `f(b, a)` (only when they differ)."""
    for call in site.code("call_expression"):
        arguments = call.child_by_field_name("arguments")
        if arguments is None:
            continue
        values = [a for a in arguments.named_children if a.type not in ("line_comment", "block_comment")]
        for first, second in itertools.pairwise(values):
            a, b = site.text(first), site.text(second)
            if a == b:
                continue
            between = site.source[first.end_byte:second.start_byte].decode()
            yield site.span_mutation("swap_arguments", first.start_byte, second.end_byte, b + between + a,
                                     f"arguments `{a}` and `{b}` swapped", TEST_FAILURE)


def invert_condition(site: FunctionSite) -> Iterator[Mutation]:
    """The condition of an `if` or `while` negated (`if let` and let chains are left alone)."""
    for node in site.code("if_expression", "while_expression"):
        condition = node.child_by_field_name("condition")
        if condition is None or condition.type in ("let_condition", "let_chain"):
            continue
        text = site.text(condition)
        if condition.type == "unary_expression" and text.startswith("!"):
            new = site.text(condition.named_children[0])
        elif condition.type in _ATOMS:
            new = f"!{text}"
        else:
            new = f"!({text})"
        yield site.mutation("invert_condition", condition, new, f"`{node.children[0].type}` condition negated",
                            TEST_FAILURE)


def delete_statement(site: FunctionSite) -> Iterator[Mutation]:
    """One call, assignment or `expr?;` statement deleted (its whole line when it stands alone)."""
    for statement in site.code("expression_statement"):
        expression = statement.named_children[0] if statement.named_children else None
        if expression is None or expression.type not in _DELETABLE:
            continue
        start, end = _whole_lines(site.source, statement.start_byte, statement.end_byte)
        text = site.text(statement)
        yield site.span_mutation("delete_statement", start, end, "", f"statement `{text}` deleted", TEST_FAILURE)


def _whole_lines(source: bytes, start: int, end: int) -> tuple[int, int]:
    # Widen to the full line (indentation and newline) when nothing else shares it.
    line_start = source.rfind(b"\n", 0, start) + 1
    line_end = source.find(b"\n", end)
    line_end = len(source) if line_end == -1 else line_end + 1
    if source[line_start:start].strip() or source[end:line_end].strip():
        return start, end
    return line_start, line_end
