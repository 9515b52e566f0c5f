"""Mutants of a Rust source file: every operator on every function that is not test code."""

from __future__ import annotations

from collections.abc import Iterable

from sleepy_crates.mutations.model import Mutation, MutationError
from sleepy_crates.mutations.registry import select_operators
from sleepy_crates.mutations.site import FunctionSite
from sleepy_crates.rust_syntax import function_nodes, parse, parses_cleanly


def mutants(source: str, *, operators: Iterable[str] | None = None) -> list[Mutation]:
    """Every mutation of ``source``'s non-test functions, in order: function by function (source order),
    operator by operator (registry order), then by place in the source. A mutant whose function
    no longer parses is dropped, and so is one that repeats an earlier edit.

    A function tree-sitter could not parse cleanly is skipped: its mutants could not be checked.
    """
    chosen = select_operators(operators)
    data = source.encode()
    found: list[Mutation] = []
    seen: set[tuple[int, int, str]] = set()
    for function, node in function_nodes(parse(data)):
        if not function.mutable or node.has_error:
            continue
        site = FunctionSite(function, node, data)
        for operator in chosen:
            # Source order; alternatives for the same span keep the order the operator gives them.
            for mutation in sorted(operator.generate(site), key=lambda m: (m.start_byte, m.end_byte)):
                if mutation.key in seen or not _function_parses(data, function.start_byte, function.end_byte,
                                                                mutation):
                    continue
                seen.add(mutation.key)
                found.append(mutation)
    return found


def apply(source: str, mutation: Mutation) -> str:
    """``source`` with ``mutation`` made; a one-line error when the source does not have the original text there."""
    data = source.encode()
    present = data[mutation.start_byte:mutation.end_byte].decode("utf-8", errors="replace")
    if present != mutation.original:
        raise MutationError(
            f"{mutation.operator} on {mutation.function} (line {mutation.line}): expected {mutation.original!r} "
            f"at bytes {mutation.start_byte}..{mutation.end_byte}, found {present!r}"
        )
    return _splice(data, mutation).decode()


def _splice(data: bytes, mutation: Mutation) -> bytes:
    return data[:mutation.start_byte] + mutation.replacement.encode() + data[mutation.end_byte:]


def _function_parses(data: bytes, start: int, end: int, mutation: Mutation) -> bool:
    # The mutated function alone: a function item parses the same at the top level as in an impl or
    # a module, and this stays cheap however large the file is.
    return parses_cleanly(_splice(data, mutation)[start:end + len(mutation.replacement.encode())
                                                 - (mutation.end_byte - mutation.start_byte)])
