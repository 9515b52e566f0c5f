"""The mutation engine: operator selection, order, the re-parse filter, duplicates, `apply`, and a real crate file."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from sleepy_crates.mutations import OPERATORS, Mutation, MutationError, Operator, apply, mutants, select_operators
from sleepy_crates.mutations import registry as registry_module
from sleepy_crates.mutations.site import FunctionSite
from sleepy_crates.rust_syntax import functions, parses_cleanly

SOURCE = textwrap.dedent("""\
    pub fn first(v: &[u32]) -> Option<u32> {
        if v.len() > 0 { Some(v[0]) } else { None }
    }

    pub fn second(a: u32, b: u32) -> u32 {
        a + b
    }
    """)


def test_an_unknown_operator_is_a_one_line_error_naming_the_known_ones() -> None:
    with pytest.raises(MutationError) as raised:
        mutants(SOURCE, operators=["flip_everything", "off_by_one"])
    message = str(raised.value)
    assert "\n" not in message
    assert "'flip_everything'" in message
    assert all(name in message for name in OPERATORS)


def test_selected_operators_keep_the_registry_order() -> None:
    chosen = select_operators(["remove_mut", "arithmetic_operator"])
    assert [op.name for op in chosen] == ["arithmetic_operator", "remove_mut"]
    assert [op.name for op in select_operators()] == list(OPERATORS)
    assert all(op.summary for op in OPERATORS.values())


def test_order_is_function_then_operator_then_place() -> None:
    found = mutants(SOURCE)
    assert found == mutants(SOURCE)
    assert [m.function for m in found] == sorted((m.function for m in found), key=["first", "second"].index)
    names = list(OPERATORS)
    for function in ("first", "second"):
        keys = [(names.index(m.operator), m.start_byte) for m in found if m.function == function]
        assert keys == sorted(keys)
    assert {m.operator for m in found} >= {"comparison_operator", "off_by_one", "invert_condition", "default_body",
                                           "option_variant", "arithmetic_operator", "literal_type"}


def test_apply_makes_the_edit_and_refuses_a_source_that_does_not_match() -> None:
    mutation = next(m for m in mutants(SOURCE, operators=["arithmetic_operator"]))
    assert "a - b" in apply(SOURCE, mutation)
    changed = SOURCE.replace("a + b", "a * b")
    with pytest.raises(MutationError, match=r"expected '\+' at bytes \d+\.\.\d+, found '\*'"):
        apply(changed, mutation)


def _scripted(edits: list[tuple[str, str]]) -> Operator:
    """An operator that makes the given (original text, replacement) edits in every function where the text occurs."""
    def generate(site: FunctionSite) -> Iterator[Mutation]:
        for original, replacement in edits:
            text = site.text(site.node)
            if original in text:
                start = site.node.start_byte + text.encode().index(original.encode())
                yield site.span_mutation("scripted", start, start + len(original.encode()), replacement,
                                         "scripted edit", "test_failure")
    return Operator("scripted", generate)


def test_mutants_that_do_not_parse_and_repeated_edits_are_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    operator = _scripted([("a + b", "a + "), ("a + b", "a - b"), ("a + b", "a - b"), ("{ None }", "{ None")])
    monkeypatch.setitem(registry_module.OPERATORS, "scripted", operator)
    found = mutants(SOURCE, operators=["scripted"])
    assert [(m.original, m.replacement) for m in found] == [("a + b", "a - b")]
    assert parses_cleanly(apply(SOURCE, found[0]))


def test_a_function_that_does_not_parse_is_skipped_and_the_others_are_not() -> None:
    broken = SOURCE + "\npub fn third(x: u32) -> u32 {\n    let y = ;\n    x + 1\n}\n"
    found = mutants(broken)
    assert {m.function for m in found} == {"first", "second"}


def test_the_expected_failure_must_be_in_the_koan_vocabulary() -> None:
    mutation = mutants(SOURCE, operators=["arithmetic_operator"])[0]
    for good in ("E0382", "test_failure", "compile_error"):
        assert attrs.evolve(mutation, expected_failure=good).expected_failure == good
    with pytest.raises(ValueError):
        attrs.evolve(mutation, expected_failure="borrow_error")


_STRSIM = sorted(Path("/usr/share/cargo/registry").glob("strsim-*/src/lib.rs"))


@pytest.mark.skipif(not _STRSIM, reason="strsim is not installed (apt-get install librust-strsim-dev)")
def test_a_real_crate_file_gets_parsing_mutants_outside_its_tests() -> None:
    source = _STRSIM[-1].read_text()
    listed = functions(source)
    test_code = [(f.start_byte, f.end_byte) for f in listed if not f.mutable]
    assert test_code, "strsim's lib.rs has a test module"
    found = mutants(source)
    assert len({m.operator for m in found}) >= 10
    assert len({m.key for m in found}) == len(found)
    for mutation in found:
        assert parses_cleanly(apply(source, mutation)), mutation
        assert not any(start <= mutation.start_byte < end for start, end in test_code), mutation
