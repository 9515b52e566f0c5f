"""A tiny Cargo project with no dependencies, for the project-sandbox tests: unit, integration and doc tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

ADD_LINE = "    a + b\n"

TALLY = {
    "Cargo.toml": """
        [package]
        name = "tally"
        version = "0.2.0"
        edition = "2021"
    """,
    "src/lib.rs": """
        /// Adds two counts.
        ///
        /// ```
        /// assert_eq!(tally::add(2, 3), 5);
        /// ```
        pub fn add(a: u32, b: u32) -> u32 {
            a + b
        }

        pub fn double(a: u32) -> u32 {
            a * 2
        }

        #[cfg(test)]
        mod tests {
            use std::path::Path;

            #[test]
            fn adds() {
                assert_eq!(super::add(2, 3), 5);
            }

            #[test]
            fn doubles() {
                assert_eq!(super::double(4), 8);
            }

            #[test]
            fn sees_cargo_s_package_variables() {
                assert_eq!(std::env::var("CARGO_PKG_VERSION").as_deref(), Ok("0.2.0"));
                assert_eq!(std::env::var("CARGO_MANIFEST_DIR").as_deref(), Ok("/crate"));
            }

            #[test]
            fn host_files_are_not_visible() {
                assert!(!Path::new("/etc/passwd").exists());
                assert!(!Path::new("/root").exists());
            }

            #[test]
            fn network_is_unreachable() {
                let address = "1.1.1.1:53".parse().unwrap();
                let timeout = std::time::Duration::from_secs(2);
                assert!(std::net::TcpStream::connect_timeout(&address, timeout).is_err());
            }
        }
    """,
    "tests/api.rs": """
        #[test]
        fn adds() {
            assert_eq!(tally::add(1, 1), 2);
        }

        #[test]
        fn doubles_a_sum() {
            assert_eq!(tally::double(tally::add(1, 2)), 6);
        }
    """,
}


def write_project(root: Path, files: dict[str, str] = TALLY) -> Path:
    """Write ``files`` (relative path -> text, dedented) under ``root``; returns ``root``."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root
