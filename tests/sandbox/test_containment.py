"""Hostile programs, each a real crate run in ``test`` mode: the right outcome, and the host untouched."""

from __future__ import annotations

import secrets
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

from sleepy.sandbox import Limits, Outcome, ProcessLimits, cgroup, scratch
from sleepy.sandbox.limits import KIB, MIB, AttemptBudget
from tests.sandbox.conftest import SandboxFactory, assert_no_leftovers, koan, unique_name

pytestmark = pytest.mark.needs_bwrap

WALL = 3.0
HOSTILE = Limits(
    run=ProcessLimits(wall_seconds=WALL, cpu_seconds=2, memory_bytes=256 * MIB, file_bytes=8 * MIB, processes=32),
    output_bytes=16 * KIB,
)
# Compile time is not what these tests bound; a loaded CI machine may be slow to link.
SLACK = 5.0


def _rust_str(path: Path | str) -> str:
    return '"' + str(path).replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.mark.parametrize("burn_cpu", [True, False], ids=["busy-loop", "sleep-loop"])
def test_infinite_loop_times_out_and_leaves_nothing(bwrap_sandbox: SandboxFactory, burn_cpu: bool) -> None:
    name = unique_name("spin")
    body = "std::hint::black_box(0u64);" if burn_cpu else "std::thread::sleep(std::time::Duration::from_secs(1));"
    files = koan(f"pub fn spin() {{ loop {{ {body} }} }}", "#[test]\nfn forever() { spin(); }")
    started = time.monotonic()
    result = bwrap_sandbox(limits=HOSTILE, crate_name=name).run(files, "test")
    assert result.outcome is Outcome.TIMEOUT, result.reason
    assert result.run_seconds < WALL + 1.0
    assert time.monotonic() - started < result.compile_seconds + WALL + SLACK
    assert str(result.signature()).startswith("timeout: ")
    assert_no_leftovers(name)


def test_fork_bomb_is_contained_and_leaves_nothing(bwrap_sandbox: SandboxFactory) -> None:
    name = unique_name("bomb")
    files = koan(
        "",
        f"""
        #[test]
        fn bomb() {{
            let me = std::env::current_exe().unwrap();
            let mut kids = Vec::new();
            loop {{
                if let Ok(c) = std::process::Command::new(&me).arg("--test-threads=1").spawn() {{ kids.push(c); }}
                if let Ok(c) = std::process::Command::new("sh").args(["-c", "sleep 1000; echo {name}"]).spawn() {{
                    kids.push(c);
                }}
                let _ = std::thread::Builder::new()
                    .spawn(|| loop {{ std::thread::sleep(std::time::Duration::from_secs(1)); }});
            }}
        }}
        """,
    )
    result = bwrap_sandbox(limits=HOSTILE, crate_name=name).run(files, "test")
    assert result.outcome in (Outcome.TIMEOUT, Outcome.RESOURCE_LIMIT), result.reason
    assert result.run_seconds < WALL + 2.0
    assert_no_leftovers(name)


def test_thread_bomb_hits_the_process_limit(bwrap_sandbox: SandboxFactory) -> None:
    # RLIMIT_NPROC only bites for a non-root uid: this proves the program does not run as root.
    files = koan(
        "",
        """
        #[test]
        fn threads() {
            let mut handles = Vec::new();
            for _ in 0..1000 {
                handles.push(std::thread::spawn(|| std::thread::sleep(std::time::Duration::from_secs(30))));
            }
        }
        """,
    )
    result = bwrap_sandbox(limits=HOSTILE).run(files, "test")
    assert result.outcome is Outcome.RESOURCE_LIMIT, result.reason
    assert "process limit" in result.reason
    assert result.run_seconds < WALL


