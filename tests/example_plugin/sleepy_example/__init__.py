"""An example plugin: registers the `always-pass` gate."""

from __future__ import annotations

from attrs import frozen

from sleepy import Gate, GateInput, GateResult, Registrar, hookimpl, option


@frozen
class AlwaysPassOptions:
    """Options of the `always-pass` gate."""

    reason: str = option("Reason recorded with every decision.", default="example plugin")


class AlwaysPassGate:
    """Passes every candidate (a demonstration, never a real gate)."""

    def __init__(self, options: AlwaysPassOptions) -> None:
        self.options = options

    def evaluate(self, gate_input: GateInput) -> GateResult:
        return GateResult("always-pass", True, (self.options.reason,))


@hookimpl
def sleepy_register_gates(register: Registrar[Gate]) -> None:
    register.add("always-pass", AlwaysPassGate, options=AlwaysPassOptions, description="Passes everything.")
