"""Rust source as a tree-sitter syntax tree: the functions it defines, and whether it parses cleanly.

Byte offsets are offsets into the UTF-8 encoding of the source, as tree-sitter reports them; lines
are 1-based.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator

import tree_sitter_rust
from attrs import frozen
from tree_sitter import Language, Node, Parser, Tree

# Items whose attributes decide whether everything inside them is test-only code.
_ITEMS_WITH_ATTRIBUTES = frozenset({"mod_item", "impl_item", "trait_item", "function_item"})
# Attribute paths that make a function a test (the last segment also covers `tokio::test`).
_TEST_ATTRIBUTES = frozenset({"test", "bench"})
_COMMENTS = frozenset({"line_comment", "block_comment"})


@frozen
class RustFunction:
    """One function with a body: a free function, a method in an impl block, or a trait's default method."""

    name: str
    path: str  # qualified: `Type::method`, `<Type as Trait>::method`, `module::function`
    start_byte: int
    end_byte: int
    start_line: int
    end_line: int
    is_test: bool  # carries #[test] (or #[bench], `#[tokio::test]`, ...)
    in_test_code: bool  # inside an item compiled only under #[cfg(test)], or itself #[cfg(test)]

    @property
    def mutable(self) -> bool:
        """Whether mutation operators may touch it: never a test, never code compiled only for tests."""
        return not (self.is_test or self.in_test_code)


@frozen
class SyntaxProblem:
    """A place where tree-sitter had to recover: an ERROR node or a MISSING token."""

    kind: str  # "error" or "missing"
    line: int
    column: int  # 1-based, in bytes
    text: str  # the ERROR node's text, or the missing token's kind

    def __str__(self) -> str:
        what = f"missing {self.text!r}" if self.kind == "missing" else f"cannot parse {self.text[:40]!r}"
        return f"line {self.line}, column {self.column}: {what}"


@functools.cache
def _parser() -> Parser:
    return Parser(Language(tree_sitter_rust.language()))


def parse(source: str | bytes) -> Tree:
    """The syntax tree of ``source`` (tree-sitter always returns one; see `syntax_problems`)."""
    data = source.encode() if isinstance(source, str) else source
    return _parser().parse(data)


def syntax_problems(source: str | bytes, *, limit: int = 10) -> list[SyntaxProblem]:
    """The first ``limit`` ERROR and MISSING nodes of ``source``, in source order; empty when it parses cleanly."""
    root = parse(source).root_node
    if not root.has_error:
        return []
    found: list[SyntaxProblem] = []
    for node in _walk(root, enter=lambda n: n.has_error):
        if node.is_missing or node.type == "ERROR":
            kind = "missing" if node.is_missing else "error"
            text = node.type if node.is_missing else _text(node)
            found.append(SyntaxProblem(kind, node.start_point.row + 1, node.start_point.column + 1, text))
            if len(found) >= limit:
                break
    return found


def parses_cleanly(source: str | bytes) -> bool:
    """True when ``source`` has no ERROR or MISSING node."""
    return not parse(source).root_node.has_error


def identifiers(source: str | bytes) -> set[str]:
    """Every identifier in ``source`` (paths, types, fields, macro bodies), none from comments or strings."""
    return {_text(node).removeprefix("r#") for node in _walk(parse(source).root_node)
            if node.type.endswith("identifier") and node.child_count == 0}


def functions(source: str | bytes) -> list[RustFunction]:
    """Every function with a body in ``source``, in source order."""
    return [function for function, _ in function_nodes(parse(source))]


def function_nodes(tree: Tree) -> list[tuple[RustFunction, Node]]:
    """Every function with a body and its `function_item` node, in source order."""
    root = tree.root_node
    found: list[tuple[RustFunction, Node]] = []
    _collect(root, scope=(), in_test_code=_inner_cfg_test(root), found=found)
    return found


