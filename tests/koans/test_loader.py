from __future__ import annotations

import pytest

from sleepy.koans import KoanFormatError, load_koan, load_koans
from tests.koans.conftest import write_koan


def test_loads_metadata_and_sources(tmp_path):
    koan = load_koan(write_koan(tmp_path, "alpha", "alpha_01"))
    assert (koan.id, koan.family, koan.meta.expected_failure, koan.meta.difficulty) == (
        "alpha_01", "alpha", "test_failure", 1)
    task = koan.to_task("train")
    assert task.files == {"src/lib.rs": koan.buggy}
    assert task.reference_files == {"src/lib.rs": koan.fix}


@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: (d / "fix.rs").unlink(), "missing fix.rs"),
    (lambda d: (d / "koan.toml").write_text('id = "alpha_01"\n'), "koan.toml: missing field 'family'"),
    (lambda d: (d / "koan.toml").write_text((d / "koan.toml").read_text().replace("difficulty = 1",
                                                                                     'difficulty = "easy"')),
     "koan.toml: field 'difficulty': expected int, got 'easy'"),
    (lambda d: (d / "koan.toml").write_text((d / "koan.toml").read_text().replace('"test_failure"', '"E382"')),
     "koan.toml: field 'expected_failure': expected a rustc code like 'E0382' or 'test_failure', got 'E382'"),
    (lambda d: (d / "koan.toml").write_text((d / "koan.toml").read_text().replace('id = "alpha_01"',
                                                                                     'id = "alpha_02"')),
     "koan.toml: field 'id' is 'alpha_02' but the directory is 'alpha_01'"),
    (lambda d: (d / "koan.toml").write_text((d / "koan.toml").read_text() + "hint = 'x'\n"),
     "koan.toml: unknown field(s) hint"),
    (lambda d: (d / "lib.rs").write_text("fn f() {}\n" * 41), "lib.rs: 41 non-blank lines; a koan has 10-40"),
    (lambda d: (d / "koan.toml").write_text("id = [\n"), "koan.toml: invalid TOML"),
])
def test_format_errors_name_the_file_and_field(tmp_path, edit, message):
    directory = write_koan(tmp_path, "alpha", "alpha_01")
    edit(directory)
    with pytest.raises(KoanFormatError) as err:
        load_koan(directory)
    assert message in str(err.value)


def test_duplicate_ids_are_refused(tmp_path):
    write_koan(tmp_path, "alpha", "same")
    write_koan(tmp_path, "beta", "same")
    with pytest.raises(KoanFormatError, match="koan id 'same' appears twice"):
        load_koans(tmp_path)
