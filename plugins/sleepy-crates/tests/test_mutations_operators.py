"""Each mutation operator on small Rust snippets: what it finds, what it leaves alone, and that the result parses."""

from __future__ import annotations

import textwrap

import pytest
from mutation_cases import CASES, Case
from sleepy_crates.mutations import apply, mutants
from sleepy_crates.rust_syntax import parses_cleanly


def found(source: str, operator: str) -> list[tuple[str, str, str]]:
    """(original, replacement, expected failure) of each mutant, after checking the whole file still parses."""
    source = textwrap.dedent(source)
    result = mutants(source, operators=[operator])
    for mutation in result:
        assert parses_cleanly(apply(source, mutation)), mutation
        assert mutation.operator == operator
    return [(m.original, m.replacement, m.expected_failure) for m in result]


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.operator}-{case.name}")
def test_each_case_yields_exactly_its_mutants_and_none_in_test_code(case: Case) -> None:
    assert tuple(found(case.source, case.operator)) == case.expected
    tests_start = case.source.encode().index(b"#[cfg(test)]")
    # Every operator on the crate: none may touch the test module, whose helper they would all mutate.
    everything = mutants(case.source)
    assert everything
    assert all(m.end_byte <= tests_start and not m.function.startswith("tests::") for m in everything)


def test_arithmetic_swaps_operators_but_not_string_concatenation_or_macro_arguments() -> None:
    assert found("""
        fn f(a: u32, b: u32, s: String) -> u32 {
            let mut x = a * b % 7;
            x <<= 1;
            let _t = s + "!";
            println!("{}", a + b);
            x ^ a
        }
        """, "arithmetic_operator") == [
        ("*", "/", "test_failure"), ("%", "/", "test_failure"), ("<<=", ">>=", "test_failure"),
        ("^", "|", "test_failure"),
    ]


def test_comparison_gives_boundary_and_direction_and_negation() -> None:
    assert found("fn f(a: i32) -> bool { a < 3 || a == 9 }", "comparison_operator") == [
        ("<", "<=", "test_failure"), ("<", ">", "test_failure"), ("==", "!=", "test_failure"),
    ]


def test_logical_swaps_and_and_or() -> None:
    assert found("fn f(a: bool, b: bool) -> bool { a && !b }", "logical_operator") == [("&&", "||", "test_failure")]


def test_off_by_one_moves_range_ends_and_positions_but_not_keys() -> None:
    assert found("""
        use std::collections::HashMap;
        fn f(v: &[u8], m: &HashMap<String, u8>, k: String, i: usize, a: usize) -> u8 {
            let _all = &v[1..];
            let _some = &v[1..=i];
            let _key = m[&k];
            v[0] + v[2] + v[i - 1] + v[a * i] + v[a << 1]
        }
        """, "off_by_one") == [
        ("..=", "..", "test_failure"), ("0", "1", "test_failure"), ("2", "1", "test_failure"),
        ("i - 1", "i", "test_failure"), ("a * i", "a * i + 1", "test_failure"),
        ("a << 1", "(a << 1) + 1", "test_failure"),
    ]


def test_swap_arguments_swaps_neighbours_that_differ() -> None:
    assert found("fn f(a: u8, b: u8) -> u8 { g(a, a) + g3(a, b, 3) }", "swap_arguments") == [
        ("a, b", "b, a", "test_failure"), ("b, 3", "3, b", "test_failure"),
    ]


def test_invert_condition_negates_if_and_while_but_not_if_let() -> None:
    assert found("""
        fn f(mut n: u32, o: Option<u32>, done: bool) -> u32 {
            while !done && n > 0 { n -= 1; }
            if let Some(x) = o { n += x; }
            if done { n } else if n > 2 { 1 } else { 0 }
        }
        """, "invert_condition") == [
        ("!done && n > 0", "!(!done && n > 0)", "test_failure"), ("done", "!done", "test_failure"),
        ("n > 2", "!(n > 2)", "test_failure"),
    ]
    assert found("fn g(flag: bool) { while !flag {} }", "invert_condition") == [("!flag", "flag", "test_failure")]


def test_delete_statement_deletes_calls_and_assignments_only() -> None:
    source = """
        fn f(v: &mut Vec<u8>) -> Option<usize> {
            let n = v.len();
            v.push(1); v.push(2);
            v.sort();
            if n > 3 { return None; }
            v.first()?;
            Some(n)
        }
        """
    assert found(source, "delete_statement") == [
        ("v.push(1);", "", "test_failure"), ("v.push(2);", "", "test_failure"),
        ("    v.sort();\n", "", "test_failure"), ("    v.first()?;\n", "", "test_failure"),
    ]


@pytest.mark.parametrize(("signature", "values"), [
    ("fn f(x: &mut u8)", ["()"]),
    ("fn f() -> ()", ["()"]),
    ("fn f() -> bool", ["false", "true"]),
    ("fn f() -> i64", ["0", "1"]),
    ("fn f() -> f32", ["0.0", "1.0"]),
    ("fn f() -> char", ["Default::default()"]),
    ("fn f() -> &'static str", ['""']),
    ("fn f(v: &[u8]) -> &[u8]", ["&[]"]),
    ("fn f() -> String", ["String::new()", '"xyzzy".into()']),
    ("fn f() -> Vec<u8>", ["Vec::new()"]),
    ("fn f() -> Option<u8>", ["None"]),
    ("fn f() -> Result<u8, String>", ["Ok(Default::default())"]),
    ("fn f() -> std::io::Result<u8>", ["Ok(Default::default())"]),
    ("fn f() -> fmt::Result", ["Ok(Default::default())"]),
    ("fn f() -> Box<u8>", ["Box::new(Default::default())"]),
    ("fn f() -> HashMap<u8, u8>", ["Default::default()"]),
    ("fn f() -> Self", ["Default::default()"]),
    ("fn f() -> impl Iterator<Item = u8>", []),
    ("fn f(x: &u8) -> &u8", []),
])
def test_default_body_picks_values_by_return_type(signature: str, values: list[str]) -> None:
    result = found(f"{signature} {{\n    todo!()\n}}\n", "default_body")
    assert [replacement for _, replacement, _ in result] == ["{}" if v == "()" else f"{{ {v} }}" for v in values]
    assert all(original == "{\n    todo!()\n}" and expected == "test_failure" for original, _, expected in result)


