"""Coefficient packs on small random bases: the format round trip, the checks a pack gets when it is used
(basis hash, base model, damaged files), the local store, `sleepy packs ...` and a pack shipped by an installed
distribution through the `sleepy.packs` entry point group."""

from __future__ import annotations

import importlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import torch
from sleepy_subspace.basis import fit_layer
from sleepy_subspace.errors import SubspaceError
from sleepy_subspace.factors import relative_error
from sleepy_subspace.layer import fresh_coefficients
from sleepy_subspace.pack_info import BaseModelRef, Lineage
from sleepy_subspace.pack_store import basis_dir, pack_dir
from sleepy_subspace.packs import (
    export_peft,
    install_pack,
    load_pack,
    pack_factors,
    pack_from_state,
    read_basis,
    read_pack,
    write_pack,
)
from sleepy_subspace.state import Basis, Skill, SubspaceState
from subspace_randoms import generator, random_lora

R, K = 4, 6
LAYERS = {"model.layers.0.self_attn.q_proj": (16, 16), "model.layers.0.self_attn.v_proj": (16, 8),
          "model.layers.1.self_attn.q_proj": (16, 16), "model.layers.1.self_attn.v_proj": (16, 8)}
MODEL = BaseModelRef("local:/models/tiny", "d" * 64)


def random_state(seed: int = 0, skills: int = 2) -> SubspaceState:
    g = generator(seed)
    layers = {name: fit_layer([random_lora(d, n, R, g, dtype=torch.float32) for _ in range(3)], K, seed=seed)
              for name, (d, n) in LAYERS.items()}
    made = [Skill(coefficients={name: fresh_coefficients(K, R, seed=seed + 10 * s + i, zero_delta=False,
                                                         dtype=torch.float32)
                                for i, name in enumerate(LAYERS)}, dataset_hash=f"data-{s}")
            for s in range(skills)]
    return SubspaceState("share", Basis(layers, 3, "share"), tuple(made))


def make_pack(tmp_path: Path, name: str = "koans", seed: int = 0, *, with_basis: bool = True) -> Path:
    state = random_state(seed)
    pack = pack_from_state(state, name=name, description="two skills", base_model=MODEL,
                           lineage=Lineage(run_id="r1", adapter_id="a1", cycle=2, families=("borrow",)))
    return write_pack(tmp_path / name, pack, state.basis if with_basis else None)


def one_line(error: pytest.ExceptionInfo[SubspaceError]) -> str:
    text = str(error.value)
    assert "\n" not in text
    return text


def test_a_pack_round_trips_bit_identical(tmp_path: Path) -> None:
    state = random_state()
    assert state.basis is not None
    directory = make_pack(tmp_path)
    pack, basis = load_pack(directory, store=None, base_model=MODEL)
    assert basis.sha256 == state.basis.sha256 == pack.info.basis_sha256 and basis.version == 3
    for written, read in zip(state.skills, pack.skills, strict=True):
        assert written.coefficients is not None
        for name, c in written.coefficients.items():
            assert torch.equal(c.e_a, read[name].e_a) and torch.equal(c.e_b, read[name].e_b)
    info = json.loads((directory / "pack.json").read_text())
    assert (info["k"]["model.layers.0.self_attn.v_proj"], info["r"], info["skills"]) == ([K, K], R, 2)
    assert info["lineage"]["dataset_hashes"] == ["data-0", "data-1"] and info["lineage"]["cycle"] == 2
    assert info["base_model"] == {"name": MODEL.name, "digest": MODEL.digest}
    # written again from what was read: the same bytes
    again = write_pack(tmp_path / "again", pack, basis)
    for file in ("pack.json", "coefficients.safetensors", "basis.safetensors", "basis.json"):
        assert (again / file).read_bytes() == (directory / file).read_bytes(), file


def test_a_pack_used_with_another_basis_fails_in_one_line_naming_both(tmp_path: Path) -> None:
    directory = make_pack(tmp_path)
    other = random_state(seed=1).basis
    assert other is not None
    expected = read_pack(directory).info.basis_sha256
    with pytest.raises(SubspaceError) as error:
        load_pack(directory, store=None, basis=other)
    assert one_line(error) == (f"pack 'koans': basis mismatch: expected sha256 {expected} (its pack.json), found "
                               f"{other.sha256} (the basis it is used with)")
    # a pack directory carrying another basis than the one its pack.json names
    carried = make_pack(tmp_path / "o", seed=1)
    for file in ("basis.safetensors", "basis.json"):
        shutil.copy(carried / file, directory / file)
    with pytest.raises(SubspaceError) as error:
        load_pack(directory, store=None)
    assert one_line(error) == (f"pack 'koans': basis mismatch: expected sha256 {expected} (its pack.json), found "
                               f"{other.sha256} ({directory / 'basis.safetensors'})")


