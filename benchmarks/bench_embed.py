"""Embedding backends side by side in one run: speed, agreement and retrieval, against torch fp32.

For each backend (ingest/embed.py):
- speed: chunks per second of wall time and per CPU-second (the machine is shared, so CPU
  time is the steadier figure) on the same real chunks, best of `--rounds` interleaved runs,
  as a ratio to torch fp32;
- agreement: cosine of each chunk's vector to its torch-fp32 vector (min and mean);
- retrieval: document recall@5 and MRR of hybrid chunk search (what `cruxmap search` and
  ask's passage retrieval run) and of dense search alone, on the demo corpus's questions and
  on the real-text set benchmarks/real_gold/retrieval_*.json (built from ../shared; left out,
  with a note, when ../shared is absent);
- mixing: dense recall when the query comes from this backend but the stored vectors are
  torch fp32's, which is what an index filled by two backends would do.
The default backend is the fastest (per CPU-second) whose recall@5 is within 0.01 of torch
fp32 on every set; the run ends by naming it. Every backend's library is the torch-fp32 one,
copied and moved over by `VectorIndex.reembed`, so only the vectors differ.

Usage: python benchmarks/bench_embed.py [--chunks 384] [--rounds 2] [--backends a,b]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.retrieval_eval import (  # noqa: E402
    build_demo_library,
    build_real_library,
    demo_questions,
    documents_of,
    evaluate,
    hybrid_and_dense,
    real_questions,
)
from ingest.config import Settings  # noqa: E402
from ingest.embed import BACKEND_ENV, BACKENDS, FAMILY, cpu_has_bf16, get_embedder  # noqa: E402
from ingest.library import Library  # noqa: E402
from ingest.models import SearchHit  # noqa: E402
from ingest.vectors import VectorIndex, make_client  # noqa: E402

REFERENCE = "torch-fp32"


def speed(backends: list[str], texts: list[str], rounds: int) -> dict[str, dict]:
    """Best wall and CPU seconds per backend over interleaved rounds (warm models)."""
    embedders = {b: get_embedder(backend=b) for b in backends}
    for embedder in embedders.values():
        embedder.encode(texts[:8])
    wall: dict[str, list[float]] = {b: [] for b in backends}
    cpu: dict[str, list[float]] = {b: [] for b in backends}
    vectors: dict[str, np.ndarray] = {}
    for _ in range(rounds):
        for backend, embedder in embedders.items():
            started, started_cpu = time.perf_counter(), time.process_time()
            vectors[backend] = embedder.encode(texts)
            wall[backend].append(time.perf_counter() - started)
            cpu[backend].append(time.process_time() - started_cpu)
    out = {}
    for backend in backends:
        cosine = (vectors[backend] * vectors[REFERENCE]).sum(axis=1)
        out[backend] = {
            "wall_s": round(min(wall[backend]), 2),
            "cpu_s": round(min(cpu[backend]), 2),
            "chunks_per_s": round(len(texts) / min(wall[backend]), 1),
            "chunks_per_cpu_s": round(len(texts) / min(cpu[backend]), 1),
            "cosine_min": round(float(cosine.min()), 4),
            "cosine_mean": round(float(cosine.mean()), 5),
        }
    return out


def moved_library(source: Path, home: Path, backend: str) -> Library:
    """A copy of the reference library with every vector re-embedded by `backend`."""
    shutil.copytree(source, home)
    os.environ[BACKEND_ENV] = backend
    library = Library(Settings(home=home))
    texts = {c.id: c.text for c in library.all_chunks()}
    client = make_client(None, str(library.settings.chroma_path))
    index = VectorIndex(client, "chunks", library.settings.embed_model, backend, check=False)
    index.reembed(texts, library.embedder.encode)
    return library


def mixed_dense(library: Library, backend: str, questions: list[dict]) -> dict:
    """Dense ranking with `backend`'s query vectors against the reference library's vectors."""
    embedder = get_embedder(backend=backend)
    docs = {d.id: d for d in library.documents()}

    def rank(question: str) -> list[str]:
        found = library.vectors.query(embedder.encode([question])[0], 50)
        return documents_of(
            [
                SearchHit(doc_id=str(m["doc_id"]), start=0, end=0, text="", score=s, title="")
                for _, s, m in found
                if m.get("doc_id") in docs
            ]
        )

    return {"dense": evaluate(questions, rank)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chunks", type=int, default=384)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--backends", default=",".join(BACKENDS))
    parser.add_argument("--no-real", action="store_true", help="the demo set only (quick)")
    args = parser.parse_args()
    backends = [b for b in args.backends.split(",") if b]
    if "torch-bf16" in backends and not cpu_has_bf16():
        print("torch-bf16: left out, this CPU has no bf16 instructions")
        backends.remove("torch-bf16")
    if REFERENCE not in backends:
        backends.insert(0, REFERENCE)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        os.environ[BACKEND_ENV] = REFERENCE
        libraries = {"demo": build_demo_library(work / "demo")}
        real = None if args.no_real else build_real_library(work / "real", work / "corpus")
        if real is None:
            print("real-text set: left out (--no-real, or no ../shared beside the checkout)")
        else:
            libraries["real"] = real
        sets = {"demo": demo_questions(libraries["demo"])}
        if real is not None:
            sets["real"] = real_questions(real)
        sample = libraries.get("real", libraries["demo"])
        texts = [c.text for c in sample.all_chunks()][: args.chunks]
        counts = {name: lib.counts()["chunks"] for name, lib in libraries.items()}
        print(f"chunks per library: {counts}; speed sample: {len(texts)} real chunks", flush=True)
        results: dict[str, dict] = {
            b: {"speed": s} for b, s in speed(backends, texts, args.rounds).items()
        }
        for name, library in libraries.items():
            results[REFERENCE][name] = hybrid_and_dense(library, sets[name])
            for backend in backends[1:]:
                results[backend][f"{name} (mixed)"] = mixed_dense(library, backend, sets[name])
            library.close()
        for backend in backends[1:]:
            for name in libraries:
                moved = moved_library(work / name, work / f"{name}-{backend}", backend)
                results[backend][name] = hybrid_and_dense(moved, sets[name])
                moved.close()
            print(f"{backend}: retrieval measured", flush=True)
        report(results, list(sets))


def report(results: dict, sets: list[str]) -> None:
    reference = results[REFERENCE]
    print("\nbackend      family  chunks/s  /CPU-s  x fp32 (wall, CPU)  cosine min/mean")
    for backend, result in results.items():
        s = result["speed"]
        base = reference["speed"]
        print(
            f"{backend:12} {FAMILY[backend]:6} {s['chunks_per_s']:8} {s['chunks_per_cpu_s']:7}"
            f"  {base['wall_s'] / s['wall_s']:5.2f}  {base['cpu_s'] / s['cpu_s']:5.2f}"
            f"        {s['cosine_min']:.4f} / {s['cosine_mean']:.5f}"
        )
    print("\nretrieval (document recall@5 / MRR)")
    for backend, result in results.items():
        for name in sets:
            for key in (name, f"{name} (mixed)"):
                if key in result:
                    print(f"  {backend:12} {key:12} {json.dumps(result[key])}")
    eligible = []
    for backend, result in results.items():
        ok = all(
            result[name][mode]["recall@5"] >= reference[name][mode]["recall@5"] - 0.01
            for name in sets
            for mode in ("hybrid", "dense")
        )
        if ok:
            eligible.append((reference["speed"]["cpu_s"] / result["speed"]["cpu_s"], backend))
    ratio, best = max(eligible)
    print(f"\nfastest backend within 0.01 recall@5 of torch fp32: {best} ({ratio:.2f}x CPU)")


if __name__ == "__main__":
    main()
