"""What a run builds from its config (registry, task source and its splits, backend) is built once per command."""

from __future__ import annotations

from collections import Counter

import pytest

from sleepy import hookimpl
from sleepy.builtins.koans_source import KoansOptions, KoanTaskSource
from tests.phases.adapter_backend import QualityBackend, write_config


class Counts:
    """Counts registry collections, task source and backend builds, and what the task source was asked."""

    def __init__(self):
        self.collected = 0
        self.sources = 0
        self.backends = 0
        self.splits: Counter[str | None] = Counter()

    @hookimpl
    def sleepy_register_tools(self, register):
        self.collected += 1  # fires once per plugin each time the registry is collected

    @hookimpl
    def sleepy_register_task_sources(self, register):
        counts = self

        class CountingSource(KoanTaskSource):
            def iter_tasks(self, *, split=None, limit=None):
                counts.splits[split] += 1
                return super().iter_tasks(split=split, limit=limit)

        def build(options):
            self.sources += 1
            return CountingSource(options)

        register.add("counting-koans", build, options=KoansOptions)

    @hookimpl
    def sleepy_register_backends(self, register):
        def build(options):
            self.backends += 1
            return QualityBackend(options)

        register.add("counting-quality", build)


@pytest.fixture
def counts(register_plugin, quality):
    return register_plugin(Counts(), name="counts")


def test_two_cycles_build_the_registry_tasks_and_backend_once(tmp_path, counts, sleepy_cli):
    cfg = write_config(tmp_path, {"harmful_cycles": [1]})
    config = cfg.read_text().replace('"backend": "quality"', '"backend": "counting-quality"')
    cfg.write_text(config.replace('"name": "koans"', '"name": "counting-koans"'))
    result = sleepy_cli("cycles", "-n", "2", "-c", str(cfg), "--run-dir", str(tmp_path / "run"))
    assert result.exit_code == 0, result.output
    assert "cycle 0 gate: promoted" in result.output and "cycle 1 gate: rejected" in result.output
    assert (counts.collected, counts.sources, counts.backends) == (1, 1, 1)
    # Each question (a split, or every task) is asked of the task source once, however many phases need it.
    assert counts.splits == {"train": 1, "heldout": 1, "frozen": 1, None: 1}