def test_runs_as_an_unprivileged_user(bwrap_sandbox: SandboxFactory) -> None:
    files = koan(
        "",
        """
        #[test]
        fn who() {
            let status = std::fs::read_to_string("/proc/self/status").unwrap();
            let uid = status.lines().find(|l| l.starts_with("Uid:")).unwrap().to_string();
            let caps = status.lines().find(|l| l.starts_with("CapEff:")).unwrap().to_string();
            panic!("{uid} | {caps}");
        }
        """,
    )
    result = bwrap_sandbox().run(files, "test")
    assert result.tests is not None and result.tests.failures
    message = result.tests.failures[0].message
    assert not message.startswith("Uid:\t0\t"), message
    assert "CapEff:\t0000000000000000" in message


def test_memory_bomb_hits_the_memory_limit(bwrap_sandbox: SandboxFactory) -> None:
    files = koan(
        "",
        """
        #[test]
        fn hog() {
            let mut blocks = Vec::new();
            loop {
                let mut block = vec![0u8; 16 << 20];
                block[4096] = 1;
                blocks.push(block);
            }
        }
        """,
    )
    result = bwrap_sandbox(limits=HOSTILE).run(files, "test")
    assert result.outcome is Outcome.RESOURCE_LIMIT, result.reason
    assert str(result.signature()).startswith("resource_limit: ")


def test_writing_outside_the_crate_does_not_reach_the_host(bwrap_sandbox: SandboxFactory, tmp_path: Path) -> None:
    token = secrets.token_hex(8)
    targets = [Path(f"/tmp/sleepy_pwned_{token}"), tmp_path / f"pwned_{token}", Path.cwd() / f"sleepy_pwned_{token}"]
    writes = "\n".join(f"    let _ = std::fs::write({_rust_str(t)}, \"pwned\");" for t in targets)
    files = koan("", f"#[test]\nfn escape() {{\n{writes}\n}}")
    result = bwrap_sandbox(limits=HOSTILE).run(files, "test")
    assert result.outcome is Outcome.PASSED, result.reason  # the writes land in the sandbox's own /tmp
    for target in targets:
        assert not target.exists(), f"{target} was written on the host"


def test_reading_a_host_file_does_not_obtain_it(bwrap_sandbox: SandboxFactory, tmp_path: Path) -> None:
    secret = f"secret-{secrets.token_hex(16)}"
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text(secret)
    files = koan(
        "",
        f"""
        #[test]
        fn steal() {{
            match std::fs::read_to_string({_rust_str(secret_file)}) {{
                Ok(text) => panic!("stolen: {{text}}"),
                Err(e) => panic!("could not read: {{e}}"),
            }}
        }}
        """,
    )
    result = bwrap_sandbox(limits=HOSTILE).run(files, "test")
    assert result.outcome is Outcome.TEST_FAILURE, result.reason
    assert secret not in repr(result)
    assert result.tests is not None and "could not read" in result.tests.failures[0].message


def test_reading_a_host_file_at_compile_time_is_refused(bwrap_sandbox: SandboxFactory, tmp_path: Path) -> None:
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text("compile-time-secret")
    files = {"src/lib.rs": f"pub const S: &str = include_str!({_rust_str(secret_file)});\n"}
    result = bwrap_sandbox().run(files, "test")
    assert result.outcome is Outcome.SANDBOX_VIOLATION
    assert "compile-time-secret" not in repr(result)


def test_no_network_even_to_localhost(bwrap_sandbox: SandboxFactory) -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        port = server.getsockname()[1]
        files = koan(
            "",
            f"""
            #[test]
            fn phone_home() {{
                use std::io::Write;
                let mut s = std::net::TcpStream::connect(("127.0.0.1", {port})).expect("connect");
                s.write_all(b"pwned").unwrap();
            }}
            """,
        )
        result = bwrap_sandbox(limits=HOSTILE).run(files, "test")
        server.setblocking(False)
        with pytest.raises(BlockingIOError):
            server.accept()
    assert result.outcome is Outcome.TEST_FAILURE, result.reason
    assert result.tests is not None and "connect" in result.tests.failures[0].message


