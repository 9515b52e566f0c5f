"""A test backend whose replies depend on the active adapter's declared quality (good/harmful/base)."""

from __future__ import annotations

import json
import re

from attrs import frozen

from sleepy import hookimpl, option
from sleepy.consolidation import TrainingResult
from sleepy.curation import read_dataset
from sleepy.koans import freeze, load_koans
from sleepy.records import Completion
from tests.adapters.fake_adapter import MODULES, make_adapter
from tests.koans.conftest import LIB, write_koan


def koan_id(source):
    """The koan a prompt shows: write_config's koans say "alpha numbers 3" in their doc comment."""
    family, number = re.search(r"/// Adds (\w+) numbers (\d+)\.", source).groups()
    return f"{family}_{int(number):02d}"


class QualityBackend:
    def __init__(self, options):
        self.qualities: dict[str, str] = {}
        self.known: dict[str, set[str]] = {}  # adapter -> the koans whose fixes it knows ("knows" quality)
        self.active: str | None = None

    @property
    def adapters(self):
        return dict(self.qualities)

    def load_adapter(self, path, name):
        if name in self.qualities:  # like the transformers backend: loading a name twice is an error
            raise RuntimeError(f"an adapter named {name!r} is already loaded")
        meta = json.loads((path / "sleepy_adapter.json").read_text())
        self.qualities[name] = meta["quality"]
        self.known[name] = set(meta.get("knows", []))

    def set_adapter(self, name):
        self.active = name

    def complete(self, request):
        source = re.search(r"```rust\n(.*?)\n```", request.messages[-1].content, re.S).group(1)
        quality = self.qualities.get(self.active, "base")
        if quality == "good":
            source = source.replace("a - b", "a + b")
        elif quality == "harmful":
            source = source.replace("a - b", "a * b").replace("a + b", "a * b")
        elif quality == "knows" and koan_id(source) in self.known[self.active]:
            source = source.replace("a - b", "a + b")
        return Completion(f"```rust\n{source}\n```", tokens_in=10, tokens_out=20)

    def complete_many(self, requests):
        return [self.complete(r) for r in requests]

    def describe(self):
        return {"backend": "quality", "model": "tiny-base", "adapter_id": self.active}


@frozen
class TrainerOptions:
    harmful_cycles: list[int] = option("Cycles whose adapter is trained on wrong fixes.", factory=list)
    neutral_cycles: list[int] = option("Cycles whose adapter changes nothing (replies like the base model).",
                                       factory=list)
    knows: list[str] = option("Koans whose fixes an adapter learns when its training set holds them; with any "
                              "given, it fixes those only and replies like the base model elsewhere.", factory=list)


class QualityTrainer:
    def __init__(self, options):
        self.options = options

    def consolidate(self, request, backend):
        cycle = int(request.output_dir.parent.name.split("-")[1])
        make_adapter(request.output_dir, base_model="tiny-base")
        quality = ("harmful" if cycle in self.options.harmful_cycles
                   else "neutral" if cycle in self.options.neutral_cycles
                   else "knows" if self.options.knows else "good")
        trained = {e.task_id for e in read_dataset(request.dataset_path)}
        meta = request.output_dir / "sleepy_adapter.json"
        meta.write_text(json.dumps({**json.loads(meta.read_text()), "quality": quality,
                                    "knows": sorted(trained & set(self.options.knows))}))
        return TrainingResult(request.output_dir, "tiny-base", {"quality": quality}, MODULES)


class QualityPlugin:
    @hookimpl
    def sleepy_register_backends(self, register):
        register.add("quality", QualityBackend)

    @hookimpl
    def sleepy_register_consolidators(self, register):
        register.add("quality-trainer", QualityTrainer, options=TrainerOptions)


def write_config(tmp_path, trainer=None, **extra):
    """12 koans (6 train, 4 heldout, 2 frozen) and the quality backend; `trainer`: the trainer's options."""
    root = tmp_path / "koans"
    if not root.exists():
        for family in ("alpha", "beta"):
            for i in range(6):
                write_koan(root, family, f"{family}_{i:02d}",
                           lib=LIB.replace("two numbers", f"{family} numbers {i}"))
        freeze(root, load_koans(root))
    cfg = tmp_path / "c.yaml"
    cfg.write_text(json.dumps({
        "backend": "quality", "tasks": {"name": "koans", "options": {"path": str(root)}},
        "consolidator": {"name": "quality-trainer", "options": trainer or {}},
        "agent": {"max_steps": 1, "concurrency": 4}, "reporters": [], **extra}))
    return cfg
