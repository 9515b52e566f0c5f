from __future__ import annotations

import json
import re

import pytest
from fakes import body_of, ndjson
from gguf import GGUFReader
from sleepy_serving import plugin
from sleepy_serving.export import export_adapter
from sleepy_serving.gguf_lora import ExportError
from synthetic import base_config, write_adapter
from werkzeug import Request, Response

from sleepy.adapters import AdapterRegistry, InvalidAdapter
from sleepy.run_dir import RunDirectory


@pytest.fixture
def adapter(tmp_path):
    return write_adapter(tmp_path / "trained")


@pytest.fixture
def config_file(tmp_path):
    path = tmp_path / "base-config.json"
    path.write_text(json.dumps(base_config()))
    return path


def test_peft_copy(adapter, tmp_path):
    result = export_adapter(adapter, "peft", tmp_path / "out", name="a1")
    assert result.path == tmp_path / "out" / "a1"
    assert sorted(p.name for p in result.path.iterdir()) == ["adapter_config.json", "adapter_model.safetensors",
                                                             "sleepy_adapter.json"]
    assert result.describe() == f"peft: wrote {tmp_path / 'out' / 'a1'}"


def test_gguf_file(adapter, tmp_path, config_file):
    result = export_adapter(adapter, "gguf", tmp_path / "out", name="a1", base_config=config_file)
    assert result.path == tmp_path / "out" / "a1.gguf"
    assert GGUFReader(result.path).fields["general.type"].contents() == "adapter"


def test_files_need_an_output_directory_and_portable_adapters(adapter, tmp_path):
    with pytest.raises(ExportError, match="give an output directory"):
        export_adapter(adapter, "peft")
    with pytest.raises(InvalidAdapter, match="DoRA"):
        export_adapter(write_adapter(tmp_path / "dora", use_dora=True), "peft", tmp_path / "o")


def test_to_ollama_over_rest(server, base_url, adapter, config_file):
    server.expect_request(re.compile(r"^/api/blobs/sha256:[0-9a-f]{64}$"), method="HEAD").respond_with_data(
        "", status=404)
    server.expect_request(re.compile(r"^/api/blobs/sha256:[0-9a-f]{64}$"), method="POST").respond_with_data(
        "", status=201)
    server.expect_request("/api/create", method="POST").respond_with_response(
        Response(ndjson([{"status": "writing manifest"}, {"status": "success"}]), content_type="application/x-ndjson"))
    result = export_adapter(adapter, "ollama", name="a1", base_config=config_file, server_url=base_url,
                            base_model="llama3.2:1b")
    assert result.served_as == "llama3.2-1b-a1" and result.path is None
    create = body_of(server.log[-1][0])
    assert create["from"] == "llama3.2:1b" and list(create["adapters"]) == ["a1.gguf"]
    with pytest.raises(ExportError, match="--from NAME"):
        export_adapter(adapter, "ollama", base_config=config_file, server_url=base_url)


def test_to_vllm_at_runtime(server, base_url, adapter, tmp_path):
    def load(request: Request) -> Response:
        return Response(f"Success: LoRA adapter '{body_of(request)['lora_name']}' added successfully.")

    server.expect_request("/v1/load_lora_adapter", method="POST").respond_with_handler(load)
    result = export_adapter(adapter, "vllm", tmp_path / "shared", name="a1", server_url=base_url)
    assert result.served_as == "a1" and result.path == tmp_path / "shared" / "a1"
    assert body_of(server.log[0][0])["lora_path"] == str((tmp_path / "shared" / "a1").resolve())


def test_cli_exports_a_registered_adapter(adapter, tmp_path, config_file, register_plugin, sleepy_cli):
    run = RunDirectory(tmp_path / "run")
    record = AdapterRegistry(run.adapters, run.open_store(create=True)).register(
        adapter, strategy="lora", dataset_hash=None, base_model="tiny-llama")
    register_plugin(plugin, name="serving")
    result = sleepy_cli("export", "adapter", record.id, "--to", "gguf", "--out", str(tmp_path / "out"),
                        "--base-config", str(config_file), "--run-dir", str(run.path))
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"gguf: wrote {tmp_path / 'out' / f'{record.id}.gguf'}"
    missing = sleepy_cli("export", "adapter", record.id, "--to", "gguf", "--out", str(tmp_path / "out"),
                         "--run-dir", str(run.path))
    assert missing.exit_code == 2
    assert missing.output.strip().splitlines()[-1].startswith("sleepy: error: GGUF export needs the base model's")
    unknown = sleepy_cli("export", "adapter", "nope", "--to", "peft", "--out", str(tmp_path), "--run-dir",
                         str(run.path))
    assert unknown.exit_code == 1 and "no adapter 'nope'" in unknown.output