def test_printing_gigabytes_is_cut_off(bwrap_sandbox: SandboxFactory) -> None:
    files = koan(
        "",
        """
        #[test]
        fn flood() {
            use std::io::Write;
            let line = [b'x'; 1 << 16];
            let mut out = std::io::stdout().lock();
            for _ in 0..(1u64 << 16) {  // 4 GiB
                out.write_all(&line).unwrap();
            }
        }
        """,
    )
    result = bwrap_sandbox(limits=HOSTILE).run(files, "test")
    assert result.outcome is Outcome.RESOURCE_LIMIT, result.reason
    assert result.signal == "SIGXFSZ"
    assert result.stdout_truncated and len(result.stdout) < 17 * KIB
    assert result.run_seconds < WALL


def test_printing_through_the_test_capture_is_bounded(bwrap_sandbox: SandboxFactory) -> None:
    files = koan("", '#[test]\nfn chatty() {\n    loop { println!("{}", "y".repeat(4096)); }\n}')
    result = bwrap_sandbox(limits=HOSTILE).run(files, "test")
    # libtest keeps a test's output in memory: the memory limit (or the clock) stops it.
    assert result.outcome in (Outcome.RESOURCE_LIMIT, Outcome.TIMEOUT), result.reason
    assert len(result.stdout) < 17 * KIB and len(result.stderr) < 17 * KIB


def test_rm_rf_of_a_host_dir_does_nothing(bwrap_sandbox: SandboxFactory, tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "precious.txt").write_text("keep me")
    files = koan(
        "",
        f"""
        #[test]
        fn wipe() {{
            let _ = std::process::Command::new("rm").args(["-rf", {_rust_str(victim)}]).status();
            let _ = std::process::Command::new("rm").args(["-rf", "/usr/share/doc"]).status();
        }}
        """,
    )
    result = bwrap_sandbox(limits=HOSTILE).run(files, "test")
    assert result.outcome is Outcome.PASSED, result.reason
    assert (victim / "precious.txt").read_text() == "keep me"
    assert Path("/usr/share/doc").exists()


def test_build_script_is_refused_before_compiling(bwrap_sandbox: SandboxFactory) -> None:
    files = {
        "src/lib.rs": "pub fn f() {}\n",
        "build.rs": 'fn main() { std::fs::write("/tmp/sleepy_pwned_build", "x").unwrap(); }\n',
    }
    result = bwrap_sandbox().run(files, "test")
    assert result.outcome is Outcome.SANDBOX_VIOLATION
    assert "build.rs" in result.reason
    assert result.compile_seconds == 0.0 and result.diagnostics == () and result.tests is None
    assert not Path("/tmp/sleepy_pwned_build").exists()


def test_no_controlling_terminal_to_inject_keystrokes_into(bwrap_sandbox: SandboxFactory) -> None:
    # Without a controlling terminal there is no TIOCSTI into the caller's shell.
    files = koan(
        "",
        '#[test]\nfn tty() {\n    assert!(std::fs::OpenOptions::new().write(true).open("/dev/tty").is_err());\n}',
    )
    result = bwrap_sandbox().run(files, "test")
    assert result.outcome is Outcome.PASSED, result.reason


@pytest.mark.parametrize(
    "source",
    [
        "extern crate libc;\npub fn f() {}\n",
        '#[path = "/etc/passwd"]\nmod evil;\n',
        'pub static S: &[u8] = include_bytes!("../../../etc/shadow");\n',
        'macro_rules! grab { ($p:expr) => { include_str!($p) } }\npub static S: &str = grab!("/etc/passwd");\n',
        '#!/x r"\npub static S: &str = include_str!("/etc/shadow");\n// "\n',
    ],
    ids=["extern-crate", "path-attribute", "include-escaping", "include-via-macro", "shebang-hides-include"],
)
def test_policy_refusals_compile_nothing(bwrap_sandbox: SandboxFactory, source: str) -> None:
    result = bwrap_sandbox().run({"src/lib.rs": source}, "test")
    assert result.outcome is Outcome.SANDBOX_VIOLATION, result.reason
    assert result.compile_seconds == 0.0 and result.compiler_output == ""


# The same walls under each isolation level, the unshare fallback forced explicitly: a fresh machine
# without bubblewrap gets it, and it once let the program reach the host's tmp dirs, files and sockets.


