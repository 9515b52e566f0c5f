"""Shared helpers of the offline-crate tests: small registries and crates written into a temp dir."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
from sleepy_crates.offline import CrateSandbox, CrateSource, Registry

from sleepy.sandbox import IsolationUnavailable, ToolchainError

CRATE_MISSING = "librust-strsim-dev is not installed (scripts/ensure_crates.sh installs it)"


def strsim_or_skip(registry: Registry | None = None) -> CrateSource:
    """The packaged strsim crate; skips without it, but fails under CI, where ensure_crates.sh installs it."""
    registry = registry if registry is not None else Registry()
    if not registry.versions("strsim"):
        if os.environ.get("CI"):
            pytest.fail(f"CI is set and {CRATE_MISSING}")
        pytest.skip(CRATE_MISSING)
    return registry.newest("strsim")


def sandbox_or_skip(**options: object) -> CrateSandbox:
    """A CrateSandbox, or a skip (a failure under CI) where no isolation or no cargo is available."""
    try:
        return CrateSandbox(**options)  # type: ignore[arg-type]
    except (IsolationUnavailable, ToolchainError) as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set and the crate sandbox cannot start: {exc}")
        pytest.skip(f"the crate sandbox cannot start here: {exc}")


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write ``files`` (relative path -> text, dedented) under ``root``; returns ``root``."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def fake_registry(root: Path, crates: dict[str, str]) -> Registry:
    """A registry directory with one minimal crate per ``NAME-VERSION`` key (value: the crate name)."""
    for dirname, name in crates.items():
        version = dirname[len(name) + 1:]
        write_tree(root / dirname, {
            "Cargo.toml": f'[package]\nname = "{name}"\nversion = "{version}"\n',
            "src/lib.rs": "",
            ".cargo-checksum.json": '{"package":"","files":{}}',
        })
    return Registry(root)


# A user's project that depends on the packaged strsim, names an optional dependency and a
# dev-dependency that no registry has, and checks from inside its tests what the jail lets it see.
FIXTURE_CRATE = {
    "Cargo.toml": """
        [package]
        name = "offline-fixture"
        version = "0.1.0"
        edition = "2021"

        [dependencies]
        strsim = "0.10"

        [dependencies.serde]
        version = "1.0"
        optional = true

        [dev-dependencies]
        sleepy-absent-devdep = "9.9"

        [features]
        default = ["fast", "serialize"]
        fast = []
        serialize = ["dep:serde"]
        extra = ["serialize", "fast"]
        weak = ["serde?/derive", "fast"]
    """,
    "src/lib.rs": """
        /// Edit distance between two words (like sleepy_absent_devdep's, which the doc test uses).
        ///
        /// ```
        /// assert_eq!(offline_fixture::distance("a", "b"), sleepy_absent_devdep::distance("a", "b"));
        /// ```
        pub fn distance(a: &str, b: &str) -> usize {
            strsim::levenshtein(a, b)
        }

        #[cfg(feature = "serialize")]
        pub fn needs_serde() -> serde::de::IgnoredAny {
            serde::de::IgnoredAny
        }

        #[cfg(test)]
        mod tests {
            use std::path::Path;

            #[test]
            fn distance_of_kitten_and_sitting() {
                assert_eq!(super::distance("kitten", "sitting"), 3);
            }

            #[test]
            fn registry_is_visible_and_read_only() {
                assert!(Path::new("/usr/share/cargo/registry").is_dir());
                assert!(std::fs::write("/usr/share/cargo/registry/sleepy-probe", b"x").is_err());
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
    "tests/plain.rs": """
        #[test]
        fn one_edit() {
            assert_eq!(offline_fixture::distance("a", "b"), 1);
        }
    """,
    "tests/uses_absent.rs": """
        use sleepy_absent_devdep::Thing;

        #[test]
        fn thing() {
            let _ = Thing;
        }
    """,
}