def test_a_pack_used_with_another_base_model_fails_in_one_line_naming_both(tmp_path: Path) -> None:
    directory = make_pack(tmp_path)
    with pytest.raises(SubspaceError) as error:
        load_pack(directory, store=None, base_model=BaseModelRef("HuggingFaceTB/SmolLM2-360M", "e" * 64))
    assert one_line(error) == (f"pack 'koans': base model mismatch: expected {MODEL.name} (digest {MODEL.digest}) "
                               f"(its pack.json), found HuggingFaceTB/SmolLM2-360M (digest {'e' * 64})")
    with pytest.raises(SubspaceError):  # same name, another digest
        load_pack(directory, store=None, base_model=BaseModelRef(MODEL.name, "f" * 64))
    load_pack(directory, store=None, base_model=BaseModelRef(MODEL.name, None))  # no digest known: the name decides


@pytest.mark.parametrize(("file", "damage", "message"), [
    ("pack.json", "missing", "{path}: missing; expected a pack's pack.json"),
    ("pack.json", "garbage", "{path}: not readable JSON ("),
    ("pack.json", "field", "{path}: r is 'four'; expected a positive integer"),
    ("coefficients.safetensors", "missing", "{path}: missing; expected the coefficients pack.json describes"),
    ("coefficients.safetensors", "garbage", "{path}: not a readable safetensors file ("),
    ("basis.safetensors", "garbage", "{path}: not a readable safetensors file ("),
    ("basis.json", "missing", "{path}: missing; expected a basis.json"),
])
def test_a_missing_or_damaged_file_is_one_line_naming_it(tmp_path: Path, file: str, damage: str,
                                                         message: str) -> None:
    directory = make_pack(tmp_path)
    path = directory / file
    if damage == "missing":
        path.unlink()
    elif damage == "garbage":
        path.write_bytes(b"\x00\x01 not this")
    else:
        record = json.loads(path.read_text())
        path.write_text(json.dumps({**record, "r": "four"}))
    with pytest.raises(SubspaceError) as error:
        load_pack(directory, store=None)
    assert one_line(error).startswith(message.format(path=path))


def test_changed_coefficients_are_refused_by_their_hash(tmp_path: Path) -> None:
    directory = make_pack(tmp_path)
    other = make_pack(tmp_path / "o", seed=1)
    shutil.copy(other / "coefficients.safetensors", directory / "coefficients.safetensors")
    with pytest.raises(SubspaceError) as error:
        read_pack(directory)
    assert "does not match the coefficients_sha256" in one_line(error)
    assert one_line(error).startswith(str(directory / "coefficients.safetensors"))


def test_install_keeps_the_basis_once_by_hash_and_the_store_resolves_it(tmp_path: Path) -> None:
    store = tmp_path / "store"
    first, second = make_pack(tmp_path / "src", "one"), make_pack(tmp_path / "src", "two")  # same seed: one basis
    target = install_pack(first, store)
    install_pack(second, store)
    pack, basis = load_pack(target, store=store)
    assert target == pack_dir(store, "one") and not (target / "basis.safetensors").exists()
    assert [p.name for p in (store / "bases").iterdir()] == [basis.sha256]
    assert read_basis(basis_dir(store, basis.sha256))[0].sha256 == pack.info.basis_sha256
    with pytest.raises(SubspaceError) as error:
        install_pack(first, store)
    assert one_line(error).endswith("is already in the store; expected a new name (or --replace)")
    install_pack(first, store, replace=True)
    # a pack without its basis installs only where the store already has that basis
    bare = make_pack(tmp_path / "bare", "bare", seed=2, with_basis=False)
    with pytest.raises(SubspaceError) as error:
        install_pack(bare, store)
    assert one_line(error).startswith("pack 'bare': its basis ") and "is missing; expected" in one_line(error)


