"""Ask page render time on the demo corpus: in Streamlit's AppTest, and in a real browser.

AppTest times the script alone (no browser, no websocket): an empty Ask page, then a demo
question end to end (retrieval, map walk, verification, rendering the citations). The
browser numbers are what a user waits for: page load until the question box shows, and
click on Ask until the numbered citations show, for a first (cold) and a second (warm)
question. The browser part is skipped when /usr/bin/chromium is missing.

Usage: python benchmarks/ui_render.py [--home DIR] [--repeat 3]
(without --home the demo workspace is built in a temporary directory first)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, StreamlitServer, build_demo  # noqa: E402

APP = str(ROOT / "ui" / "app.py")
ANSWERED = re.compile(r"^(Citations \(|Abstained)")


def demo_questions() -> list[str]:
    data = json.loads((ROOT / "corpora" / "demo" / "questions.json").read_text(encoding="utf-8"))
    return [q["question"] for q in data["questions"] if q.get("answerable")]


def apptest_times(questions: list[str], repeat: int) -> dict[str, list[float]]:
    from streamlit.testing.v1 import AppTest

    empty, asked = [], []
    for n in range(repeat):
        at = AppTest.from_file(APP, default_timeout=300)
        start = time.perf_counter()
        at.run()
        empty.append(time.perf_counter() - start)
        at.text_input(key="ask_question").input(questions[n % len(questions)])
        start = time.perf_counter()
        at.button[0].click().run()
        asked.append(time.perf_counter() - start)
        if at.exception:
            raise RuntimeError(at.exception)
    return {"apptest empty Ask page": empty, "apptest ask a demo question": asked}


def browser_times(home: Path, questions: list[str]) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    log = Path(tempfile.mkdtemp(prefix="cruxmap-bench-")) / "server.log"
    server = StreamlitServer(home, log)
    results: dict[str, list[float]] = {"browser page load": [], "browser time to answer": []}
    try:
        server.wait_ready()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(300_000)
            for question in questions[:2]:
                start = time.perf_counter()
                page.goto(server.url)
                page.get_by_label("Question").wait_for()
                results["browser page load"].append(time.perf_counter() - start)
                page.get_by_label("Question").fill(question)
                start = time.perf_counter()
                page.get_by_role("button", name="Ask", exact=True).click()
                page.get_by_text(ANSWERED).first.wait_for()
                results["browser time to answer"].append(time.perf_counter() - start)
            browser.close()
    finally:
        server.stop()
    return results


def report(label: str, values: list[float]) -> None:
    shown = ", ".join(f"{v:.2f}" for v in values)
    median = statistics.median(values)
    print(f"{label:34s} first {values[0]:6.2f} s  median {median:6.2f} s  [{shown}]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="an existing demo workspace")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    home = args.home
    if home is None:
        home = Path(tempfile.mkdtemp(prefix="cruxmap-ui-bench-"))
        start = time.perf_counter()
        result = build_demo(home)
        if result.returncode != 0:
            sys.exit(f"cruxmap demo --no-ui failed:\n{result.stderr[-2000:]}")
        print(f"demo workspace built in {time.perf_counter() - start:.1f} s ({home})")
    os.environ["CRUXMAP_HOME"] = str(home)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.pop("CRUXMAP_LLM", None)
    questions = demo_questions()
    for label, values in apptest_times(questions, args.repeat).items():
        report(label, values)
    if not CHROMIUM.exists():
        print("browser: skipped (/usr/bin/chromium is missing)")
        return
    for label, values in browser_times(home, questions).items():
        report(label, values)


if __name__ == "__main__":
    main()
