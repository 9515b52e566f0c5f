"""Small Rust crates, one per operator, with the mutants each operator must find in them.

Every crate passes its own tests; every listed mutant must fail as declared (test_mutations_compile.py
checks that with rustc). Each crate's test module also holds a helper full of mutable code, so that a
mutant inside it would show that test code was not skipped.
"""

from __future__ import annotations

import textwrap

from attrs import frozen

# Code the operators would mutate if they looked inside test modules.
_TEST_HELPER = """
fn helper(v: &[u32]) -> Option<u32> {
    let mut n = v[0] + 1;
    n += 1;
    if n > 0 && v.len() < 3 { Some(n.clone()) } else { None }
}

#[test]
fn helper_runs() {
    assert_eq!(helper(&[1]), Some(3));
}
"""


def crate_source(lib: str, tests: str) -> str:
    """``lib``, then ``tests`` and the helper inside `#[cfg(test)] mod tests`."""
    body = textwrap.indent(textwrap.dedent(tests).strip("\n") + "\n" + _TEST_HELPER, "    ")
    return f"{textwrap.dedent(lib).strip()}\n\n#[cfg(test)]\nmod tests {{\n    use super::*;\n\n{body}}}\n"


@frozen
class Case:
    """A crate, an operator, and the mutants (original text, replacement, expected failure) it must yield."""

    name: str
    operator: str
    lib: str
    tests: str
    expected: tuple[tuple[str, str, str], ...]

    @property
    def source(self) -> str:
        return crate_source(self.lib, self.tests)


