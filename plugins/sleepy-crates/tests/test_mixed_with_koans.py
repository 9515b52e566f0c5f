"""Crate tasks mixed with koans in one run (the core's `mixed` task source), chosen in config."""

from __future__ import annotations

from pathlib import Path

import yaml
from sleepy_crates import plugin
from sleepy_crates.synthesis import load_task_set

from sleepy.config import load_config, resolve
from sleepy.koans import freeze, load_koans
from sleepy.plugins import get_plugin_manager
from sleepy.registry import Registry

KOAN_LIB = """pub fn add(a: i32, b: i32) -> i32 {
    a - b
}

#[cfg(test)]
mod tests {
    #[test]
    fn adds() {
        assert_eq!(super::add(2, 3), 5);
    }
}
"""


def write_koans(root: Path, splits: dict[str, str]) -> Path:
    """A frozen koan collection of family `sums`: koan id -> its split."""
    for koan_id, split in splits.items():
        directory = root / "sums" / koan_id
        directory.mkdir(parents=True)
        (directory / "koan.toml").write_text(
            f'id = "{koan_id}"\nfamily = "sums"\nexpected_failure = "test_failure"\ndifficulty = 1\n'
            f'description = "Subtracts instead of adding."\nsplit = "{split}"\n')
        (directory / "lib.rs").write_text(KOAN_LIB)
        (directory / "fix.rs").write_text(KOAN_LIB.replace("a - b", "a + b"))
    freeze(root, load_koans(root))
    return root


def test_koans_and_crate_tasks_mix_each_with_its_own_project(clamps_task_set: tuple[Path, Path],
                                                            tmp_path: Path) -> None:
    project, tasks_dir = clamps_task_set  # every crate task is in train
    koans = write_koans(tmp_path / "koans", {"sums_train": "train", "sums_heldout": "heldout"})
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump({"backend": "scripted", "tasks": {"name": "mixed", "options": {"sources": [
        {"name": "koans", "options": {"path": str(koans)}},
        {"name": "crates", "options": {"tasks": str(tasks_dir), "work_dir": str(tmp_path / "work"),
                                       "paths": [str(project)]}},
    ]}}}))
    pm = get_plugin_manager(load_entrypoints=False, environ={})
    pm.register(plugin, name="crates")
    resolved = resolve(load_config(path), Registry.collect(pm), str(path))
    source = resolved.tasks.build()

    crate_ids = [t.id for t in load_task_set(tasks_dir).tasks]
    train = list(source.iter_tasks(split="train"))
    assert [t.id for t in train] == ["sums_train", *crate_ids]  # one of each in turn, then the longer source
    koan, *crate_tasks = train
    assert koan.project is None and dict(koan.files) == {"src/lib.rs": KOAN_LIB}
    assert all(t.project is not None and Path(t.project.root).is_relative_to(tmp_path / "work") for t in crate_tasks)
    assert {t.repository for t in crate_tasks} == {"clamps"}
    assert [t.id for t in source.iter_tasks(split="heldout")] == ["sums_heldout"]  # the crate set has none
    assert [t.id for t in source.iter_tasks(limit=3)] == ["sums_heldout", crate_ids[0], "sums_train"]  # koans by id
    crates_snapshot = resolved.snapshot()["tasks"]["options"]["sources"][1]
    assert crates_snapshot["name"] == "crates" and crates_snapshot["options"]["paths"] == [str(project)]
    assert "registry" in crates_snapshot["options"]  # the crates source's defaults, filled in
