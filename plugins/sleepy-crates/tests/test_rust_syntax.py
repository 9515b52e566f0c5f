"""Functions found in Rust source with tree-sitter: paths, spans, test code; and the syntax check."""

from __future__ import annotations

import textwrap

from sleepy_crates.rust_syntax import RustFunction, functions, identifiers, parses_cleanly, syntax_problems

SOURCE = textwrap.dedent("""\
    //! A crate.
    use std::fmt;

    pub fn add(a: i32, b: i32) -> i32 {
        fn twice(x: i32) -> i32 { x * 2 }
        twice(a) + b
    }

    pub struct Meters<T>(T);

    impl<T: Copy> Meters<T> {
        pub fn get(&self) -> T {
            self.0
        }
    }

    impl fmt::Display for Meters<u32> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "{} m", self.0)
        }
    }

    pub trait Shape {
        fn area(&self) -> f64;
        fn double_area(&self) -> f64 {
            self.area() * 2.0
        }
    }

    mod inner {
        pub(crate) fn helper() -> u8 { 1 }
    }

    #[cfg(not(test))]
    fn only_outside_tests() {}

    #[cfg(all(unix, test))]
    fn only_in_unix_tests() {}

    #[cfg(test)]
    mod tests {
        use super::*;

        fn fixture() -> i32 { 3 }

        /// Adds.
        #[test]
        fn adds() {
            assert_eq!(add(fixture(), 1), 7);
        }
    }

    mod more_tests {
        #![cfg(test)]
        fn also_test_code() {}
    }

    #[tokio::test]
    async fn async_test() {}
    """)


def _by_path() -> dict[str, RustFunction]:
    return {f.path: f for f in functions(SOURCE)}


def test_every_function_with_a_body_is_found_in_source_order() -> None:
    assert [f.path for f in functions(SOURCE)] == [
        "add", "add::twice", "Meters::get", "<Meters as fmt::Display>::fmt", "Shape::double_area",
        "inner::helper", "only_outside_tests", "only_in_unix_tests", "tests::fixture", "tests::adds",
        "more_tests::also_test_code", "async_test",
    ]


def test_spans_and_lines_locate_the_function_text() -> None:
    data = SOURCE.encode()
    for function in functions(SOURCE):
        text = data[function.start_byte:function.end_byte].decode()
        assert text.startswith(("pub fn", "fn", "pub(crate) fn", "async fn")), function.path
        assert f"fn {function.name}" in text
        assert text.endswith("}")
        lines = SOURCE.splitlines()[function.start_line - 1:function.end_line]
        assert f"fn {function.name}" in lines[0]
        assert lines[-1].rstrip().endswith("}")
    get = _by_path()["Meters::get"]
    assert (get.start_line, get.end_line) == (12, 14)


def test_test_functions_and_test_modules_are_marked() -> None:
    by_path = _by_path()
    test_code = {path for path, f in by_path.items() if not f.mutable}
    assert test_code == {"only_in_unix_tests", "tests::fixture", "tests::adds", "more_tests::also_test_code",
                         "async_test"}
    assert by_path["tests::adds"].is_test and by_path["tests::adds"].in_test_code
    assert not by_path["tests::fixture"].is_test and by_path["tests::fixture"].in_test_code
    assert by_path["async_test"].is_test and not by_path["async_test"].in_test_code
    assert by_path["only_outside_tests"].mutable  # cfg(not(test)) is the opposite of test code


def test_a_clean_source_has_no_syntax_problems() -> None:
    assert parses_cleanly(SOURCE)
    assert syntax_problems(SOURCE) == []


def test_errors_and_missing_tokens_are_reported_with_their_place() -> None:
    broken = "fn f(a: i32 {\n    let x = ;\n}\n"
    assert not parses_cleanly(broken)
    problems = syntax_problems(broken)
    assert problems, "a broken function must show a problem"
    assert {p.kind for p in problems} <= {"error", "missing"}
    assert all(1 <= p.line <= 3 and p.column >= 1 for p in problems)
    assert str(problems[0]).startswith(f"line {problems[0].line}, column ")


def test_bytes_are_utf8_offsets() -> None:
    source = 'fn greet() -> &\'static str { "héllo" }\nfn after() {}\n'
    after = functions(source)[1]
    assert source.encode()[after.start_byte:after.end_byte] == b"fn after() {}"


def test_identifiers_are_read_from_code_only_even_when_it_does_not_parse() -> None:
    source = textwrap.dedent("""\
        //! in_a_comment
        extern crate ext_crate;
        use serde::Serialize;
        #[derive(serde_derive::Deserialize)]
        struct S { field_x: u8 }
        /// in_a_doc_comment
        fn f() { let s = "in_a_string"; let r#type = 1; serde_json::json!({"a": in_a_macro::x}); /* in_a_block */ }
        fn broken( { after_an_error::call(
        """)
    found = identifiers(source)
    assert {"ext_crate", "serde", "serde_derive", "serde_json", "in_a_macro", "field_x", "type",
            "after_an_error"} <= found
    assert not {"in_a_comment", "in_a_doc_comment", "in_a_string", "in_a_block", "r#type"} & found