CASES = (
    Case("compound_minus", "arithmetic_operator", """
        pub fn total(prices: &[u32]) -> u32 {
            let mut sum = 0;
            for p in prices {
                sum += p;
            }
            sum
        }
        """, """
        #[test]
        fn adds_up() {
            assert_eq!(total(&[1, 2, 3]), 6);
        }
        """, (("+=", "-=", "test_failure"),)),
    Case("adult_boundary", "comparison_operator", """
        pub fn is_adult(age: u32) -> bool {
            age >= 18
        }
        """, """
        #[test]
        fn eighteen_is_adult() {
            assert!(is_adult(18));
            assert!(is_adult(40));
            assert!(!is_adult(17));
        }
        """, ((">=", ">", "test_failure"), (">=", "<=", "test_failure"))),
    Case("either_flag", "logical_operator", """
        pub fn either(a: bool, b: bool) -> bool {
            a || b
        }
        """, """
        #[test]
        fn one_is_enough() {
            assert!(either(true, false));
        }
        """, (("||", "&&", "test_failure"),)),
    Case("sum_first", "off_by_one", """
        pub fn sum_first(v: &[i32], n: usize) -> i32 {
            let mut s = 0;
            for i in 0..n {
                s += v[i];
            }
            s
        }
        """, """
        #[test]
        fn first_two() {
            assert_eq!(sum_first(&[1, 2, 3, 4], 2), 3);
        }
        """, (("..", "..=", "test_failure"), ("i", "i + 1", "test_failure"))),
    Case("half", "swap_arguments", """
        pub fn ratio(a: f64, b: f64) -> f64 {
            a / b
        }

        pub fn half(x: f64) -> f64 {
            ratio(x, 2.0)
        }
        """, """
        #[test]
        fn halves() {
            assert_eq!(half(8.0), 4.0);
        }
        """, (("x, 2.0", "2.0, x", "test_failure"),)),
    Case("clamp", "invert_condition", """
        pub fn clamp_positive(x: i32) -> i32 {
            if x < 0 { 0 } else { x }
        }
        """, """
        #[test]
        fn clamps() {
            assert_eq!(clamp_positive(-5), 0);
            assert_eq!(clamp_positive(7), 7);
        }
        """, (("x < 0", "!(x < 0)", "test_failure"),)),
    Case("evens", "delete_statement", """
        pub fn collect_evens(v: &[u32]) -> Vec<u32> {
            let mut out = Vec::new();
            for &x in v {
                if x % 2 == 0 {
                    out.push(x);
                }
            }
            out
        }
        """, """
        #[test]
        fn keeps_evens() {
            assert_eq!(collect_evens(&[1, 2, 3, 4]), vec![2, 4]);
        }
        """, (("            out.push(x);\n", "", "test_failure"),)),
    Case("defaults", "default_body", """
        pub fn count_words(s: &str) -> usize {
            s.split_whitespace().count()
        }

        pub fn greeting(name: &str) -> String {
            format!("hello {name}")
        }

        pub fn first_even(v: &[u32]) -> Option<u32> {
            v.iter().copied().find(|x| x % 2 == 0)
        }
        """, """
        #[test]
        fn counts() {
            assert_eq!(count_words("a b c"), 3);
        }

        #[test]
        fn greets() {
            assert_eq!(greeting("bob"), "hello bob");
        }

        #[test]
        fn finds() {
            assert_eq!(first_even(&[1, 4]), Some(4));
        }
        """, (
        ("{\n    s.split_whitespace().count()\n}", "{ 0 }", "test_failure"),
        ("{\n    s.split_whitespace().count()\n}", "{ 1 }", "test_failure"),
        ('{\n    format!("hello {name}")\n}', "{ String::new() }", "test_failure"),
        ('{\n    format!("hello {name}")\n}', '{ "xyzzy".into() }', "test_failure"),
        ("{\n    v.iter().copied().find(|x| x % 2 == 0)\n}", "{ None }", "test_failure"),
    )),
    Case("find_index", "option_variant", """
        pub fn find_index(v: &[i32], target: i32) -> Option<usize> {
            for (i, &x) in v.iter().enumerate() {
                if x == target {
                    return Some(i);
                }
            }
            None
        }
        """, """
        #[test]
        fn finds_it() {
            assert_eq!(find_index(&[5, 6], 6), Some(1));
        }
        """, (("Some(i)", "None", "test_failure"),)),
    Case("parse_port", "result_variant", """
        pub fn parse_port(s: &str) -> Result<u16, String> {
            match s.parse::<u16>() {
                Ok(p) => Ok(p),
                Err(e) => Err(e.to_string()),
            }
        }
        """, """
        #[test]
        fn parses() {
            assert_eq!(parse_port("80"), Ok(80));
        }
        """, (("Ok", "Err", "E0308"), ("Err", "Ok", "E0308"))),
    Case("area", "literal_type", """
        pub fn area(w: u32, h: u32) -> u32 {
            let unit: u32 = 1;
            w * h * unit
        }

        pub fn is_blank(v: &[u8]) -> bool {
            if v.is_empty() {
                return true;
            }
            false
        }
        """, """
        #[test]
        fn multiplies() {
            assert_eq!(area(2, 3), 6);
            assert!(is_blank(&[]));
        }
        """, (("1", "1.0", "E0308"), ("true", "1", "E0308"), ("false", "0", "E0308"))),
    Case("double", "remove_question_mark", """
        pub fn double(s: &str) -> Result<i32, std::num::ParseIntError> {
            let n: i32 = s.trim().parse()?;
            Ok(n * 2)
        }

        pub fn first_len(s: &str) -> Option<usize> {
            Some(s.split(',').next()?.trim().len())
        }
        """, """
        #[test]
        fn doubles() {
            assert_eq!(double(" 4"), Ok(8));
            assert_eq!(first_len("ab,c"), Some(2));
        }
        """, (("s.trim().parse()?", "s.trim().parse()", "E0308"),
              ("s.split(',').next()?", "s.split(',').next()", "E0599"))),
    Case("report", "remove_reference", """
        fn total_len(words: &[String]) -> usize {
            words.iter().map(|w| w.len()).sum()
        }

        pub fn report(words: Vec<String>) -> usize {
            let mut long = 0;
            for w in &words {
                if w.len() > 3 {
                    long += 1;
                }
            }
            total_len(&words) + long + words.len()
        }
        """, """
        #[test]
        fn reports() {
            assert_eq!(report(vec!["tree".to_string(), "a".to_string()]), 8);
        }
        """, (("&words", "words", "E0382"), ("&words", "words", "E0308"))),
    Case("counters", "remove_mut", """
        pub fn sum_to(n: u32) -> u32 {
            let mut total = 0;
            for i in 1..=n {
                total += i;
            }
            total
        }

        pub fn squares(n: u32) -> Vec<u32> {
            let mut v = Vec::new();
            for i in 0..n {
                v.push(i * i);
            }
            v
        }

        fn bump(x: &mut u32) {
            *x += 1;
        }

        pub fn bumped(start: u32) -> u32 {
            let mut v = start;
            bump(&mut v);
            v
        }
        """, """
        #[test]
        fn counts() {
            assert_eq!(sum_to(3), 6);
            assert_eq!(squares(3), vec![0, 1, 4]);
            assert_eq!(bumped(1), 2);
        }
        """, (("mut ", "", "E0384"), ("mut ", "", "E0596"), ("mut ", "", "E0596"), ("mut ", "", "E0308"))),
    Case("team", "remove_clone", """
        pub struct Team {
            pub names: Vec<String>,
            pub label: String,
        }

        impl Team {
            pub fn first(&self) -> String {
                self.names[0].clone()
            }

            pub fn label(&self) -> String {
                self.label.clone()
            }
        }

        pub fn pair(name: String) -> (String, usize) {
            let copy = name.clone();
            (copy, name.len())
        }
        """, """
        #[test]
        fn clones() {
            let team = Team { names: vec!["ann".to_string()], label: "x".to_string() };
            assert_eq!(team.first(), "ann");
            assert_eq!(team.label(), "x");
            assert_eq!(pair("bo".to_string()), ("bo".to_string(), 2));
        }
        """, (("self.names[0].clone()", "self.names[0]", "E0507"), ("self.label.clone()", "self.label", "E0507"),
              ("name.clone()", "name", "E0382"))),
    Case("first_and_len", "mutable_borrow", """
        pub fn first_and_len(mut v: Vec<i32>) -> (i32, usize) {
            v.push(0);
            let first = &v[0];
            let n = v.len();
            (*first, n)
        }
        """, """
        #[test]
        fn reads() {
            assert_eq!(first_and_len(vec![7]), (7, 2));
        }
        """, (("&", "&mut ", "E0502"),)),
    Case("stack_peek", "mutable_borrow", """
        pub struct Stack {
            items: Vec<u32>,
        }

        impl Stack {
            pub fn push_and_peek(&mut self, x: u32) -> (u32, usize) {
                self.items.push(x);
                let top = &self.items[self.items.len() - 1];
                let depth = self.items.len();
                (*top, depth)
            }
        }
        """, """
        #[test]
        fn peeks() {
            let mut s = Stack { items: vec![1] };
            assert_eq!(s.push_and_peek(5), (5, 2));
        }
        """, (("&", "&mut ", "E0502"),)),
)