def test_a_plain_lora_skill_cannot_go_into_a_pack() -> None:
    state = random_state()
    lora_skill = Skill(lora={name: random_lora(d, n, R, generator(3)) for name, (d, n) in LAYERS.items()})
    mixed = SubspaceState("random_basis", state.basis, (lora_skill, *state.skills))
    with pytest.raises(SubspaceError) as error:
        pack_from_state(mixed, name="x", description="", base_model=MODEL)
    assert one_line(error) == ("the state: skill 1 is plain LoRA factors, not coefficients in the basis; choose "
                               "coefficient skills (--skill)")
    pack = pack_from_state(mixed, name="x", description="", base_model=MODEL, skills=[2, 3])
    assert pack.info.skills == 2


def test_export_to_peft_applies_the_sum_of_the_skills(tmp_path: Path) -> None:
    from sleepy_subspace.adapters import read_adapter

    state = random_state()
    assert state.basis is not None
    pack, basis = load_pack(make_pack(tmp_path), store=None)
    export_peft(pack, basis, tmp_path / "peft")
    adapter = read_adapter(tmp_path / "peft")
    config = json.loads((tmp_path / "peft" / "adapter_config.json").read_text())
    assert (config["r"], config["base_model_name_or_path"]) == (2 * R, MODEL.name)
    for name in LAYERS:
        expected = torch.stack([skill.factors(state.basis)[name].delta() for skill in state.skills]).sum(dim=0)
        assert relative_error(adapter[name].delta(), expected) < 1e-6
        assert relative_error(pack_factors(pack, basis)[name].delta(), expected) < 1e-6


# --- the command line and installed distributions ---------------------------------------------------------------


@pytest.fixture
def packs_cli(register_plugin: Any, sleepy_cli: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    register_plugin(importlib.import_module("sleepy_subspace.plugin"), name="subspace")
    monkeypatch.setenv("SLEEPY_PACKS_DIR", str(tmp_path / "store"))
    return sleepy_cli


def make_distribution(root: Path, pack_source: Path) -> Path:
    """A minimal installed distribution `koan-packs` whose entry point names the package holding its packs."""
    package = root / "koan_packs_data"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    shutil.copytree(pack_source, package / pack_source.name)
    info = root / "koan_packs-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: koan-packs\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[sleepy.packs]\nkoans = koan_packs_data\n")
    return root


def test_packs_list_and_show_text_and_json(packs_cli: Any, tmp_path: Path) -> None:
    assert packs_cli("packs", "list").output.startswith("no packs (local store ")
    install_pack(make_pack(tmp_path / "src"), tmp_path / "store")
    listed = packs_cli("packs", "list")
    assert listed.exit_code == 0
    assert listed.output.startswith("koans  local  2 skill(s), r 4, 4 modules, basis ")
    entries = json.loads(packs_cli("packs", "list", "--json").output)
    assert [(e["name"], e["source"], e["pack"]["skills"]) for e in entries] == [("koans", "local", 2)]
    shown = packs_cli("packs", "show", "koans")
    assert "base model: local:/models/tiny (digest " in shown.output and "families: borrow" in shown.output
    record = json.loads(packs_cli("packs", "show", "koans", "--json").output)
    assert record["pack"]["lineage"]["run_id"] == "r1" and record["path"] == str(pack_dir(tmp_path / "store",
                                                                                               "koans"))
    missing = packs_cli("packs", "show", "nope")
    assert missing.exit_code != 0
    assert missing.output.strip().splitlines() == [
        f"sleepy: error: no pack named 'nope' in the local store {tmp_path / 'store'} or installed packages; "
        "found koans"]