def test_default_body_skips_a_body_that_already_is_the_default() -> None:
    assert found("fn f() -> Option<u8> { None }\nfn g() {}\n", "default_body") == []


def test_option_variant_turns_some_into_none_only_in_expressions() -> None:
    assert found("""
        fn f(o: Option<u8>) -> Option<u8> {
            match o { Some(x) => Some(x + 1), None => None }
        }
        """, "option_variant") == [("Some(x + 1)", "None", "test_failure")]


def test_result_variant_swaps_ok_and_err() -> None:
    assert found('fn f(ok: bool) -> Result<u8, &\'static str> { if ok { Ok(1) } else { Err("no") } }',
                 "result_variant") == [("Ok", "Err", "E0308"), ("Err", "Ok", "E0308")]


def test_literal_type_changes_literals_only_where_the_type_is_fixed() -> None:
    assert found("""
        struct P { x: u8 }
        fn f(a: f64) -> bool {
            let inferred = 5;
            let typed: u64 = 7;
            let _p = P { x: 2 };
            g(3, 1_000, 4u8, -1);
            a == 2.5 && inferred + typed > 0 && a < 1e-9
        }
        """, "literal_type") == [
        ("7", "7.0", "E0308"), ("2", "2.0", "E0308"), ("3", "3.0", "E0308"), ("1", "1.0", "E0308"),
        ("2.5", "2", "E0308"), ("0", "0.0", "E0308"),
    ]


def test_remove_question_mark_predicts_the_error_from_how_the_value_is_used() -> None:
    assert found("""
        fn f(s: &str) -> Result<usize, std::num::ParseIntError> {
            g()?;
            let loose = s.parse::<usize>()?;
            let typed: usize = s.parse()?;
            let called = h()?.len();
            let field = h()?.size;
            Ok(loose + typed + called + field + w(s.parse()?))
        }
        """, "remove_question_mark") == [
        ("g()?", "g()", "test_failure"), ("s.parse::<usize>()?", "s.parse::<usize>()", "compile_error"),
        ("s.parse()?", "s.parse()", "E0308"), ("h()?", "h()", "E0599"), ("h()?", "h()", "E0609"),
        ("s.parse()?", "s.parse()", "E0308"),
    ]


def test_remove_reference_only_at_call_arguments_and_loops_over_a_later_used_value() -> None:
    assert found("""
        fn f(v: Vec<u8>, w: Vec<u8>) -> usize {
            let r = &v;
            for x in &w { g(&mut x.clone()); }
            for y in &v { g(y); }
            r.len() + v.len()
        }
        """, "remove_reference") == [
        ("&mut x.clone()", "x.clone()", "E0308"), ("&v", "v", "E0382"),
    ]


def test_remove_mut_on_lets_with_a_plain_name_and_mut_borrows_at_calls() -> None:
    assert found("""
        fn f() -> u8 {
            let (mut a, b) = (1, 2);
            a += b;
            let mut c = 0;
            let r = &mut c;
            g(&mut a);
            let mut d = 1;
            d = d * 2;
            *r + d
        }
        """, "remove_mut") == [("mut ", "", "E0596"), ("mut ", "", "E0308"), ("mut ", "", "E0384")]


def test_remove_clone_only_where_a_move_would_break() -> None:
    assert found("""
        fn f(a: String, b: String, v: &[String]) -> (String, String, String, usize) {
            let last = b.clone();
            let kept = a.clone();
            (kept, last, v[0].clone(), a.len() + Rc::clone(&x).len() + a.clone_from(1))
        }
        """, "remove_clone") == [("a.clone()", "a", "E0382"), ("v[0].clone()", "v[0]", "E0507")]


def test_mutable_borrow_needs_a_later_borrow_while_the_reference_lives() -> None:
    assert found("""
        fn f(mut v: Vec<u8>, w: Vec<u8>) -> usize {
            let a = &v[0];
            let n = v.len();
            println!("{}", a);
            let b = &v[1];
            let nb = *b as usize;
            let c = &w[0];
            let m = w.len();
            n + m + nb + *c as usize
        }
        """, "mutable_borrow") == [("&", "&mut ", "E0502")]


def test_mutable_borrow_sees_mut_self_and_mut_reference_parameters() -> None:
    source = """
        struct S { items: Vec<u8> }
        impl S {
            fn f(&mut self, out: &mut Vec<u8>) -> u8 {
                let first = &self.items[0];
                let o = &out[0];
                let n = self.items.len() + out.len();
                *first + *o + n as u8
            }
            fn g(&self) -> u8 {
                let first = &self.items[0];
                let _n = self.items.len();
                *first
            }
        }
        """
    result = mutants(textwrap.dedent(source), operators=["mutable_borrow"])
    assert [(m.function, m.line) for m in result] == [("S::f", 5), ("S::f", 6)]
