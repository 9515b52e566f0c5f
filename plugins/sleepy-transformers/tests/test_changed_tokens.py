"""`changed_token_weight`: the answer tokens on lines that differ from the prompt's file, and their loss weight."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import torch
from attrs import evolve
from sleepy_transformers.options import LoraOptions
from sleepy_transformers.training.batches import AnswerLoss, answer_weights, collate
from sleepy_transformers.training.data import TokenizedExample, tokenize_dataset
from sleepy_transformers.training.toy import build_toy_model, corpus_of, toy_examples

from sleepy.config import make_converter, structure
from sleepy.errors import BackendError, ConfigError

BUGGY = ("pub fn total(values: &[i32]) -> i32 {\n    let mut acc = 0;\n    for v in values {\n        acc -= v;\n"
         "    }\n    acc\n}\n\npub fn count(values: &[i32]) -> i32 {\n    let mut acc = 0;\n    acc\n}")
# One line replaced (acc -= v -> acc += v * 3) and, further down, one line inserted (acc += 1).
FIXED = BUGGY.replace("        acc -= v;", "        acc += v * 3;").replace(
    "    let mut acc = 0;\n    acc\n}", "    let mut acc = 0;\n    acc += 1;\n    acc\n}")
SEARCH_REPLACE = ("<<<<<<< SEARCH\n    for v in values {\n        acc -= v;\n    }\n=======\n    for v in values {\n"
                  "        acc += v;\n    }\n>>>>>>> REPLACE")


def conversation(answer: str, weight: float = 1.0) -> dict[str, Any]:
    user = f"Fix the bug in `src/lib.rs`.\n\n```rust\n{BUGGY}\n```\n\nerror: test failed\n```\nleft: 1\n```\n"
    return {"messages": [{"role": "system", "content": "You fix Rust."}, {"role": "user", "content": user},
                         {"role": "assistant", "content": answer}], "weight": weight}


@pytest.fixture(scope="module")
def tokenizer(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from transformers import AutoTokenizer

    examples = [conversation(f"```rust\n{FIXED}\n```"), conversation(SEARCH_REPLACE)]
    return AutoTokenizer.from_pretrained(build_toy_model(tmp_path_factory.mktemp("model"),
                                                         corpus_of(examples + toy_examples(4))))


def tokenized(tmp_path: Path, tokenizer: Any, *answers: str) -> list[TokenizedExample]:
    path = tmp_path / "data.jsonl"
    path.write_text("".join(json.dumps(conversation(a, weight=2.0)) + "\n" for a in answers))
    return list(tokenize_dataset(path, tokenizer, [tokenizer.eos_token_id], 4096, mark_changed=True).examples)


def marked_runs(tokenizer: Any, example: TokenizedExample) -> list[str]:
    """The text of each run of consecutive marked answer tokens."""
    answer = example.ids[example.prompt_tokens:]
    runs: list[list[int]] = []
    for index in example.changed:
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    return [tokenizer.decode([answer[i] for i in run]) for run in runs]


def test_whole_file_answer_marks_exactly_the_tokens_of_its_changed_lines(tmp_path: Path, tokenizer: Any) -> None:
    [example] = tokenized(tmp_path, tokenizer, f"```rust\n{FIXED}\n```")
    runs = marked_runs(tokenizer, example)
    # Each changed line, whole (its indentation may come with the line break before it), and nothing else.
    assert [run.strip() for run in runs] == ["acc += v * 3;", "acc += 1;"]
    assert all(run.lstrip("\n") in ("        acc += v * 3;", "    acc += 1;") for run in runs)
    answer = example.ids[example.prompt_tokens:]
    unmarked = [t for i, t in enumerate(answer) if i not in example.changed]
    assert "acc +=" not in tokenizer.decode(unmarked) and "acc -= v" not in tokenizer.decode(unmarked)
    assert answer[-1] == tokenizer.eos_token_id and len(answer) - 1 not in example.changed


def test_search_replace_answer_marks_the_replace_lines_that_differ(tmp_path: Path, tokenizer: Any) -> None:
    [example] = tokenized(tmp_path, tokenizer, SEARCH_REPLACE)
    assert [run.strip() for run in marked_runs(tokenizer, example)] == ["acc += v;"]  # not the SEARCH's acc -= v


def test_an_answer_identical_to_the_buggy_file_marks_nothing(tmp_path: Path, tokenizer: Any) -> None:
    same = "<<<<<<< SEARCH\n    acc\n=======\n    acc\n>>>>>>> REPLACE"
    whole, edit = tokenized(tmp_path, tokenizer, f"```rust\n{BUGGY}\n```", same)
    assert whole.changed == () and edit.changed == ()
    assert answer_weights(whole, 5.0) == [2.0 / whole.answer_tokens] * whole.answer_tokens


def test_at_weight_1_every_answer_token_weighs_the_same_and_the_loss_is_unchanged(tmp_path: Path,
                                                                                   tokenizer: Any) -> None:
    [example] = tokenized(tmp_path, tokenizer, f"```rust\n{FIXED}\n```")
    assert example.changed  # marked, yet at 1 they weigh what every other token does
    plain = evolve(example, changed=())
    assert answer_weights(example, 1.0) == answer_weights(plain) == [2.0 / example.answer_tokens] * len(
        example.ids[example.prompt_tokens:])
    device = torch.device("cpu")
    assert torch.equal(collate([example], 0, device, 1.0).token_weights, collate([plain], 0, device).token_weights)


def test_changed_tokens_weigh_k_times_the_others_and_each_example_keeps_its_weight(tmp_path: Path,
                                                                                    tokenizer: Any) -> None:
    [example] = tokenized(tmp_path, tokenizer, f"```rust\n{FIXED}\n```")
    weights = answer_weights(example, 5.0)
    changed = [weights[i] for i in example.changed]
    others = [w for i, w in enumerate(weights) if i not in example.changed]
    assert set(changed) == {changed[0]} and set(others) == {others[0]} and changed[0] == pytest.approx(5 * others[0])
    assert sum(weights) == pytest.approx(2.0)  # the example's weight: a weighted mean, not a bigger loss
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(tokenizer.name_or_path).eval()
    ids = torch.tensor([example.ids])
    with torch.no_grad():
        logits = model(input_ids=ids).logits[0, example.prompt_tokens - 1:-1]
        losses = torch.nn.functional.cross_entropy(logits, ids[0, example.prompt_tokens:], reduction="none")
        loss = float(AnswerLoss(model)(collate([example], 0, torch.device("cpu"), 5.0)))
    scale = torch.tensor([5.0 if i in example.changed else 1.0 for i in range(example.answer_tokens)])
    assert loss == pytest.approx(2.0 * float((losses * scale).sum() / scale.sum()), rel=1e-5)
    assert loss != pytest.approx(2.0 * float(losses.mean()), rel=1e-3)


@pytest.mark.parametrize("value", [-1.0, float("nan"), float("inf")])
def test_a_bad_changed_token_weight_is_refused_in_one_line(value: float) -> None:
    with pytest.raises(ConfigError) as error:
        structure(make_converter(), {"changed_token_weight": value}, LoraOptions, "config.yaml",
                  "$.consolidator.options")
    [line] = str(error.value).splitlines()
    assert line.startswith("config.yaml: $.consolidator.options.changed_token_weight: 'changed_token_weight' must be "
                           "a finite number at least 0 (got ")
    assert structure(make_converter(), {"changed_token_weight": 5}, LoraOptions, "c.yaml",
                     "$").changed_token_weight == 5.0


def test_marking_changed_tokens_without_a_fast_tokenizer_is_refused_in_one_line(tmp_path: Path,
                                                                                 tokenizer: Any) -> None:
    class Slow:  # the real tokenizer, minus the character offsets only fast tokenizers give
        is_fast = False

        def __getattr__(self, name: str) -> Any:
            return getattr(tokenizer, name)

        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            return tokenizer(*args, **kwargs)

    path = tmp_path / "data.jsonl"
    path.write_text(json.dumps(conversation(f"```rust\n{FIXED}\n```")) + "\n")
    assert tokenize_dataset(path, Slow(), [tokenizer.eos_token_id], 4096).examples  # unmarked: no offsets needed
    with pytest.raises(BackendError, match=r"^changed_token_weight needs a fast tokenizer .*set changed_token_weight "
                                           r"to 1$"):
        tokenize_dataset(path, Slow(), [tokenizer.eos_token_id], 4096, mark_changed=True)