@pytest.fixture
def host_tmp_file() -> Iterator[Path]:
    """A world-readable file in the host's /tmp (pytest's tmp_path is owner-only, which proves nothing)."""
    path = Path(f"/tmp/sleepy_secret_{secrets.token_hex(8)}")
    path.write_text(f"host-secret-{secrets.token_hex(8)}")
    path.chmod(0o644)
    yield path
    path.unlink()


def test_tmp_dirs_are_private(jailed_sandbox: SandboxFactory) -> None:
    token = secrets.token_hex(8)
    targets = [Path(d, f"sleepy_pwned_{token}") for d in ("/tmp", "/var/tmp", "/dev/shm")]
    writes = "\n".join(f"    let _ = std::fs::write({_rust_str(t)}, \"pwned\");" for t in targets)
    files = koan("", f"#[test]\nfn escape() {{\n{writes}\n}}")
    try:
        result = jailed_sandbox(limits=HOSTILE).run(files, "test")
        assert result.outcome is Outcome.PASSED, result.reason
        for target in targets:
            assert not target.exists(), f"{target} was written on the host under {result.isolation}"
    finally:
        for target in targets:
            target.unlink(missing_ok=True)


def test_host_files_are_not_visible(jailed_sandbox: SandboxFactory, host_tmp_file: Path) -> None:
    secret = host_tmp_file.read_text()
    files = koan(
        "",
        f"""
        #[test]
        fn steal() {{
            let found: Vec<String> = [{_rust_str(host_tmp_file)}, "/etc/hostname", "/root", "/home", "/run", "/var/lib"]
                .iter().filter(|p| std::path::Path::new(p).exists()).map(|p| p.to_string()).collect();
            match std::fs::read_to_string({_rust_str(host_tmp_file)}) {{
                Ok(text) => panic!("stolen: {{text}}; visible: {{found:?}}"),
                Err(_) => assert!(found.is_empty(), "visible: {{found:?}}"),
            }}
        }}
        """,
    )
    result = jailed_sandbox(limits=HOSTILE).run(files, "test")
    assert result.outcome is Outcome.PASSED, result.reason
    assert secret not in repr(result)


def test_toolchain_and_system_dirs_are_read_only(jailed_sandbox: SandboxFactory) -> None:
    files = koan(
        "",
        """
        #[test]
        fn tamper() {
            for dir in ["/", "/usr/bin", "/toolchain", "/toolchain/bin", "/etc"] {
                let path = format!("{dir}/sleepy_pwned");
                assert!(std::fs::write(&path, "x").is_err(), "wrote {path}");
            }
        }
        """,
    )
    result = jailed_sandbox(limits=HOSTILE).run(files, "test")
    assert result.outcome is Outcome.PASSED, result.reason


def test_host_unix_socket_cannot_be_reached(jailed_sandbox: SandboxFactory) -> None:
    path = Path(f"/tmp/sleepy_sock_{secrets.token_hex(6)}")
    abstract = f"\0sleepy_sock_{secrets.token_hex(6)}"
    with socket.socket(socket.AF_UNIX) as server, socket.socket(socket.AF_UNIX) as abstract_server:
        server.bind(str(path))
        path.chmod(0o777)  # only the isolation may stop a connect, not the socket's permissions
        server.listen(8)
        abstract_server.bind(abstract)
        abstract_server.listen(8)
        try:
            files = koan(
                "",
                f"""
                #[test]
                fn connect() {{
                    use std::os::linux::net::SocketAddrExt;
                    let named = std::os::unix::net::UnixStream::connect({_rust_str(path)});
                    let addr = std::os::unix::net::SocketAddr::from_abstract_name(b"{abstract[1:]}").unwrap();
                    let hidden = std::os::unix::net::UnixStream::connect_addr(&addr);
                    assert!(named.is_err() && hidden.is_err(), "connected: {{named:?}} {{hidden:?}}");
                }}
                """,
            )
            result = jailed_sandbox(limits=HOSTILE).run(files, "test")
            for listening in (server, abstract_server):
                listening.setblocking(False)
                with pytest.raises(BlockingIOError):
                    listening.accept()
        finally:
            path.unlink()
    assert result.outcome is Outcome.PASSED, result.reason