def test_an_installed_distribution_s_pack_is_listed_installed_and_exported(
        packs_cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_distribution(tmp_path / "site", make_pack(tmp_path / "src", "shipped"))
    monkeypatch.syspath_prepend(str(site))
    listed = json.loads(packs_cli("packs", "list", "--json").output)
    assert [(e["name"], e["source"], e["distribution"]) for e in listed] == [("shipped", "installed", "koan-packs")]
    assert "shipped  installed (koan-packs)  2 skill(s)" in packs_cli("packs", "list").output
    # exported straight from the package (it carries its basis), and installed into the store
    out = tmp_path / "peft"
    result = packs_cli("packs", "export", "shipped", "--to", "peft", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert (out / "adapter_model.safetensors").is_file()
    installed = packs_cli("packs", "install", str(site / "koan_packs_data" / "shipped"))
    assert installed.exit_code == 0, installed.output
    sources = [(e["name"], e["source"]) for e in json.loads(packs_cli("packs", "list", "--json").output)]
    assert sources == [("shipped", "local"), ("shipped", "installed")]


def test_export_errors_are_one_line(packs_cli: Any, tmp_path: Path) -> None:
    install_pack(make_pack(tmp_path / "src"), tmp_path / "store")
    for args, line in [
        (("koans", "--to", "gguf", "--out", "x"), "packs export koans: --to is 'gguf'; expected 'peft' (a PEFT "
                                                  "LoRA adapter)"),
        (("koans", "--to", "peft"), "packs export koans --to peft: --out DIR is required"),
        ((), "packs export: expected PACK --to peft --out DIR, or --run-dir DIR --name NAME"),
        (("--run-dir", str(tmp_path / "norun"), "--name", "x"),
         f"{tmp_path / 'norun'}: no run here (missing sleepy.db); run `sleepy day` first"),
    ]:
        result = packs_cli("packs", "export", *args)
        assert result.exit_code != 0
        assert result.output.strip().splitlines() == [f"sleepy: error: {line}"], result.output


def test_share_selects_packs_by_name_in_config_and_leaves_run_keys_alone_without_them() -> None:
    import attrs
    from sleepy_subspace.options import ShareOptions

    from sleepy.config import make_converter, structure, without_neutral_defaults
    from sleepy.errors import ConfigError

    options = structure(make_converter(), {"packs": ["koans", "borrow"]}, ShareOptions, "c.yaml",
                        "$.consolidator.options")
    assert options.packs == ("koans", "borrow")
    assert "packs" not in without_neutral_defaults(ShareOptions(), attrs.asdict(ShareOptions()))
    assert "packs" in without_neutral_defaults(options, attrs.asdict(options))
    with pytest.raises(ConfigError) as error:
        structure(make_converter(), {"packs": [""]}, ShareOptions, "c.yaml", "$.consolidator.options")
    assert str(error.value) == ("c.yaml: $.consolidator.options.packs: 'packs' must be a list of pack names "
                                "(got [''])")


def test_writing_never_replaces_a_directory_that_is_not_a_pack_or_an_adapter(tmp_path: Path) -> None:
    state = random_state()
    assert state.basis is not None
    pack = pack_from_state(state, name="koans", description="", base_model=MODEL)
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "notes.txt").write_text("mine")
    with pytest.raises(SubspaceError) as error:
        write_pack(tmp_path / "home", pack, state.basis, replace=True)
    assert one_line(error) == (f"{tmp_path / 'home'}: exists and is not a pack directory (no pack.json); "
                               "expected a new or empty directory")
    with pytest.raises(SubspaceError) as error:
        export_peft(pack, state.basis, tmp_path / "home")
    assert one_line(error) == (f"{tmp_path / 'home'}: exists and is not a PEFT adapter directory (no "
                               "adapter_config.json); expected a new or empty directory")
    assert (tmp_path / "home" / "notes.txt").read_text() == "mine"
    write_pack(tmp_path / "pack", pack, state.basis)
    with pytest.raises(SubspaceError) as error:
        write_pack(tmp_path / "pack", pack, state.basis)
    assert one_line(error) == f"{tmp_path / 'pack'}: a pack is already there; expected a new directory (or --replace)"
    write_pack(tmp_path / "pack", pack, state.basis, replace=True)


def test_a_broken_entry_point_is_listed_unreadable_and_install_of_nothing_is_one_line(
        packs_cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_distribution(tmp_path / "site", make_pack(tmp_path / "src", "shipped"))
    (site / "koan_packs-1.0.dist-info" / "entry_points.txt").write_text("[sleepy.packs]\nkoans = no_such_package\n")
    monkeypatch.syspath_prepend(str(site))
    listed = packs_cli("packs", "list")
    assert listed.exit_code == 0
    assert listed.output.startswith("koans  installed (koan-packs)  unreadable: entry point koans = "
                                    "'no_such_package' of koan-packs (group sleepy.packs): not an importable package")
    result = packs_cli("packs", "install", str(tmp_path / "nowhere"))
    assert result.output.strip().splitlines() == [
        f"sleepy: error: {tmp_path / 'nowhere'}: not a directory; expected a pack directory (pack.json, "
        "coefficients.safetensors)"]
