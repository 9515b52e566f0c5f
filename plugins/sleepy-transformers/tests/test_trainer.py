"""The `lora` trainer on a tiny Llama built offline: data, loss, output format, determinism, the borrowed backend."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import torch
from attrs import evolve
from sleepy_transformers.backend import TransformersBackend
from sleepy_transformers.generation import encode_chat, eos_ids
from sleepy_transformers.options import TransformersOptions
from sleepy_transformers.trainer import LoraOptions, LoraTrainer, register_trainer
from sleepy_transformers.training.batches import AnswerLoss, collate, token_slices
from sleepy_transformers.training.data import (
    TokenizedExample,
    padding_share,
    plan_steps,
    read_examples,
    tokenize_dataset,
)
from sleepy_transformers.training.loop import autocast_dtype, cpu_computes_bfloat16, learning_rate
from sleepy_transformers.training.toy import build_toy_model, corpus_of, toy_examples, write_jsonl

from sleepy.adapters.validation import validate_adapter
from sleepy.builtins.scripted_backend import ScriptedBackend
from sleepy.config import make_converter, structure
from sleepy.consolidation import TrainingRequest
from sleepy.errors import BackendError, ConfigError
from sleepy.events import PhaseProgress
from sleepy.registry import Registrar, StrategyKind

OPTIONS = LoraOptions(rank=4, alpha=8.0, epochs=2, batch_size=4, checkpoint_every=2, threads=1)
WEIGHTS = "adapter_model.safetensors"


class Toy:
    def __init__(self, root: Path) -> None:
        examples = toy_examples(12, seed=0)
        self.model_dir = build_toy_model(root / "model", corpus_of(examples))
        self.data = root / "data.jsonl"
        self.digest = write_jsonl(self.data, examples)
        self.root = root
        self.runs = 0

    def request(self, seed: int = 7, **kwargs: Any) -> TrainingRequest:
        self.runs += 1
        run = self.root / f"run-{self.runs}"
        return TrainingRequest(self.data, self.digest, run / "adapter", run / "checkpoints", seed=seed, **kwargs)


@pytest.fixture(scope="module")
def toy(tmp_path_factory: pytest.TempPathFactory) -> Toy:
    return Toy(tmp_path_factory.mktemp("toy"))


@pytest.fixture(scope="module")
def backend(toy: Toy) -> TransformersBackend:
    backend = TransformersBackend(TransformersOptions(model=f"local:{toy.model_dir}", device="cpu"))
    backend.load()
    return backend


@pytest.fixture(scope="module")
def trained(toy: Toy, backend: TransformersBackend) -> tuple[Any, list[PhaseProgress]]:
    seen: list[PhaseProgress] = []
    return LoraTrainer(OPTIONS).consolidate(toy.request(progress=seen.append), backend), seen


def logits(model: Any, ids: torch.Tensor) -> torch.Tensor:
    with torch.no_grad():
        out: torch.Tensor = model(input_ids=ids).logits
        return out


# --- registration and options -----------------------------------------------------------------


def test_register_trainer_adds_the_lora_consolidator() -> None:
    register: Registrar[Any] = Registrar(StrategyKind.CONSOLIDATOR, "transformers")
    register_trainer(register)
    [spec] = register.added
    assert (spec.name, spec.factory, spec.options) == ("lora", LoraTrainer, LoraOptions)
    assert isinstance(spec.build(LoraOptions()), LoraTrainer)


def test_importing_the_trainer_module_does_not_import_torch() -> None:
    code = "import sys, sleepy_transformers.trainer; print('torch' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"


def test_options_are_structured_strictly_from_config() -> None:
    options = structure(make_converter(), {"rank": 8, "target_modules": ["q_proj"], "max_steps": None},
                        LoraOptions, "config.yaml", "$.consolidator.options")
    assert (options.rank, options.target_modules, options.max_steps) == (8, ["q_proj"], None)
    with pytest.raises(ConfigError) as error:
        structure(make_converter(), {"rank": "many", "modle": "x"}, LoraOptions, "config.yaml",
                  "$.consolidator.options")
    lines = str(error.value).splitlines()
    assert lines[0] == "config.yaml: $.consolidator.options.rank: expected int, got 'many'"
    assert lines[1].startswith("config.yaml: $.consolidator.options.modle: unknown field (expected one of: ")
    with pytest.raises(ConfigError, match=r"\$\.consolidator\.options\.dropout: 'dropout' must be at least 0 and "
                                          r"below 1 \(got 1\.5\)"):
        structure(make_converter(), {"dropout": 1.5}, LoraOptions, "config.yaml", "$.consolidator.options")


# --- data ---------------------------------------------------------------------------------------


def test_prompt_ids_are_what_generation_sends_and_answer_ends_with_end_of_turn(backend: TransformersBackend,
                                                                               toy: Toy) -> None:
    tokenizer = backend.load().tokenizer
    eos = eos_ids(backend.load().model, tokenizer)
    data = tokenize_dataset(toy.data, tokenizer, eos, 4096)
    [(messages, weight), *_] = read_examples(toy.data)
    first = data.examples[0]
    assert list(first.ids[: first.prompt_tokens]) == encode_chat(tokenizer, messages[:-1])
    assert tokenizer.decode(list(first.ids[first.prompt_tokens:])) == messages[-1].content + "<|im_end|>"
    assert first.ids[-1] in eos and first.weight == weight


def test_examples_longer_than_max_length_are_skipped_and_counted(backend: TransformersBackend, toy: Toy) -> None:
    loaded = backend.load()
    everything = tokenize_dataset(toy.data, loaded.tokenizer, eos_ids(loaded.model, loaded.tokenizer), 4096)
    limit = sorted(len(e.ids) for e in everything.examples)[5]
    some = tokenize_dataset(toy.data, loaded.tokenizer, eos_ids(loaded.model, loaded.tokenizer), limit)
    assert len(some.examples) + some.skipped_too_long == len(everything.examples)
    assert some.skipped_too_long > 0 and all(len(e.ids) <= limit for e in some.examples)


def test_a_dataset_line_without_an_answer_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"messages": [{"role": "user", "content": "hi"}]}) + "\n")
    with pytest.raises(BackendError, match=r"bad.jsonl:1: the last message must be the assistant's answer"):
        read_examples(path)


def test_batch_plan_is_fixed_by_the_seed_and_groups_similar_lengths() -> None:
    lengths = [100 + (i * 37) % 400 for i in range(64)]
    plan = plan_steps(lengths, batch_size=4, grad_accumulation=2, epochs=2, seed=1)
    assert plan == plan_steps(lengths, batch_size=4, grad_accumulation=2, epochs=2, seed=1)
    assert plan != plan_steps(lengths, batch_size=4, grad_accumulation=2, epochs=2, seed=2)
    seen = sorted(i for step in plan for batch in step for i in batch)
    assert seen == sorted(list(range(64)) * 2)  # every example once per epoch
    assert all(len(step) <= 2 and all(len(b) <= 4 for b in step) for step in plan)
    unsorted = plan_steps(lengths, batch_size=4, grad_accumulation=2, epochs=2, seed=1, window_batches=1)
    assert padding_share(plan, lengths) < padding_share(unsorted, lengths) / 3


def test_learning_rate_warms_up_then_decays_linearly_to_zero() -> None:
    options = LoraOptions(learning_rate=1.0, warmup_ratio=0.2)
    rates = [learning_rate(step, 10, options) for step in range(10)]
    assert rates[:3] == [pytest.approx(1 / 3), pytest.approx(2 / 3), 1.0]
    assert all(a > b for a, b in itertools.pairwise(rates[2:])) and rates[-1] == pytest.approx(1 / 8)


# --- loss ---------------------------------------------------------------------------------------


def test_loss_is_the_weighted_mean_answer_loss_computed_without_padding(backend: TransformersBackend,
                                                                        toy: Toy) -> None:
    loaded = backend.load()
    data = tokenize_dataset(toy.data, loaded.tokenizer, eos_ids(loaded.model, loaded.tokenizer), 4096)
    batch_examples = sorted(data.examples[:3], key=lambda e: len(e.ids))  # three lengths: padding is needed
    batch = collate(batch_examples, loaded.tokenizer.pad_token_id, torch.device("cpu"))
    fast = AnswerLoss(loaded.model)
    assert fast.answer_only_head
    full = AnswerLoss(loaded.model)
    full.answer_only_head = False
    expected = 0.0
    for example in batch_examples:  # one example at a time, no padding, HF's own shifted loss on the answer
        ids = torch.tensor([example.ids])
        labels = ids.clone()
        labels[0, : example.prompt_tokens] = -100
        with torch.no_grad():
            expected += example.weight * float(loaded.model(input_ids=ids, labels=labels).loss)
    with torch.no_grad():
        assert float(fast(batch)) == pytest.approx(expected, rel=1e-5)
        assert float(full(batch)) == pytest.approx(expected, rel=1e-5)


# --- memory ------------------------------------------------------------------------------------


def test_token_slices_keep_each_forward_pass_within_the_budget() -> None:
    examples = [TokenizedExample(tuple(range(n)), 1, 1.0, line) for line, n in enumerate([90, 60, 50, 40, 30], 1)]
    slices = token_slices(examples, 120)
    assert [[e.line for e in s] for s in slices] == [[1], [2, 3], [4, 5]]  # 90 alone; 2 x 60; 2 x 40
    assert token_slices(examples, 60) == [[e] for e in examples[:3]] + [[examples[3]], [examples[4]]]
    assert token_slices(examples, 0) == [examples]


class SavedActivations:
    """Bytes autograd holds for backward, at most, while training runs (what a bigger batch costs in memory)."""

    def __init__(self) -> None:
        self.live = self.peak = 0

    def pack(self, tensor: torch.Tensor) -> Any:
        meter, size = self, tensor.numel() * tensor.element_size()

        class Held:
            def __init__(self) -> None:
                self.tensor = tensor
                meter.live += size
                meter.peak = max(meter.peak, meter.live)

            def __del__(self) -> None:
                meter.live -= size

        return Held()

    def train(self, options: LoraOptions, request: TrainingRequest, backend: TransformersBackend) -> Any:
        with torch.autograd.graph.saved_tensors_hooks(self.pack, lambda held: held.tensor):
            return LoraTrainer(options).consolidate(request, backend)


def test_a_token_budget_bounds_training_memory_and_keeps_the_result(backend: TransformersBackend,
                                                                    toy: Toy) -> None:
    from safetensors.torch import load_file

    loaded = backend.load()
    longest = max(len(e.ids) for e in tokenize_dataset(
        toy.data, loaded.tokenizer, eos_ids(loaded.model, loaded.tokenizer), 4096).examples)
    options = evolve(OPTIONS, max_steps=2, precision="float32")
    whole, sliced = SavedActivations(), SavedActivations()
    one_pass = whole.train(evolve(options, max_batch_tokens=0), toy.request(), backend)
    one_row = sliced.train(evolve(options, max_batch_tokens=longest), toy.request(), backend)
    # Batches of 4 rows run one row at a time: the activations held at once shrink about 4-fold.
    assert 0 < sliced.peak < whole.peak / 2.5
    assert one_row.metadata["loss_curve"] == pytest.approx(one_pass.metadata["loss_curve"], rel=1e-5)
    split, joint = (load_file(str(r.adapter_dir / WEIGHTS)) for r in (one_row, one_pass))
    assert all(torch.allclose(split[k], joint[k], rtol=1e-4, atol=1e-6) for k in joint)


# --- the trained adapter ------------------------------------------------------------------------


def test_adapter_validates_and_records_what_it_was_trained_on(trained: tuple[Any, list[PhaseProgress]],
                                                              backend: TransformersBackend, toy: Toy) -> None:
    result, seen = trained
    info = validate_adapter(result.adapter_dir, base_model=backend.describe()["model"],
                            module_shapes=result.module_shapes)
    assert result.base_model == backend.describe()["model"] == f"local:{toy.model_dir}"
    assert info.rank == 4 and info.alpha == 8.0 and info.modules == 2 * 7
    meta = json.loads((result.adapter_dir / "sleepy_adapter.json").read_text())
    assert meta["dataset_hash"] == toy.digest and meta["seed"] == 7 and meta["options"]["rank"] == 4
    assert meta["steps"] == 6 and len(meta["loss_curve"]) == 6 and meta["tokens_per_second"] > 0
    assert meta["examples"] == 12 and meta["resumed_from_step"] is None
    assert meta["changed_answer_tokens"] == meta["changed_examples"] == 0  # changed_token_weight 1: none marked
    assert [(p.phase, p.done, p.total) for p in seen] == [("training", i, 6) for i in range(1, 7)]
    assert {"loss", "tok/s"} <= set(seen[-1].info)
    assert result.module_shapes == {"q_proj": (64, 64), "k_proj": (64, 32), "v_proj": (64, 32), "o_proj": (64, 64),
                                    "gate_proj": (64, 128), "up_proj": (64, 128), "down_proj": (128, 64)}


def test_changed_token_weight_reweights_the_loss_and_records_what_it_weighted(backend: TransformersBackend,
                                                                             toy: Toy) -> None:
    options = evolve(OPTIONS, max_steps=1, precision="float32")
    plain = LoraTrainer(options).consolidate(toy.request(), backend).metadata
    weighted = LoraTrainer(evolve(options, changed_token_weight=5.0)).consolidate(toy.request(), backend).metadata
    loaded = backend.load()
    marked = tokenize_dataset(toy.data, loaded.tokenizer, eos_ids(loaded.model, loaded.tokenizer), 4096,
                              mark_changed=True)
    # Every toy example changes one line (acc -= v -> acc += v): a few tokens each, a small share of the answer.
    assert weighted["changed_examples"] == 12 and weighted["changed_answer_tokens"] == marked.changed_tokens
    assert 12 <= marked.changed_tokens < weighted["answer_tokens"] / 5
    assert weighted["options"]["changed_token_weight"] == 5.0
    assert weighted["loss_curve"] != pytest.approx(plain["loss_curve"], rel=1e-4)


def test_adapter_loads_with_peft_and_in_the_backend_with_the_same_output(
        trained: tuple[Any, list[PhaseProgress]], backend: TransformersBackend, toy: Toy) -> None:
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    result, _ = trained
    ids = torch.tensor([list(range(5, 45))])
    base = AutoModelForCausalLM.from_pretrained(toy.model_dir)
    plain = logits(base, ids)
    with_peft = logits(PeftModel.from_pretrained(base, result.adapter_dir), ids)
    assert not torch.allclose(plain, with_peft)  # the adapter learnt something
    backend.load_adapter(result.adapter_dir, "trained")
    try:
        backend.set_adapter("trained")
        torch.testing.assert_close(logits(backend.load().model, ids), with_peft)
    finally:
        backend.unload_adapter("trained")


def test_same_data_and_seed_give_a_byte_identical_adapter(trained: tuple[Any, list[PhaseProgress]],
                                                          backend: TransformersBackend, toy: Toy) -> None:
    first, _ = trained
    again = LoraTrainer(OPTIONS).consolidate(toy.request(), backend)
    other = LoraTrainer(OPTIONS).consolidate(toy.request(seed=8), backend)
    for name in (WEIGHTS, "adapter_config.json"):
        assert (again.adapter_dir / name).read_bytes() == (first.adapter_dir / name).read_bytes()
    assert (other.adapter_dir / WEIGHTS).read_bytes() != (first.adapter_dir / WEIGHTS).read_bytes()


def test_training_leaves_the_backend_as_it_was_and_learns_on_the_base_weights(
        trained: tuple[Any, list[PhaseProgress]], backend: TransformersBackend, toy: Toy) -> None:
    first, _ = trained
    model = backend.load().model
    backend.load_adapter(first.adapter_dir, "active")
    try:
        backend.set_adapter("active")
        ids = torch.tensor([list(range(3, 30))])
        before = logits(model, ids)
        flags = [p.requires_grad for p in model.parameters()]
        result = LoraTrainer(OPTIONS).consolidate(toy.request(), backend)
        assert backend.active_adapter == "active" and not model.training
        assert [p.requires_grad for p in model.parameters()] == flags
        assert not any(m._forward_hooks for m in model.modules())
        assert torch.equal(logits(model, ids), before)
        # The backend's active adapter was off while training: same bytes as training on the bare base.
        assert (result.adapter_dir / WEIGHTS).read_bytes() == (first.adapter_dir / WEIGHTS).read_bytes()
    finally:
        backend.unload_adapter("active")


def test_a_backend_without_a_model_trains_on_the_model_option(toy: Toy) -> None:
    options = evolve(OPTIONS, model=f"local:{toy.model_dir}", max_steps=1)
    result = LoraTrainer(options).consolidate(toy.request(), ScriptedBackend())
    assert result.base_model == f"local:{toy.model_dir}"
    validate_adapter(result.adapter_dir, base_model=result.base_model, module_shapes=result.module_shapes)


def test_init_from_parent_starts_from_the_parent_weights(trained: tuple[Any, list[PhaseProgress]],
                                                         backend: TransformersBackend, toy: Toy) -> None:
    from safetensors.torch import load_file

    parent, _ = trained
    options = evolve(OPTIONS, init_from_parent=True, learning_rate=1e-12, max_steps=1)
    result = LoraTrainer(options).consolidate(toy.request(parent_adapter=parent.adapter_dir), backend)
    grown, start = load_file(str(result.adapter_dir / WEIGHTS)), load_file(str(parent.adapter_dir / WEIGHTS))
    assert grown.keys() == start.keys()
    assert all(torch.allclose(grown[k], start[k], atol=1e-6) for k in grown)
    assert result.metadata["parent_adapter_sha256"] is not None
    with pytest.raises(BackendError, match="rank"):
        LoraTrainer(evolve(options, rank=2)).consolidate(toy.request(parent_adapter=parent.adapter_dir), backend)


def test_unknown_target_modules_name_the_layers_there_are(backend: TransformersBackend, toy: Toy) -> None:
    with pytest.raises(BackendError, match=r"its linear layers are named .*q_proj"):
        LoraTrainer(evolve(OPTIONS, target_modules=["c_attn"])).consolidate(toy.request(), backend)
    assert not any(m._forward_hooks for m in backend.load().model.modules())



def test_precision_auto_uses_bfloat16_only_where_the_cpu_computes_it(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    with_bf16, without = tmp_path / "zen4", tmp_path / "old"
    with_bf16.write_text("processor : 0\nflags : fpu avx2 avx512f avx512_bf16\n")
    without.write_text("processor : 0\nflags : fpu avx2 avx512f\n")
    assert cpu_computes_bfloat16(with_bf16) and not cpu_computes_bfloat16(without)
    assert not cpu_computes_bfloat16(tmp_path / "missing")
    cpu = torch.device("cpu")
    assert autocast_dtype("float32", cpu) is None and autocast_dtype("bfloat16", cpu) is torch.bfloat16
    monkeypatch.setattr("sleepy_transformers.training.loop.cpu_computes_bfloat16", lambda: True)
    assert autocast_dtype("auto", cpu) is torch.bfloat16
    monkeypatch.setattr("sleepy_transformers.training.loop.cpu_computes_bfloat16", lambda: False)
    assert autocast_dtype("auto", cpu) is None


def test_both_precisions_train_a_valid_adapter(backend: TransformersBackend, toy: Toy) -> None:
    runs = {p: LoraTrainer(evolve(OPTIONS, precision=p, max_steps=2)).consolidate(toy.request(), backend)
            for p in ("float32", "bfloat16")}
    for precision, result in runs.items():
        validate_adapter(result.adapter_dir, base_model=result.base_model, module_shapes=result.module_shapes)
        assert result.metadata["precision"] == precision
    fp32, bf16 = (runs[p].metadata["loss_curve"] for p in ("float32", "bfloat16"))
    assert fp32 != bf16 and fp32 == pytest.approx(bf16, rel=0.02)
