"""A tiny crate task set, made by `sleepy tasks make --path` from a two-function project (needs cargo, a jail)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from offline_fixtures import sandbox_or_skip, write_tree
from sleepy_crates.commands import tasks_group

# `clamp_age` is six lines: its `default_body` mutant (`{ 0 }`) is one, so the mutated file is shorter than the
# original and the editable span must be counted in the mutated file.
CLAMPS = {
    "Cargo.toml": """
        [package]
        name = "clamps"
        version = "0.1.0"
        edition = "2021"
    """,
    "src/lib.rs": """
        pub fn clamp_age(age: u32) -> u32 {
            if age > 130 {
                130
            } else {
                age
            }
        }

        pub fn is_adult(age: u32) -> bool {
            age >= 18
        }

        #[cfg(test)]
        mod tests {
            use super::*;

            #[test]
            fn clamps() {
                assert_eq!(clamp_age(200), 130);
                assert_eq!(clamp_age(5), 5);
            }

            #[test]
            fn adult() {
                assert!(is_adult(18));
                assert!(!is_adult(17));
            }
        }
    """,
}
OPERATORS = "default_body,comparison_operator"


def make_task_set(root: Path) -> tuple[Path, Path]:
    """Write the project under ``root/clamps`` and its task set under ``root/tasks``; returns both paths."""
    sandbox_or_skip()  # skips (fails under CI) where cargo or a jail is missing, before the command runs
    project = write_tree(root / "clamps", CLAMPS)
    out = root / "tasks"
    result = CliRunner().invoke(tasks_group(), ["make", "--path", str(project), "--out", str(out),
                                                "--operators", OPERATORS, "--test-seconds", "5",
                                                "--split", "clamps=train"])
    assert result.exit_code == 0, result.output
    return project, out
