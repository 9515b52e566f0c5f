from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO_KOANS = Path(__file__).resolve().parents[2] / "koans"

LIB = """/// Adds two numbers.
pub fn add(a: i32, b: i32) -> i32 {
    a - b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds() {
        assert_eq!(add(2, 3), 5);
        assert_eq!(add(-1, 1), 0);
    }
}
"""


def write_koan(root: Path, family: str, koan_id: str, *, lib: str = LIB, fix: str | None = None,
               expected: str = "test_failure", difficulty: int = 1, extra: str = "") -> Path:
    """A koan directory; `extra` is appended to koan.toml (optional fields, one per line)."""
    directory = root / family / koan_id
    directory.mkdir(parents=True)
    (directory / "koan.toml").write_text(
        f'id = "{koan_id}"\nfamily = "{family}"\nexpected_failure = "{expected}"\n'
        f'difficulty = {difficulty}\ndescription = "Subtracts instead of adding."\n{extra}')
    (directory / "lib.rs").write_text(lib)
    (directory / "fix.rs").write_text(fix if fix is not None else lib.replace("a - b", "a + b"))
    return directory


@pytest.fixture
def koan_dir(tmp_path: Path) -> Path:
    """A small koans directory: two families of six koans each."""
    for family in ("alpha", "beta"):
        for i in range(6):
            write_koan(tmp_path, family, f"{family}_{i:02d}", lib=LIB.replace("two numbers", f"two numbers {i}"))
    return tmp_path


@pytest.fixture
def repo_koans_copy(tmp_path: Path) -> Path:
    target = tmp_path / "koans"
    shutil.copytree(REPO_KOANS, target)
    return target
