"""The policy refuses, before anything runs, what could reach outside the crate at compile time."""

from __future__ import annotations

import pytest

from sleepy.sandbox import Outcome, check_files
from sleepy.sandbox.policy import MAX_FILE_BYTES, source_violation
from sleepy.sandbox.rust_tokens import Kind, tokenize, unescape
from tests.sandbox.conftest import SandboxFactory

OK_LIB = "pub fn f() -> i32 { 1 }\n"


@pytest.mark.parametrize(
    "path",
    ["Cargo.toml", "build.rs", "/etc/passwd", "/src/lib.rs", "src/../build.rs", "src/./x.rs", "../src/x.rs",
     "src/lib.txt", "tests/it.rs", "src\\x.rs", "src/.hidden.rs", "src//x.rs", "src/x.rs/"],
)
def test_only_src_rust_files_are_accepted(path: str) -> None:
    violation = check_files({"src/lib.rs": OK_LIB, path: OK_LIB})
    assert violation is not None and path in violation.reason


def test_nested_modules_are_fine() -> None:
    files = {"src/lib.rs": "mod util;\nmod geo;\n", "src/util.rs": OK_LIB, "src/geo/mod.rs": OK_LIB,
             "src/geo/point_2d.rs": OK_LIB}
    assert check_files(files) is None


def test_lib_rs_is_required_and_sizes_are_bounded() -> None:
    assert str(check_files({"src/main.rs": OK_LIB})) == "src/lib.rs is missing"
    too_big = check_files({"src/lib.rs": "//" + "x" * MAX_FILE_BYTES})
    assert too_big is not None and too_big.path == "src/lib.rs"
    many = {f"src/m{i}.rs": OK_LIB for i in range(70)} | {"src/lib.rs": OK_LIB}
    assert check_files(many) is not None


@pytest.mark.parametrize(
    "source",
    [
        "extern crate serde;",
        "extern crate libc as c;",
        "extern crate proc_macro;",
        "extern crate\n  self_update;",
        'include_str!("/etc/passwd");',
        'const X: &[u8] = include_bytes!("../../secret");',
        'include!("../target/x.rs");',
        'include_str!("\\x2fetc/passwd");',  # the escape decodes to an absolute path
        'include_str!("a/\\u{2e}\\u{2E}/b");',
        "include_str!(concat!(\"/etc\", \"/passwd\"));",
        "macro_rules! m { ($p:expr) => { include_str!($p) } }",
        "use std::include_str as grab;",
        "use std::{include as inc};",
        "core::include_bytes![r\"/etc/shadow\"];",
        'r#include_str!("/etc/passwd");',
        '#[path = "/etc/passwd"]\nmod evil;',
        '#[cfg_attr(all(), path = "x.rs")]\nmod evil;',
        "macro_rules! m { ($a:ident) => { #[$a = \"/x.rs\"] mod evil; } }",
        "/* unterminated comment with extern crate evil;",
        # rustc drops a first line starting `#!` (not `#![`) as a shebang, so the raw string
        # opened there does not exist for rustc and must not hide what follows from the policy.
        '#!/x r"\npub const S: &str = include_str!("/etc/shadow");\n// "',
        '\ufeff#!/x r"\npub const S: &str = include_str!("/etc/shadow");\n// "',
        '#! // [\nextern crate libc;',
        '#!/*[*/ r"\nextern crate libc; // "',
    ],
)
def test_refused_sources(source: str) -> None:
    assert source_violation(source) is not None, source


@pytest.mark.parametrize(
    "source",
    [
        "extern crate std;\nextern crate alloc;\nextern crate core as kore;",
        'pub const DATA: &str = include_str!("data.txt");',
        'include!("generated/table.rs");',
        "// extern crate serde; include_str!(\"/etc/passwd\") #[path = \"x\"]\npub fn f() {}",
        "/* nested /* extern crate serde; */ still comment */ pub fn f() {}",
        'pub fn f() -> &\'static str { "extern crate serde; include_str!(\\"/etc/passwd\\")" }',
        'pub fn f() -> &\'static str { r#"#[path = "x"] mod m;"# }',
        "pub fn include(list: &mut Vec<i32>, include: bool) -> bool { if include { list.push(1) } include }",
        "pub fn path(path: &str) -> &str { let path = path; path }",
        "#[derive(Debug)]\npub struct S { path: String }",
        "pub fn lifetimes<'a>(x: &'a str) -> char { let _ = x; 'x' }",
        "pub fn ch() -> [char; 3] { ['\\'', '\"', '\\u{1F600}'] }",
        "pub fn unterminated() { let s = \"oops; }",  # rustc reports this; nothing to hide here
        "#![allow(dead_code)]\npub fn f() {}",  # an inner attribute, not a shebang
        "#! /* c */ [allow(dead_code)]\npub fn f() {}",
    ],
)
def test_allowed_sources(source: str) -> None:
    assert source_violation(source) is None, source


def test_violation_reports_file_and_line() -> None:
    violation = check_files({"src/lib.rs": OK_LIB, "src/util.rs": "\n\nextern crate rand;\n"})
    assert violation is not None
    assert str(violation) == "src/util.rs: line 3: extern crate `rand` is not allowed (only alloc, core, std, test)"


def test_tokenizer_basics() -> None:
    tokens = tokenize("let s = b\"a\\n\"; // c\n let r = br##\"x\"#y\"##; 'l: loop {}")
    kinds = [(t.kind, t.value) for t in tokens]
    assert (Kind.STRING, "a\n") in kinds
    assert (Kind.STRING, 'x"#y') in kinds
    assert (Kind.LIFETIME, "l") in kinds
    assert tokens[-1].line == 2
    assert unescape("a\\\n    b") == "ab"
    assert unescape("\\q") is None


def test_shebang_line_is_dropped_as_rustc_does() -> None:
    tokens = tokenize('#!/usr/bin/env run-cargo-script r"\nfn main() {}')
    assert [t.value for t in tokens] == ["fn", "main", "(", ")", "{", "}"]
    assert tokens[0].line == 2
    assert [t.value for t in tokenize("#![no_std]")] == ["#", "!", "[", "no_std", "]"]
    assert [t.value for t in tokenize("#!//! doc\n[x]")][:2] == ["[", "x"]  # a doc comment is a token


@pytest.mark.parametrize(
    "files",
    [
        {"src/lib.rs": OK_LIB, "Cargo.toml": "[package]\nname = \"x\"\n"},
        {"src/lib.rs": "extern crate serde;\n"},
        {"src/lib.rs": 'pub const P: &str = include_str!("/etc/passwd");\n'},
        {"src/lib.rs": '#[path = "../../x.rs"]\nmod m;\n'},
        {"/tmp/x.rs": OK_LIB},
    ],
    ids=["cargo-toml", "extern-crate", "include-absolute", "path-attr", "absolute-path"],
)
def test_sandbox_refuses_without_compiling(sandbox: SandboxFactory, files: dict[str, str]) -> None:
    result = sandbox().run(files, "check")
    assert result.outcome is Outcome.SANDBOX_VIOLATION
    assert result.violation == result.reason != ""
    assert result.compile_seconds == 0.0 and result.compiler_output == ""
    signature = result.signature()
    assert signature is not None and signature.code == "sandbox_violation"