def _collect(node: Node, scope: tuple[str, ...], in_test_code: bool, found: list[tuple[RustFunction, Node]]) -> None:
    for child in node.named_children:
        kind = child.type
        if kind not in _ITEMS_WITH_ATTRIBUTES:
            if kind not in ("attribute_item", "inner_attribute_item") and not kind.endswith("_comment"):
                _collect(child, scope, in_test_code, found)  # blocks, macro-free statements, ...
            continue
        attributes = _outer_attributes(child)
        test_only = in_test_code or any(_is_cfg_test(a) for a in attributes)
        body = child.child_by_field_name("body")
        if kind == "function_item":
            name = _text(child.child_by_field_name("name"))
            if body is not None:
                is_test = any(_attribute_path(a).rsplit("::", 1)[-1] in _TEST_ATTRIBUTES for a in attributes)
                found.append((RustFunction(
                    name=name, path="::".join((*scope, name)),
                    start_byte=child.start_byte, end_byte=child.end_byte,
                    start_line=child.start_point.row + 1, end_line=child.end_point.row + 1,
                    is_test=is_test, in_test_code=test_only,
                ), child))
                # Functions nested in a body are listed on their own, under the outer one's path.
                _collect(body, (*scope, name), test_only, found)
            continue
        if body is None:
            continue  # `mod name;`: its items live in another file
        test_only = test_only or _inner_cfg_test(body)
        _collect(body, (*scope, _scope_name(child)), test_only, found)


def _scope_name(item: Node) -> str:
    if item.type == "impl_item":
        self_type = _strip_generics(_text(item.child_by_field_name("type")))
        trait = item.child_by_field_name("trait")
        return f"<{self_type} as {_strip_generics(_text(trait))}>" if trait is not None else self_type
    return _text(item.child_by_field_name("name"))


def _strip_generics(type_text: str) -> str:
    # `Foo<'a, T>` -> `Foo`; `&'a mut [T]` and tuples stay as written, spaces normalised.
    head = type_text.split("<", 1)[0] if not type_text.startswith(("&", "(", "[")) else type_text
    return " ".join(head.split())


def _outer_attributes(item: Node) -> list[Node]:
    """The `#[...]` attributes written right before ``item`` (doc comments between them are skipped)."""
    attributes: list[Node] = []
    sibling = item.prev_named_sibling
    while sibling is not None and (sibling.type == "attribute_item" or sibling.type in _COMMENTS):
        if sibling.type == "attribute_item":
            attributes.extend(c for c in sibling.named_children if c.type == "attribute")
        sibling = sibling.prev_named_sibling
    return attributes


def _inner_cfg_test(container: Node) -> bool:
    """Whether ``container`` (a file or a module body) starts with `#![cfg(test)]`."""
    for child in container.named_children:
        if child.type in _COMMENTS:
            continue
        if child.type != "inner_attribute_item":
            return False
        if any(_is_cfg_test(a) for a in child.named_children if a.type == "attribute"):
            return True
    return False


def _attribute_path(attribute: Node) -> str:
    first = attribute.named_children[0] if attribute.named_children else None
    return _text(first) if first is not None and first.type in ("identifier", "scoped_identifier") else ""


def _is_cfg_test(attribute: Node) -> bool:
    """`#[cfg(test)]` or `#[cfg(all(test, ...))]`: code that exists only in the test build."""
    if _attribute_path(attribute) != "cfg":
        return False
    arguments = attribute.child_by_field_name("arguments")
    return arguments is not None and _predicate_needs_test(arguments)


def _predicate_needs_test(token_tree: Node) -> bool:
    """Whether the cfg predicate in ``token_tree`` (`(test)`, `(all(test, ...))`) holds only in a test build."""
    parts = token_tree.named_children
    if len(parts) == 1:
        return parts[0].type == "identifier" and _text(parts[0]) == "test"
    if len(parts) == 2 and _text(parts[0]) == "all" and parts[1].type == "token_tree":
        return _all_needs_test(parts[1])
    return False


def _all_needs_test(arguments: Node) -> bool:
    # `all(a, test, b(..))`: true when one conjunct is `test` or is itself an `all(...)` that needs it.
    items = arguments.named_children
    for index, item in enumerate(items):
        following = items[index + 1] if index + 1 < len(items) else None
        called = following is not None and following.type == "token_tree"
        if item.type == "identifier" and _text(item) == "test" and not called:
            return True
        if (item.type == "identifier" and _text(item) == "all" and called and following is not None
                and _all_needs_test(following)):
            return True
    return False


def _walk(node: Node, enter: Callable[[Node], bool] | None = None) -> Iterator[Node]:
    """Pre-order walk; ``enter(node)`` (when given) decides whether to descend into a node's children."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if enter is None or enter(current):
            stack.extend(reversed(current.children))


def _text(node: Node | None) -> str:
    if node is None or node.text is None:
        return ""
    return node.text.decode("utf-8", errors="replace")
