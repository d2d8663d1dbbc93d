"""Every benchmark module imports: a helper renamed in one must not silently break another
(bench_ard imported a function bench_scale no longer had, and nothing ran it for weeks)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

BENCHMARKS = sorted(
    p.stem for p in (Path(__file__).resolve().parents[2] / "benchmarks").glob("*.py")
)


@pytest.mark.parametrize("name", [n for n in BENCHMARKS if n != "__init__"])
def test_benchmark_module_imports(name: str) -> None:
    module = importlib.import_module(f"benchmarks.{name}")
    assert module.__doc__, f"benchmarks/{name}.py says what it measures and why"
