"""Start-up cost as ratios in one run: a cold `cruxmap search` / `ask` process against the same
query in a warm process, per embedding backend, and commands that need no embedder.

- cold: wall time of the installed `cruxmap` console script as a fresh process (imports,
  workspace, BM25 cache, model load, Chroma, the query), median of `--runs`;
- warm: the same query again in one process that has answered it once (what the UI pays);
- the goal (issue 13): cold <= 2x warm, or under 3 s, whichever is larger.
The library is the demo corpus, analysed, so `ask` has a map to walk.

Usage: python benchmarks/bench_startup.py [--runs 3] [--backends onnx-int8,torch-fp32]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest.embed import BACKEND_ENV, DEFAULT_BACKEND  # noqa: E402

CONSOLE = str(Path(sys.executable).parent / "cruxmap")
QUERY = "Does behavioural training generalise out of distribution?"
COMMANDS = {
    "search": ["search", QUERY, "--k", "5"],
    "ask": ["ask", QUERY],
    "docs list": ["docs", "list"],
}
WARM = """
import sys, time
from assistant.ask.run import ask
from assistant.workspace import Workspace
from ingest.search import ChunkSearch
command = sys.argv[1]
with Workspace.open(None, False, None) as ws:
    run = (lambda: ChunkSearch(ws.library).search(sys.argv[2], 5)) if command == "search" \\
        else (lambda: ask(ws, sys.argv[2]))
    run()
    started = time.perf_counter()
    run()
    print(time.perf_counter() - started)
"""


def cold(args: list[str], env: dict, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([CONSOLE, *args], env=env, capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def warm(command: str, env: dict) -> float:
    done = subprocess.run(
        [sys.executable, "-c", WARM, command, QUERY],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=str(Path(__file__).resolve().parent.parent),
    )
    return float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--backends", default=f"{DEFAULT_BACKEND},torch-fp32")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for backend in args.backends.split(","):
            env = {**os.environ, "CRUXMAP_HOME": str(Path(tmp) / backend), BACKEND_ENV: backend}
            subprocess.run([CONSOLE, "demo", "--no-ui"], env=env, capture_output=True, check=True)
            for name, command in COMMANDS.items():
                cold_s = cold(command, env, args.runs)
                if name == "docs list":
                    print(f"{backend:11} {name:9} cold {cold_s:6.2f} s (needs no embedder)")
                    continue
                warm_s = warm(name, env)
                goal = max(2 * warm_s, 3.0)
                print(
                    f"{backend:11} {name:9} cold {cold_s:6.2f} s  warm {warm_s:6.3f} s  "
                    f"cold/warm {cold_s / warm_s:7.1f}x  goal <= {goal:.2f} s: "
                    + ("met" if cold_s <= goal else "not met"),
                    flush=True,
                )


if __name__ == "__main__":
    main()
