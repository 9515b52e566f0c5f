"""One function under mutation: its syntax nodes, and how an edit of them becomes a Mutation record."""

from __future__ import annotations

from collections.abc import Iterator

from attrs import frozen
from tree_sitter import Node

from sleepy_crates.mutations.model import Mutation
from sleepy_crates.rust_syntax import RustFunction

# Not part of this function's own code: nested items are sites of their own, and a macro's
# arguments are an unparsed token tree (an `a < b` there is not a comparison to tree-sitter).
_OPAQUE = frozenset({
    "function_item", "impl_item", "trait_item", "mod_item", "macro_definition",
    "token_tree", "attribute_item", "inner_attribute_item",
})
# Nested items only: identifiers inside macro arguments still count as mentions of a variable.
_OTHER_ITEMS = frozenset({"function_item", "impl_item", "trait_item", "mod_item", "macro_definition"})


@frozen(eq=False)
class FunctionSite:
    """A function's node in the parsed file, with the file's bytes to read text and lines from."""

    function: RustFunction
    node: Node  # the function_item
    source: bytes

    @property
    def body(self) -> Node:
        body = self.node.child_by_field_name("body")
        assert body is not None, f"{self.function.path} has no body"  # function_nodes lists only bodies
        return body

    @property
    def return_type(self) -> Node | None:
        return self.node.child_by_field_name("return_type")

    def text(self, node: Node | None) -> str:
        """The source text of ``node`` ("" for None)."""
        if node is None:
            return ""
        return self.source[node.start_byte:node.end_byte].decode("utf-8", errors="replace")

    def code(self, *kinds: str) -> Iterator[Node]:
        """Nodes of the given kinds in this function's own code (not macro arguments, not nested items), in order."""
        yield from _walk(self.body.children, kinds, skip=_OPAQUE)

    def mentions(self, name: str, *, after: int = 0, within: Node | None = None) -> Iterator[Node]:
        """Identifiers spelled ``name`` (in the body, or in ``within`` and itself) starting at or after byte
        ``after``, macro arguments included."""
        start = [within] if within is not None else self.body.children
        for node in _walk(start, ("identifier", "self"), skip=_OTHER_ITEMS):
            if node.start_byte >= after and self.text(node) == name:
                yield node

    def mutation(
        self, operator: str, node: Node, replacement: str, description: str, expected_failure: str,
    ) -> Mutation:
        """The record of replacing ``node``'s text by ``replacement``."""
        return self.span_mutation(operator, node.start_byte, node.end_byte, replacement, description, expected_failure)

    def span_mutation(
        self, operator: str, start: int, end: int, replacement: str, description: str, expected_failure: str,
    ) -> Mutation:
        """The record of replacing bytes ``start:end`` of the file by ``replacement``."""
        return Mutation(
            operator=operator, function=self.function.path, start_byte=start, end_byte=end,
            original=self.source[start:end].decode("utf-8", errors="replace"), replacement=replacement,
            line=self.source.count(b"\n", 0, start) + 1, description=description,
            expected_failure=expected_failure,
        )


def _walk(start: list[Node], kinds: tuple[str, ...], *, skip: frozenset[str]) -> Iterator[Node]:
    stack = list(reversed(start))
    while stack:
        node = stack.pop()
        if node.type in skip:
            continue
        if not kinds or node.type in kinds:
            yield node
        stack.extend(reversed(node.children))
