"""Browser e2e fixtures: the demo workspace, a `streamlit run` server on loopback, Chromium.

Chromium is Debian's (/usr/bin/chromium, installed by scripts/install-test-deps.sh), driven
by the PyPI playwright package; no browser is ever downloaded. Everything listens on
127.0.0.1 only and stops when the session ends.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
DEMO = ROOT / "corpora" / "demo"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_demo(home: Path) -> subprocess.CompletedProcess:
    """`cruxmap demo --no-ui`, exactly as the README's user runs it."""
    exe = str(Path(sys.executable).parent / "cruxmap")
    env = {
        **os.environ,
        "CRUXMAP_HOME": str(home),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }
    env.pop("CRUXMAP_LLM", None)
    env.pop("CRUXMAP_CHROMA_URL", None)
    return subprocess.run(
        [exe, "demo", "--no-ui"], capture_output=True, text=True, env=env, timeout=900
    )


@pytest.fixture(scope="session")
def demo_home(tmp_path_factory) -> Path:
    """The demo workspace, built once per session (CRUXMAP_E2E_HOME reuses a built one)."""
    prebuilt = os.environ.get("CRUXMAP_E2E_HOME")
    if prebuilt:
        return Path(prebuilt)
    if not DEMO.is_dir() or not any(DEMO.iterdir()):
        pytest.skip("corpora/demo is empty: the demo corpus has not been written yet")
    home = tmp_path_factory.mktemp("e2e-demo")
    result = build_demo(home)
    if result.returncode != 0:
        pytest.fail(f"cruxmap demo --no-ui failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return home


class StreamlitServer:
    """`streamlit run ui/app.py` on a free loopback port, as `cruxmap ui` starts it."""

    def __init__(self, home: Path, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "CRUXMAP_HOME": str(home),
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
        }
        env.pop("CRUXMAP_LLM", None)
        self.log = open(log, "wb")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / "ui" / "app.py"),
                "--server.address",
                "127.0.0.1",
                "--server.port",
                str(self.port),
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",
            ],
            cwd=ROOT / "ui",
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout: float = 90) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.proc.returncode}")
            try:
                if httpx.get(f"{self.url}/_stcore/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise RuntimeError("streamlit did not become healthy in time")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        self.log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is missing (run scripts/install-test-deps.sh)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def server(demo_home, browser, tmp_path_factory) -> Iterator[StreamlitServer]:
    srv = StreamlitServer(demo_home, tmp_path_factory.mktemp("streamlit") / "server.log")
    try:
        srv.wait_ready()
    except RuntimeError as exc:
        srv.stop()
        pytest.fail(f"{exc}:\n{Path(srv.log.name).read_text()[-3000:]}")
    yield srv
    srv.stop()


class Dialogs(list):
    """Every JavaScript dialog a page opened: an XSS payload's alert() would land here."""


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    dialogs = Dialogs()

    def on_dialog(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.dialogs = dialogs
    page.set_default_timeout(60_000)
    yield page
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed browser test reports what the page showed: its URL, the start of its text and
    a screenshot. A flake seen once in CI cannot be re-run here; this is what is left of it."""
    outcome = yield
    report = outcome.get_result()
    page = item.funcargs.get("page") if hasattr(item, "funcargs") else None
    if report.when != "call" or not report.failed or page is None:
        return
    try:
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"failed-{item.name}.png"), full_page=True)
        text = page.locator('[data-testid="stMain"]').inner_text(timeout=5_000)
        report.sections.append(("page at failure", f"url: {page.url}\n{text[:2500]}"))
        server = item.funcargs.get("server")
        if server is not None:
            log = Path(server.log.name).read_text(encoding="utf-8", errors="replace")
            report.sections.append(("streamlit log, last lines", log[-2000:]))
    except Exception as exc:  # the page may be gone: the report keeps the original failure
        report.sections.append(("page at failure", f"could not read the page: {exc}"))


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS
