"""Operators aimed at the ownership, borrow and type errors the koans teach: `?`, `&`, `mut` and `.clone()`
removed, and a shared borrow made mutable while another use is live.

The expected error code is read off the syntax around the edit (is the variable mentioned again? is
the place a field?). It is a prediction: the crate's compiler has the last word.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from sleepy_crates.mutations.model import COMPILE_ERROR, TEST_FAILURE, Mutation
from sleepy_crates.mutations.site import FunctionSite

_ASSIGNMENTS = frozenset({"assignment_expression", "compound_assignment_expr"})
_PLACES = frozenset({"field_expression", "index_expression"})


def remove_question_mark(site: FunctionSite) -> Iterator[Mutation]:
    """`f()?` -> `f()`: the `Result`/`Option` is used as the value inside it."""
    for node in site.code("try_expression"):
        inner = node.named_children[0] if node.named_children else None
        if inner is None:
            continue
        expected = _unwrapped_use(node)
        yield site.mutation("remove_question_mark", node, site.text(inner), "`?` removed", expected)


def _unwrapped_use(try_node: Node) -> str:
    parent = try_node.parent
    if parent is None:
        return COMPILE_ERROR
    if parent.type == "expression_statement":
        return TEST_FAILURE  # `f()?;` -> `f();` compiles (a must_use warning) and ignores the error
    if parent.type == "field_expression":
        called = parent.parent is not None and parent.parent.type == "call_expression"
        return "E0599" if called else "E0609"  # no such method / field on Result
    if parent.type == "let_declaration" and parent.child_by_field_name("type") is None:
        return COMPILE_ERROR  # the variable becomes a Result; the first error depends on its next use
    return "E0308"


def remove_reference(site: FunctionSite) -> Iterator[Mutation]:
    """`f(&x)` / `f(&mut x)` -> `f(x)` (E0308); `for a in &v` -> `for a in v` with `v` used after the loop (E0382)."""
    for node in site.code("reference_expression"):
        value = node.child_by_field_name("value")
        parent = node.parent
        if value is None or parent is None:
            continue
        text = site.text(value)
        if parent.type == "arguments":
            yield site.mutation("remove_reference", node, text, f"`{site.text(node)}` -> `{text}` at a call",
                                "E0308")
        elif (parent.type == "for_expression" and parent.child_by_field_name("value") == node
              and value.type == "identifier" and next(site.mentions(text, after=parent.end_byte), None) is not None):
            yield site.mutation("remove_reference", node, text,
                                f"`for .. in {site.text(node)}` -> `in {text}`, `{text}` used after the loop",
                                "E0382")


def remove_mut(site: FunctionSite) -> Iterator[Mutation]:
    """`let mut x` -> `let x` (E0384 when `x` is assigned again, else E0596), `f(&mut x)` -> `f(&x)` (E0308)."""
    for node in site.code("let_declaration", "reference_expression"):
        mutable = next((c for c in node.children if c.type == "mutable_specifier"), None)
        if mutable is None or mutable.next_sibling is None:
            continue
        after = mutable.next_sibling.start_byte  # drop `mut` and the space after it
        if node.type == "reference_expression":
            if node.parent is not None and node.parent.type == "arguments":
                yield site.span_mutation("remove_mut", mutable.start_byte, after, "",
                                         f"`{site.text(node)}` -> `&{site.text(node.child_by_field_name('value'))}`",
                                         "E0308")
            continue
        pattern = node.child_by_field_name("pattern")
        if pattern is None or pattern.type != "identifier":
            continue
        name = site.text(pattern)
        expected = "E0384" if _assigned_after(site, name, node.end_byte) else "E0596"
        yield site.span_mutation("remove_mut", mutable.start_byte, after, "", f"`let mut {name}` -> `let {name}`",
                                 expected)


def _assigned_after(site: FunctionSite, name: str, after: int) -> bool:
    for node in site.code(*_ASSIGNMENTS):
        left = node.child_by_field_name("left")
        if node.start_byte >= after and left is not None and left.type == "identifier" and site.text(left) == name:
            return True
    return False


def remove_clone(site: FunctionSite) -> Iterator[Mutation]:
    """`x.clone()` -> `x` where that moves a value still needed: `x` used later (E0382), or a field
    or element behind a reference (E0507). Removals whose effect cannot be predicted are not made."""
    for call in site.code("call_expression"):
        receiver = _clone_receiver(site, call)
        if receiver is None:
            continue
        text = site.text(receiver)
        if receiver.type == "identifier" and text != "self":
            if next(site.mentions(text, after=call.end_byte), None) is None:
                continue
            expected, why = "E0382", f"`{text}` is used again later"
        elif receiver.type in _PLACES:
            expected, why = "E0507", "moves out of a borrowed place"
        else:
            continue
        yield site.mutation("remove_clone", call, text, f"`.clone()` removed from `{text}` ({why})", expected)


def _clone_receiver(site: FunctionSite, call: Node) -> Node | None:
    function = call.child_by_field_name("function")
    arguments = call.child_by_field_name("arguments")
    if function is None or function.type != "field_expression" or arguments is None or arguments.named_children:
        return None
    if site.text(function.child_by_field_name("field")) != "clone":
        return None
    return function.child_by_field_name("value")


def mutable_borrow(site: FunctionSite) -> Iterator[Mutation]:
    """`let r = &x..;` -> `let r = &mut x..;` when `x` is borrowed again before `r`'s last use (E0502).

    Only for `x` that may be borrowed mutably (`let mut x`, a `mut` or `&mut` parameter, `&mut self`),
    so the first error is the conflict and not E0596.
    """
    mutable = _mutable_bindings(site)
    for let in site.code("let_declaration"):
        value = let.child_by_field_name("value")
        pattern = let.child_by_field_name("pattern")
        if (value is None or pattern is None or pattern.type != "identifier" or value.type != "reference_expression"
                or any(c.type == "mutable_specifier" for c in value.children)):
            continue
        place = value.child_by_field_name("value")
        root = _root_variable(site, place)
        if root is None or root not in mutable or not _borrowed_again_while_live(site, let, root, site.text(pattern)):
            continue
        yield site.span_mutation("mutable_borrow", value.start_byte, value.start_byte + 1, "&mut ",
                                 f"`{site.text(value)}` -> `&mut {site.text(place)}` while `{root}` is borrowed again",
                                 "E0502")


def _mutable_bindings(site: FunctionSite) -> set[str]:
    names: set[str] = set()
    parameters = site.node.child_by_field_name("parameters")
    for parameter in parameters.named_children if parameters is not None else ():
        if parameter.type == "self_parameter":
            if any(c.type == "mutable_specifier" for c in parameter.children):
                names.add("self")
            continue
        pattern = parameter.child_by_field_name("pattern")
        declared = parameter.child_by_field_name("type")
        if pattern is None or declared is None:
            continue
        owned_mut = any(c.type == "mutable_specifier" for c in parameter.children)
        borrowed_mut = declared.type == "reference_type" and any(
            c.type == "mutable_specifier" for c in declared.children)
        if owned_mut or borrowed_mut:
            names.add(site.text(pattern))
    for let in site.code("let_declaration"):
        pattern = let.child_by_field_name("pattern")
        if pattern is not None and pattern.type == "identifier" and any(
                c.type == "mutable_specifier" for c in let.children):
            names.add(site.text(pattern))
    return names


def _root_variable(site: FunctionSite, place: Node | None) -> str | None:
    # `x`, `x.field`, `x[i]`, `self.items[0]` -> the variable the place lives in.
    while place is not None and place.type in _PLACES:
        place = place.named_children[0] if place.named_children else None
    if place is None or place.type not in ("identifier", "self"):
        return None
    return site.text(place)


def _borrowed_again_while_live(site: FunctionSite, let: Node, root: str, reference: str) -> bool:
    """Whether a later statement of the same block borrows ``root`` (a method call on it, `&root`, a macro
    argument) at or before a statement that still uses ``reference``."""
    statements = []
    sibling = let.next_named_sibling
    while sibling is not None:
        statements.append(sibling)
        sibling = sibling.next_named_sibling
    for index, statement in enumerate(statements):
        if not any(_is_shared_borrow(mention) for mention in site.mentions(root, within=statement)):
            continue
        if any(next(site.mentions(reference, within=later), None) is not None for later in statements[index:]):
            return True
    return False


def _is_shared_borrow(mention: Node) -> bool:
    if mention.parent is not None and mention.parent.type == "token_tree":
        return True  # format-like macros take their arguments by reference
    # Up from `x` through the place it starts: `x.items[0]` in `x.items[0].len()` or `&x.items[0]`.
    place = mention
    while (place.parent is not None and place.parent.type in _PLACES
           and place.parent.named_children and place.parent.named_children[0] == place):
        place = place.parent
    parent = place.parent
    if parent is None:
        return False
    if parent.type == "reference_expression":
        return not any(c.type == "mutable_specifier" for c in parent.children)
    if parent.type == "call_expression" and place.type == "field_expression" and place != mention:
        return parent.child_by_field_name("function") == place  # a method call: `x.len()`, `x.items.len()`
    return False
