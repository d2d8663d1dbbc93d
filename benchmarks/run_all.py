"""Run every benchmark in turn and print its numbers (nothing here passes or fails)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = [
    "bench_ingest.py",
    "bench_analyze.py",
    "bench_quality.py",
    "bench_ask.py",
    "ui_render.py",
]


def main() -> None:
    for script in SCRIPTS:
        path = HERE / script
        if not path.exists():
            continue
        print(f"== {script}", flush=True)
        subprocess.run([sys.executable, str(path)], check=False)


if __name__ == "__main__":
    main()
