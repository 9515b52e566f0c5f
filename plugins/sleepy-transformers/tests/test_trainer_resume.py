"""Checkpoints of the `lora` trainer: a run killed with SIGKILL resumes to the very adapter an unbroken run writes."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
from pathlib import Path

import attrs
import pytest
from sleepy_transformers.backend import TransformersBackend
from sleepy_transformers.options import TransformersOptions
from sleepy_transformers.trainer import LoraOptions, LoraTrainer
from sleepy_transformers.training.toy import build_toy_model, corpus_of, toy_examples, write_jsonl

from sleepy.consolidation import TrainingRequest
from sleepy.events import PhaseProgress

# threads=1: the killed child and this process must run the same kernels with the same reduction order.
OPTIONS = LoraOptions(rank=4, alpha=8.0, epochs=2, batch_size=2, checkpoint_every=2, threads=1)
STEPS = 8  # 8 examples / batch 2 * 2 epochs
WEIGHTS = "adapter_model.safetensors"

CHILD = """
import json, sys, time
from pathlib import Path
from sleepy.consolidation import TrainingRequest
from sleepy_transformers.backend import TransformersBackend
from sleepy_transformers.options import TransformersOptions
from sleepy_transformers.trainer import LoraOptions, LoraTrainer

model, data, digest, run, options, pause = sys.argv[1:]

def progress(p):
    if p.done == int(pause):  # stop here, past a checkpoint, and wait for the SIGKILL
        print("PAUSED", flush=True)
        time.sleep(300)

backend = TransformersBackend(TransformersOptions(model="local:" + model, device="cpu"))
request = TrainingRequest(Path(data), digest, Path(run) / "adapter", Path(run) / "checkpoints", seed=11,
                          progress=progress)
LoraTrainer(LoraOptions(**json.loads(options))).consolidate(request, backend)
print("FINISHED", flush=True)
"""


@pytest.fixture(scope="module")
def toy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    root = tmp_path_factory.mktemp("toy")
    examples = toy_examples(8, seed=1)
    model = build_toy_model(root / "model", corpus_of(examples))
    data = root / "data.jsonl"
    return model, data, write_jsonl(data, examples)


@pytest.fixture(scope="module")
def backend(toy: tuple[Path, Path, str]) -> TransformersBackend:
    return TransformersBackend(TransformersOptions(model=f"local:{toy[0]}", device="cpu"))


def request(toy: tuple[Path, Path, str], run: Path, **kwargs: object) -> TrainingRequest:
    _, data, digest = toy
    return TrainingRequest(data, digest, run / "adapter", run / "checkpoints", seed=11, **kwargs)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def unbroken(toy: tuple[Path, Path, str], backend: TransformersBackend,
             tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    run = tmp_path_factory.mktemp("unbroken")
    result = LoraTrainer(OPTIONS).consolidate(request(toy, run), backend)
    return run, dict(result.metadata)


def test_a_run_killed_after_a_checkpoint_resumes_to_the_same_adapter(
        toy: tuple[Path, Path, str], backend: TransformersBackend, unbroken: tuple[Path, dict[str, object]],
        tmp_path: Path) -> None:
    model, data, digest = toy
    pause = 3  # after the checkpoint of step 2; step 3 is done but in no checkpoint
    errors = tmp_path / "child.stderr"
    with errors.open("w") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(model), str(data), digest, str(tmp_path),
             json.dumps(attrs.asdict(OPTIONS)), str(pause)],
            stdout=subprocess.PIPE, stderr=stderr, text=True)
    try:
        assert child.stdout is not None
        ready, _, _ = select.select([child.stdout], [], [], 120)
        line = child.stdout.readline().strip() if ready else "(nothing within 120 s)"
        assert line == "PAUSED", f"child said {line!r}; its stderr:\n{errors.read_text()[-3000:]}"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    assert sorted(p.name for p in (tmp_path / "checkpoints").iterdir()) == ["step-00000002.pt"]
    assert not (tmp_path / "adapter").exists()

    seen: list[PhaseProgress] = []
    resumed = LoraTrainer(OPTIONS).consolidate(request(toy, tmp_path, progress=seen.append), backend)
    assert resumed.metadata["resumed_from_step"] == 2
    assert [p.done for p in seen] == list(range(3, STEPS + 1))
    run, metadata = unbroken
    assert (resumed.adapter_dir / WEIGHTS).read_bytes() == (run / "adapter" / WEIGHTS).read_bytes()
    assert resumed.metadata["loss_curve"] == metadata["loss_curve"]
    # every checkpoint is written whole, and only the newest two are kept
    assert sorted(p.name for p in (tmp_path / "checkpoints").iterdir()) == ["step-00000006.pt", "step-00000008.pt"]


def test_an_unreadable_newest_checkpoint_falls_back_to_the_one_before(
        toy: tuple[Path, Path, str], backend: TransformersBackend, unbroken: tuple[Path, dict[str, object]],
        tmp_path: Path) -> None:
    run, _ = unbroken
    checkpoints = tmp_path / "checkpoints"
    checkpoints.mkdir()
    for name in ("step-00000006.pt", "step-00000008.pt"):  # the two an unbroken run keeps
        (checkpoints / name).write_bytes((run / "checkpoints" / name).read_bytes())
    newest = checkpoints / "step-00000008.pt"
    newest.write_bytes(newest.read_bytes()[:1000])  # torn by a disk fault (renames alone never tear)
    (checkpoints / ".step-00000010.pt.4242.tmp").write_bytes(b"half written")
    resumed = LoraTrainer(OPTIONS).consolidate(request(toy, tmp_path), backend)
    assert resumed.metadata["resumed_from_step"] == 6
    assert (resumed.adapter_dir / WEIGHTS).read_bytes() == (run / "adapter" / WEIGHTS).read_bytes()
    assert sorted(p.name for p in checkpoints.iterdir()) == ["step-00000006.pt", "step-00000008.pt"]


def test_a_finished_run_resumes_at_its_last_checkpoint_without_training(
        toy: tuple[Path, Path, str], backend: TransformersBackend, unbroken: tuple[Path, dict[str, object]],
        tmp_path: Path) -> None:
    run, _ = unbroken
    seen: list[PhaseProgress] = []
    again = LoraTrainer(OPTIONS).consolidate(request(toy, run, progress=seen.append), backend)
    assert again.metadata["resumed_from_step"] == STEPS and seen == []
    assert (again.adapter_dir / WEIGHTS).read_bytes() == (run / "adapter" / WEIGHTS).read_bytes()


def test_checkpoints_of_another_dataset_or_other_options_are_not_resumed(
        toy: tuple[Path, Path, str], backend: TransformersBackend, unbroken: tuple[Path, dict[str, object]]) -> None:
    run, _ = unbroken
    _, data, _ = toy
    other_data = TrainingRequest(data, "another-hash", run / "other", run / "checkpoints", seed=11)
    assert LoraTrainer(attrs.evolve(OPTIONS, max_steps=1)).consolidate(other_data, backend) \
        .metadata["resumed_from_step"] is None
    other_options = attrs.evolve(OPTIONS, learning_rate=1e-3, max_steps=1)
    assert LoraTrainer(other_options).consolidate(request(toy, run), backend).metadata["resumed_from_step"] is None
    # the unbroken run's own checkpoint survives (pruning keeps a run's newest two)
    assert (run / "checkpoints" / f"step-{STEPS:08d}.pt").exists()