def test_compiler_runs_as_the_unprivileged_user(
    jailed_sandbox: SandboxFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With the policy out of the way, include_str! shows the compiler's own /proc/self/status:
    # under a bypass such as the shebang trick, a root compiler would read any host file.
    monkeypatch.setattr("sleepy.sandbox.runner.check_files", lambda files: None)
    files = koan(
        'pub const STATUS: &str = include_str!("/proc/self/status");',
        '#[test]\nfn who() {\n    panic!("{}", STATUS.lines().find(|l| l.starts_with("Uid:")).unwrap());\n}',
    )
    result = jailed_sandbox().run(files, "test")
    assert result.tests is not None and result.tests.failures, result.reason
    message = result.tests.failures[0].message
    assert message.startswith("Uid:") and not message.startswith("Uid:\t0\t"), message


# A budget per attempt: rlimits bound each process and each file alone, so many processes or many
# files once added up to 4.9 GB. The probe's two cases, scaled down to a small budget.


def _needs_budget(kind: str) -> None:
    if kind == "memory" and cgroup.detect() is None:
        pytest.skip(cgroup.describe_support())
    if kind == "disk" and not scratch.can_mount():
        pytest.skip(scratch.describe_support(0))


@pytest.fixture(params=["kernel", "polled"])
def budget_mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The kernel's enforcement (cgroup, capped tmpfs) where this machine has it, and the polling fallback."""
    if request.param == "polled":
        monkeypatch.setattr(cgroup, "detect", lambda: None)
        monkeypatch.setattr(scratch, "can_mount", lambda: False)
    return str(request.param)


def test_many_processes_share_one_memory_budget(jailed_sandbox: SandboxFactory, budget_mode: str) -> None:
    if budget_mode == "kernel":
        _needs_budget("memory")
    files = koan(
        "",
        """
        #[test]
        fn hogs() {
            if std::env::var_os("HOG").is_some() {
                let mut block = vec![0u8; 64 << 20];
                for i in (0..block.len()).step_by(4096) { block[i] = 1; }
                std::thread::sleep(std::time::Duration::from_secs(2));
                std::process::exit(i32::from(block[4096]) - 1);
            }
            let me = std::env::current_exe().unwrap();
            let kids: Vec<_> = (0..12)
                .map(|_| std::process::Command::new(&me).args(["--exact", "tests::hogs"]).env("HOG", "1")
                    .spawn().unwrap())
                .collect();
            for mut kid in kids { assert!(kid.wait().unwrap().success(), "a child was stopped"); }
        }
        """,
    )
    limits = attrs.evolve(HOSTILE, budget=AttemptBudget(memory_bytes=256 * MIB))  # 12 x 64 MiB = 768 MiB
    result = jailed_sandbox(limits=limits).run(files, "test")
    assert result.outcome is Outcome.RESOURCE_LIMIT, result.reason
    assert "memory budget" in result.reason


def test_many_files_share_one_disk_budget(jailed_sandbox: SandboxFactory, budget_mode: str) -> None:
    if budget_mode == "kernel":
        _needs_budget("disk")
    files = koan(
        "",
        """
        #[test]
        fn fill() {
            for i in 0..80 {
                let dir = if i % 2 == 0 { "." } else { "/tmp" };
                std::fs::write(format!("{dir}/f{i}"), vec![1u8; 6 << 20]).unwrap();
            }
        }
        """,
    )
    limits = attrs.evolve(HOSTILE, budget=AttemptBudget(disk_bytes=64 * MIB))  # 80 x 6 MiB = 480 MiB
    result = jailed_sandbox(limits=limits).run(files, "test")
    assert result.outcome is Outcome.RESOURCE_LIMIT, result.reason
    assert "disk budget" in result.reason
    if budget_mode == "kernel":
        assert result.tests is not None and "No space left on device" in result.tests.failures[0].message
