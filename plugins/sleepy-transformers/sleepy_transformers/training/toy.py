"""A tiny Llama, its tokenizer and koan-shaped chat examples, built offline in seconds: for tests and benchmarks.

The model directory is a normal transformers directory (config, safetensors weights, tokenizer with a
ChatML template like SmolLM2's), so the transformers backend loads it as ``local:DIR``.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

CHATML = ("{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + "
          "'<|im_end|>' + '\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}")
SYSTEM = "You are a careful Rust programmer. Fix the bug so that the file compiles and its tests pass."
_NAMES = ("total", "count", "score", "width", "depth", "budget", "offset", "weight", "stock", "level")


def toy_examples(n: int, seed: int = 0) -> list[dict[str, Any]]:
    """`n` chat examples shaped like the curator's: a buggy file and an error in, the fixed file out."""
    rng = random.Random(seed)
    examples = []
    for index in range(n):
        functions = []
        for k in range(rng.randint(1, 5)):
            name = f"{rng.choice(_NAMES)}_{index}_{k}"
            doc = "".join(f"/// Adds up the {rng.choice(_NAMES)} of every value.\n" for _ in range(rng.randint(0, 2)))
            functions.append(f"{doc}pub fn {name}(values: &[i32]) -> i32 {{\n    let mut acc = {rng.randint(0, 9)};\n"
                             f"    for v in values {{\n        acc += v * {rng.randint(1, 9)};\n    }}\n    acc\n}}\n")
        fixed = "\n".join(functions)
        buggy = fixed.replace("acc += v", "acc -= v", 1)
        user = (f"Fix the bug in `src/lib.rs`.\n\n```rust\n{buggy.rstrip()}\n```\n\n"
                f"error: test failed: expected {rng.randint(10, 99)}\n\nReply with the whole fixed file.")
        examples.append({
            "messages": [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user},
                         {"role": "assistant", "content": f"```rust\n{fixed.rstrip()}\n```"}],
            "weight": rng.choice((1.0, 1.0, 2.0)), "source": "reference", "task_id": f"toy_{index:03d}",
            "family": "toy", "error_signature": None, "episode_id": None,
        })
    return examples


def write_jsonl(path: Path, examples: Iterable[dict[str, Any]]) -> str:
    """Write examples one per line; returns the file's sha256 (what the curator calls the dataset hash)."""
    text = "".join(json.dumps(e, sort_keys=True) + "\n" for e in examples)
    path.write_text(text, encoding="utf-8")
    return hashlib.sha256(text.encode()).hexdigest()


def build_toy_model(directory: Path, corpus: Sequence[str], *, vocab_size: int = 512, hidden_size: int = 64,
                    layers: int = 2, heads: int = 4, kv_heads: int = 2, seed: int = 0) -> Path:
    """Train a byte-level BPE tokenizer on `corpus`, build a random Llama on it, save both to `directory`."""
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import GenerationConfig, LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    bpe.train_from_iterator(corpus, trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=specials,
                                                        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
                                                        show_progress=False))
    tokenizer = PreTrainedTokenizerFast(  # type: ignore[no-untyped-call]
        tokenizer_object=bpe, eos_token="<|im_end|>", pad_token="<|endoftext|>", extra_special_tokens=["<|im_start|>"])
    tokenizer.chat_template = CHATML
    ids: dict[str, int] = {}
    for token in specials:
        found = tokenizer.convert_tokens_to_ids(token)
        assert isinstance(found, int)
        ids[token] = found
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=hidden_size, intermediate_size=hidden_size * 2,
                         num_hidden_layers=layers, num_attention_heads=heads, num_key_value_heads=kv_heads,
                         max_position_embeddings=4096, tie_word_embeddings=True, bos_token_id=ids["<|im_start|>"],
                         eos_token_id=ids["<|im_end|>"], pad_token_id=ids["<|endoftext|>"])
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        model = LlamaForCausalLM(config)
    model.generation_config = GenerationConfig(  # type: ignore[no-untyped-call]
        eos_token_id=ids["<|im_end|>"], pad_token_id=ids["<|endoftext|>"])
    directory.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    return directory


def corpus_of(examples: Iterable[dict[str, Any]]) -> list[str]:
    """Every message text of `examples`, to train the toy tokenizer on."""
    return [m["content"] for e in examples for m in e["messages"]]
