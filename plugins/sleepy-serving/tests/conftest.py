from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer

pytest_plugins = ["sleepy.testing"]


@pytest.fixture(scope="session")
def _session_server() -> Iterator[HTTPServer]:
    # One threaded server for the session: starting and stopping one per test costs up to 0.5 s each.
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def server(_session_server: HTTPServer) -> Iterator[HTTPServer]:
    """A fake inference server on loopback; each test registers the routes it speaks."""
    yield _session_server
    _session_server.clear()


@pytest.fixture
def base_url(server: HTTPServer) -> str:
    return server.url_for("").rstrip("/")


@pytest.fixture
def refused_url() -> str:
    """A loopback URL where nothing listens (connections are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
