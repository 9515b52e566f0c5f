"""The mutation operators by name, in the order `mutants` applies them."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from attrs import frozen

from sleepy_crates.mutations import binary, control, ownership, values
from sleepy_crates.mutations.model import Mutation, MutationError
from sleepy_crates.mutations.site import FunctionSite


@frozen
class Operator:
    """A named mutation operator: everything it can do to one function."""

    name: str
    generate: Callable[[FunctionSite], Iterable[Mutation]]

    @property
    def summary(self) -> str:
        """The first line of the operator's docstring."""
        return (self.generate.__doc__ or "").strip().splitlines()[0]


OPERATORS: dict[str, Operator] = {op.name: op for op in (
    Operator("arithmetic_operator", binary.arithmetic_operator),
    Operator("comparison_operator", binary.comparison_operator),
    Operator("logical_operator", binary.logical_operator),
    Operator("off_by_one", control.off_by_one),
    Operator("swap_arguments", control.swap_arguments),
    Operator("invert_condition", control.invert_condition),
    Operator("delete_statement", control.delete_statement),
    Operator("default_body", values.default_body),
    Operator("option_variant", values.option_variant),
    Operator("result_variant", values.result_variant),
    Operator("literal_type", values.literal_type),
    Operator("remove_question_mark", ownership.remove_question_mark),
    Operator("remove_reference", ownership.remove_reference),
    Operator("remove_mut", ownership.remove_mut),
    Operator("remove_clone", ownership.remove_clone),
    Operator("mutable_borrow", ownership.mutable_borrow),
)}


def select_operators(names: Iterable[str] | None = None) -> list[Operator]:
    """The operators named (all of them for None), in registry order; an unknown name is a one-line error."""
    if names is None:
        return list(OPERATORS.values())
    wanted = list(names)
    unknown = [name for name in wanted if name not in OPERATORS]
    if unknown:
        raise MutationError(f"unknown mutation operator {', '.join(map(repr, unknown))}; "
                            f"known: {', '.join(OPERATORS)}")
    return [op for name, op in OPERATORS.items() if name in wanted]
