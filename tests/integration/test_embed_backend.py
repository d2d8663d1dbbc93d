"""Every embedding backend on the real packaged model: same meaning, a recorded origin, and
no mixing of vector families in one library."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime

import numpy as np
import pytest

from ingest.config import Settings
from ingest.embed import (
    BACKEND_ENV,
    FAMILY,
    configured_backend,
    cpu_has_bf16,
    get_embedder,
    onnx_model,
)
from ingest.library import Library
from ingest.models import ParsedDocument
from ingest.search import ChunkSearch
from ingest.vectors import MixedVectors, VectorIndex, make_client

pytestmark = pytest.mark.integration

TEXTS = [
    "Behavioural training may not generalise out of distribution, so a model could look "
    "aligned only where it is watched.",
    "Interpretability tools explain small circuits in small models.",
    "The recipe calls for two cups of flour and a pinch of salt.",
]
QUERY = "Will training generalise beyond the training distribution?"
AVAILABLE = [b for b in FAMILY if b != "torch-bf16" or cpu_has_bf16()]


@pytest.mark.parametrize("backend", AVAILABLE)
def test_each_backend_agrees_with_torch_fp32_and_ranks_alike(backend) -> None:
    reference = get_embedder(backend="torch-fp32").encode(TEXTS + [QUERY])
    vectors = get_embedder(backend=backend).encode(TEXTS + [QUERY])
    assert vectors.shape == reference.shape and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    cosine = (vectors * reference).sum(axis=1)
    assert cosine.min() > (0.998 if FAMILY[backend] == "fp32" else 0.97)
    similarity = vectors[:3] @ vectors[3]
    assert list(np.argsort(-similarity)) == list(np.argsort(-(reference[:3] @ reference[3])))


def test_the_onnx_export_is_made_once_and_reused(tmp_path, monkeypatch) -> None:
    from ingest.embed import resolve_model_path

    monkeypatch.setenv("CRUXMAP_CACHE_DIR", str(tmp_path))
    path = resolve_model_path("all-MiniLM-L6-v2")
    int8 = onnx_model(path, quantised=True)
    fp32 = onnx_model(path, quantised=False)
    assert int8.parent == fp32.parent and int8.is_relative_to(tmp_path)
    stamps = (int8.stat().st_mtime_ns, fp32.stat().st_mtime_ns)
    assert onnx_model(path, quantised=True) == int8
    assert (int8.stat().st_mtime_ns, fp32.stat().st_mtime_ns) == stamps
    assert not list(tmp_path.rglob("*.part")) and not list(tmp_path.rglob("*.raw.onnx"))


def test_the_onnx_backend_runs_without_importing_torch() -> None:
    onnx_model_path = get_embedder(backend="onnx-int8")  # exports into the cache if needed
    assert onnx_model_path.dimension == 384
    code = (
        "import sys\n"
        "from ingest.embed import get_embedder\n"
        "v = get_embedder(backend='onnx-int8').encode(['a question about alignment'])\n"
        "assert v.shape == (1, 384)\n"
        "print(sorted(m for m in ('torch', 'sentence_transformers', 'transformers') "
        "if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "[]"


def _document(identity: str, text: str) -> ParsedDocument:
    return ParsedDocument(
        kind="text",
        identity=identity,
        title=identity,
        text=text,
        authors=["Ada Author"],
        published=datetime(2025, 3, 1, tzinfo=UTC),
        source=identity,
    )


def test_a_library_refuses_vectors_of_another_family_until_it_is_reembedded(
    home, monkeypatch
) -> None:
    monkeypatch.setenv(BACKEND_ENV, "torch-fp32")
    library = Library(Settings(home=home))
    for i, text in enumerate(TEXTS):
        library.stage(_document(f"doc-{i}", text))
    library.complete(library.pending_ids())
    assert library.vectors.stored_backends() == ["torch-fp32"]
    library.close()

    monkeypatch.setenv(BACKEND_ENV, "onnx-fp32")  # same family: adds to the index
    library = Library(Settings(home=home))
    library.stage(_document("doc-extra", "A fourth text about reward hacking."))
    library.complete(library.pending_ids())
    assert library.vectors.stored_backends() == ["torch-fp32", "onnx-fp32"]
    library.close()

    monkeypatch.setenv(BACKEND_ENV, "onnx-int8")
    library = Library(Settings(home=home))
    with pytest.raises(MixedVectors) as caught:
        library.vectors  # noqa: B018
    message = str(caught.value)
    assert "\n" not in message and "torch-fp32" in message and "onnx-int8" in message
    assert f"{BACKEND_ENV}=torch-fp32" in message and "cruxmap reembed" in message

    texts = {c.id: c.text for c in library.all_chunks()}
    client = make_client(None, str(library.settings.chroma_path))
    index = VectorIndex(client, "chunks", library.settings.embed_model, check=False)
    assert index.reembed(texts, library.embedder.encode) == len(texts)
    assert library.vectors.stored_backends() == ["onnx-int8"]
    hits = ChunkSearch(library).search(QUERY, k=2)
    assert hits[0].title == "doc-0"
    library.close()


def test_vectors_from_before_backends_were_recorded_count_as_torch_fp32(tmp_path) -> None:
    client = make_client(None, str(tmp_path / "chroma"))
    legacy = client.get_or_create_collection(
        "chunks-all-minilm-l6-v2", metadata={"hnsw:space": "cosine"}, embedding_function=None
    )
    legacy.upsert(ids=["c1"], embeddings=[[1.0] + [0.0] * 383], metadatas=[{"doc_id": "d"}])
    index = VectorIndex(client, "chunks", "all-MiniLM-L6-v2", backend="onnx-fp32")
    assert index.stored_backends() == ["torch-fp32"]
    with pytest.raises(MixedVectors):
        VectorIndex(client, "chunks", "all-MiniLM-L6-v2", backend="onnx-int8")


def test_the_cli_refuses_a_backend_change_in_one_line_and_reembed_moves_the_library(
    home, tmp_path
) -> None:
    import json

    from tests.cli import invoke_cli

    notes = tmp_path / "notes"
    notes.mkdir()
    for i, text in enumerate(TEXTS):
        (notes / f"note-{i}.txt").write_text(f"Note {i}\n\n{text}\n", encoding="utf-8")
    fp32, int8 = {BACKEND_ENV: "torch-fp32"}, {BACKEND_ENV: "onnx-int8"}
    assert invoke_cli("ingest", str(notes), home=home, env=fp32).returncode == 0
    before = json.loads(invoke_cli("search", QUERY, "--json", home=home, env=fp32).stdout)

    refused = invoke_cli("search", QUERY, "--json", home=home, env=int8)
    assert refused.returncode == 1 and refused.stdout == ""
    assert len(refused.stderr.strip().splitlines()) == 1 and "cruxmap reembed" in refused.stderr

    moved = invoke_cli("reembed", "--json", home=home, env=int8)
    assert moved.returncode == 0
    assert json.loads(moved.stdout) == {"chunks": 3, "claims": 0, "backend": "onnx-int8"}
    after = json.loads(invoke_cli("search", QUERY, "--json", home=home, env=int8).stdout)
    assert [h["doc_id"] for h in after] == [h["doc_id"] for h in before]
    refused = invoke_cli("search", QUERY, home=home, env=fp32)
    assert refused.returncode == 1 and "onnx-int8" in refused.stderr


def test_an_old_library_keeps_its_vector_family_unless_the_user_names_a_backend(
    tmp_path, monkeypatch
) -> None:
    from ingest.vectors import backend_for

    client = make_client(None, str(tmp_path / "chroma"))
    monkeypatch.delenv(BACKEND_ENV, raising=False)
    assert backend_for(client, "all-MiniLM-L6-v2") == configured_backend()  # empty: default
    legacy = client.get_or_create_collection(
        "chunks-all-minilm-l6-v2", metadata={"hnsw:space": "cosine"}, embedding_function=None
    )
    legacy.upsert(ids=["c1"], embeddings=[[1.0] + [0.0] * 383], metadatas=[{"doc_id": "d"}])
    kept = backend_for(client, "all-MiniLM-L6-v2")
    assert FAMILY[kept] == "fp32"
    VectorIndex(client, "chunks", "all-MiniLM-L6-v2", backend=kept)  # opens: no refusal
    monkeypatch.setenv(BACKEND_ENV, "onnx-int8")
    assert backend_for(client, "all-MiniLM-L6-v2") == "onnx-int8"
