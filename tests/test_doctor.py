from __future__ import annotations

import json

import pytest

from sleepy import doctor
from sleepy.sandbox.isolation import IsolationLevel

NOT_FOUND = "`bwrap` not found in /usr/bin, /bin, /usr/sbin or /sbin (install bubblewrap)"


@pytest.fixture
def healthy(monkeypatch, tmp_path):
    """A machine where every check passes, whatever this one has."""
    monkeypatch.setattr(doctor, "tool_version", lambda argv: f"{argv[0].rsplit('/', 1)[-1]} 1.95.0")
    monkeypatch.setattr(doctor.shutil, "which", lambda name, **_: f"/usr/bin/{name}")
    monkeypatch.setattr(doctor, "check_clippy", lambda: doctor.Finding("clippy", doctor.OK, "clippy 0.1.95"))
    monkeypatch.setattr(doctor, "probe", lambda level: None)
    monkeypatch.setenv("SLEEPY_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(doctor, "check_memory", lambda: doctor.Finding("memory", doctor.OK, "8.0 GiB available"))
    return monkeypatch


def test_every_check_is_reported_and_a_healthy_machine_is_ready(healthy, sleepy_cli):
    result = sleepy_cli("doctor")
    assert result.exit_code == 0, result.output
    names = [line.split()[0] for line in result.output.splitlines() if line[:1].strip()]
    assert names == ["python", "rustc", "cargo", "clippy", "isolation", "model", "disk", "memory", "plugins",
                     "ready:"]
    assert "rustc 1.95.0" in result.output and "isolation    ok    bwrap" in result.output
    assert "cgroup v2" in result.output and "user namespaces" in result.output


def test_without_bubblewrap_it_fails_and_says_what_to_install(healthy, sleepy_cli):
    healthy.setattr(doctor, "probe", lambda level: NOT_FOUND if level is IsolationLevel.BWRAP else None)
    healthy.setattr(doctor.shutil, "which", lambda name, **_: None if name == "bwrap" else f"/usr/bin/{name}")
    result = sleepy_cli("doctor")
    assert result.exit_code == 1
    assert "auto falls back to unshare, which leaves the host file system visible" in result.output
    assert result.output.splitlines()[-1] == (
        "not ready: the main job cannot run safely here; install bubblewrap: sudo apt-get install bubblewrap "
        "(dnf/pacman: bubblewrap)")


def test_without_rust_it_fails_and_says_what_to_install(healthy, sleepy_cli):
    healthy.setattr(doctor.shutil, "which", lambda name, **_: None if name in ("rustc", "cargo") else name)
    data = json.loads(sleepy_cli("doctor", "--json").output)
    assert data["ready"] is False
    rustc = next(c for c in data["checks"] if c["name"] == "rustc")
    assert rustc["status"] == "fail" and rustc["detail"] == "`rustc` not found on PATH"
    assert rustc["fix"].startswith("install Rust with rustup")


def test_model_cache_disk_memory_and_plugins(tmp_path, sleepy_pm, register_plugin):
    assert doctor.check_model_cache(tmp_path).status == doctor.WARN
    entry = tmp_path / "models" / "k1"
    entry.mkdir(parents=True)
    (entry / "sleepy-model.json").write_text("{}")
    found = doctor.check_model_cache(tmp_path)
    assert found.status == doctor.OK and "1 model(s)" in found.detail
    assert doctor.check_memory("MemAvailable: 524288 kB\n").status == doctor.FAIL
    assert doctor.check_memory("MemAvailable: 8388608 kB\n").detail == "8.0 GiB available"
    assert doctor.check_disk(tmp_path / "absent").status == doctor.FAIL
    assert doctor.check_plugins(sleepy_pm).status == doctor.WARN  # only the scripted backend

    from sleepy import hookimpl

    class Backend:
        @hookimpl
        def sleepy_register_backends(self, register):
            register.add("echo", lambda options: None)

    register_plugin(Backend(), name="echo-plugin")
    found = doctor.check_plugins(sleepy_pm)
    assert found.status == doctor.OK and "echo-plugin" in found.detail and "backends: echo" in found.detail


def test_on_this_machine_it_runs_without_a_traceback(sleepy_cli):
    result = sleepy_cli("doctor", "--json")
    assert result.exit_code in (0, 1)
    data = json.loads(result.output)
    assert data["ready"] == (result.exit_code == 0)
    assert all(c["fix"] for c in data["checks"] if c["status"] == "fail")
