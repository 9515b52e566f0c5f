"""The README's plugin example is a working plugin: it registers, passes the protocol check and judges."""

from __future__ import annotations

import re
import types
from pathlib import Path

from sleepy.gating import GateInput, GateResult, PairedOutcomes
from sleepy.registry import StrategyKind

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_plugin() -> types.ModuleType:
    [source] = re.findall(r"```python\n(# sleepy_mygate/__init__\.py\n.*?)```", README.read_text(), re.S)
    module = types.ModuleType("sleepy_mygate")
    exec(compile(source, str(README), "exec"), module.__dict__)
    return module


def test_the_readme_gate_registers_and_implements_the_gate_protocol(register_plugin, sleepy_registry):
    register_plugin(readme_plugin(), name="mygate")
    spec = sleepy_registry().get(StrategyKind.GATE, "mygate")
    gate = spec.build(spec.options(min_delta=0.6))
    rise = PairedOutcomes(current={"a": False, "b": False}, candidate={"a": True, "b": False})
    result = gate.evaluate(GateInput("cand", None, {"heldout": rise}))
    assert result == GateResult("mygate", False, ("heldout pass rate +50.0%",))
    lenient = spec.build(spec.options(min_delta=0.0))
    assert lenient.evaluate(GateInput("cand", None, {"heldout": rise})).passed is True
    assert lenient.evaluate(GateInput("cand", None, {})).passed is False
