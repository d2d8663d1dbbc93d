"""Shared fixtures: isolated workspaces, a loopback HTTP server, a real `chroma run` server.

The CLI runners (in-process and real-process) live in tests/cli.py.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.loopback import LoopbackServer

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A fresh workspace; loopback URLs allowed because tests serve their own sites."""
    workspace = tmp_path / "workspace"
    monkeypatch.setenv("CRUXMAP_HOME", str(workspace))
    monkeypatch.delenv("CRUXMAP_CHROMA_URL", raising=False)
    monkeypatch.delenv("CRUXMAP_LLM", raising=False)
    return workspace


@pytest.fixture
def settings(home):
    from ingest.config import Settings

    return Settings(home=home, allow_private=True, arxiv_delay=0.0, http_timeout=3.0)


@pytest.fixture
def library(settings):
    from ingest.library import Library

    lib = Library(settings)
    yield lib
    lib.close()


@pytest.fixture
def server():
    with LoopbackServer() as srv:
        yield srv


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present (a user's clone has none)")
    return SHARED


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    """A real `chroma run` server on loopback, for the HttpClient path."""
    exe = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    if not Path(exe).exists():
        pytest.skip("the chroma CLI is not installed")
    port = free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    log = open(data / "server.log", "wb")
    proc = subprocess.Popen(
        [exe, "run", "--path", str(data / "db"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("chroma run did not start: " + (data / "server.log").read_text()[-2000:])
    yield url
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()
