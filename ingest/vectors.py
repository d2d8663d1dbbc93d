"""Chroma as the vector index: embedded by default, a `chroma run` server when configured.

We always hand Chroma our own vectors, so its default embedding function (which downloads a
model) never runs. Collections are named per embedding model: changing the model starts a
fresh index instead of mixing vector spaces. Within one model, the collection records which
backends wrote its vectors (ingest/embed.py); opening it with a backend of another numeric
family (int8 beside fp32) is refused with one line naming both, and `reembed` moves it over,
because a query vector from one family ranks the other family's vectors a little wrongly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar
from urllib.parse import urlsplit

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings

from ingest.embed import (
    FAMILY,
    LEGACY_BACKEND,
    Backend,
    EmbeddingError,
    chosen_explicitly,
    configured_backend,
    fastest_of_family,
)

# What we store beside a vector: the owning record's id and a few scalars.
Metadata = Mapping[str, str | int | float | bool | None]
T = TypeVar("T")


def _collection_name(prefix: str, model: str) -> str:
    slug = re.sub(r"[^a-zA-Z0-9]+", "-", model.split("/")[-1]).strip("-").lower()
    return f"{prefix}-{slug}"[:60]


def make_client(chroma_url: str | None, path: str) -> chromadb.api.ClientAPI:
    settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if chroma_url:
        parts = urlsplit(chroma_url)
        return chromadb.HttpClient(
            host=parts.hostname or "localhost",
            port=parts.port or (443 if parts.scheme == "https" else 8000),
            ssl=parts.scheme == "https",
            settings=settings,
        )
    return chromadb.PersistentClient(path=path, settings=settings)


_HITS_PER_CALL = 8000


def _hits(ids: list, distances: list, metadatas: list) -> list[tuple[str, float, dict]]:
    """One query's hits as (id, cosine similarity, metadata)."""
    return [(i, 1.0 - float(d), dict(m or {})) for i, d, m in zip(ids, distances, metadatas)]


def _included(field: T | None) -> T:
    """Chroma types every result field as optional because `include` chooses them; a field
    this module asked for is always there."""
    if field is None:
        raise RuntimeError("Chroma left out a result field that the call included")
    return field


def backend_for(client: chromadb.api.ClientAPI, model: str) -> Backend:
    """The backend a library should embed with: the one the user named, as named (a mismatch
    is then refused by VectorIndex); otherwise the default, unless the library's chunk
    vectors are of another family, whose fastest backend here keeps it usable, so changing
    the default never strands a library made before."""
    backend = configured_backend()
    if chosen_explicitly():
        return backend
    try:
        index = VectorIndex(client, "chunks", model, backend, check=False)
    except EmbeddingError:
        return backend
    family = index.stored_family()
    return backend if family in (None, FAMILY[backend]) else fastest_of_family(family)


def reembed_collection(
    chroma_url: str | None,
    path: str,
    prefix: str,
    model: str,
    texts: Mapping[str, str],
    encode: Callable[[list[str]], np.ndarray],
) -> int:
    """Move one collection to the configured backend, whatever its vectors were made by
    (`cruxmap reembed`); its own client, because the library's refuses a mismatched index."""
    client = make_client(chroma_url, path)
    try:
        index = VectorIndex(client, prefix, model, check=False)
        return index.reembed(texts, encode)
    finally:
        close = getattr(client, "close", None)  # not on the ClientAPI protocol
        if close is not None:
            close()


class MixedVectors(EmbeddingError):
    """The configured backend would add vectors of another family to a filled index."""


class VectorIndex:
    """One Chroma collection of vectors whose ids are owned by SQLite records.

    `backend` (default: the configured one) is what the vectors given to `upsert` and
    `query` come from; with `check=False` a mismatched index opens anyway, for `reembed`.
    """

    def __init__(
        self,
        client: chromadb.api.ClientAPI,
        prefix: str,
        model: str,
        backend: str | None = None,
        check: bool = True,
    ) -> None:
        self.backend = configured_backend(backend)
        self.model = model
        self._collection = client.get_or_create_collection(
            _collection_name(prefix, model),
            metadata={"hnsw:space": "cosine"},
            embedding_function=None,
        )
        if check and self.stored_family() not in (None, FAMILY[self.backend]):
            stored = ", ".join(self.stored_backends())
            raise MixedVectors(
                f"the {prefix} vectors of this library were made by {stored} ({model}) and "
                f"the embedding backend is now {self.backend}, whose vectors do not mix with "
                f"them: set CRUXMAP_EMBED_BACKEND={self.stored_backends()[0]}, or run "
                "`cruxmap reembed` to re-embed the library with the new backend"
            )

    def stored_backends(self) -> list[Backend]:
        """The backends that wrote the stored vectors; a filled index from before backends
        were recorded was made by torch fp32, the only one there was."""
        recorded = str((self._collection.metadata or {}).get("embed_backends") or "")
        names = [configured_backend(b) for b in recorded.split(",") if b in FAMILY]
        if not names and self.count():
            return [LEGACY_BACKEND]
        return names

    def stored_family(self) -> str | None:
        """The numeric family of the stored vectors (None while the index is empty)."""
        backends = self.stored_backends() if self.count() else []
        return FAMILY[backends[0]] if backends else None

    def _record_backend(self) -> None:
        """Note this index's backend beside its vectors (once per new backend)."""
        backends = self.stored_backends() if self.count() else []
        if self.backend not in backends:
            self._collection.modify(metadata=self._metadata_for([*backends, self.backend]))

    def reembed(
        self, texts: Mapping[str, str], encode: Callable[[list[str]], np.ndarray], batch: int = 512
    ) -> int:
        """Replace every stored vector by `encode` of its record's text (same ids and
        metadata), drop vectors whose record has no text, and record this backend; returns
        how many were re-embedded. A kill half-way leaves a mixed index that still says its
        old backend, so running it again redoes the whole."""
        stored = self._collection.get(include=["metadatas"])
        ids, metadatas = stored["ids"], _included(stored["metadatas"])
        keep = [(i, m) for i, m in zip(ids, metadatas) if i in texts]
        orphans = [i for i in ids if i not in texts]
        if orphans:
            self.delete(orphans)
        for start in range(0, len(keep), batch):
            part = keep[start : start + batch]
            vectors = encode([texts[i] for i, _ in part])
            self._collection.upsert(
                ids=[i for i, _ in part],
                embeddings=vectors.tolist(),
                metadatas=[dict(m or {}) for _, m in part],
            )
        self._collection.modify(metadata=self._metadata_for([self.backend]))
        return len(keep)

    def _metadata_for(self, backends: list[Backend]) -> dict:
        """The collection's metadata naming `backends`; Chroma refuses a changed hnsw:*
        key, so those stay as they were by being left out."""
        metadata = dict(self._collection.metadata or {})
        metadata = {k: v for k, v in metadata.items() if not k.startswith("hnsw:")}
        metadata.update(embed_backends=",".join(backends), embed_model=self.model)
        return metadata

    def upsert(self, ids: list[str], vectors: np.ndarray, metadatas: Sequence[Metadata]) -> None:
        if ids:
            self._record_backend()
        for start in range(0, len(ids), 2000):
            end = start + 2000
            self._collection.upsert(
                ids=ids[start:end],
                embeddings=vectors[start:end].tolist(),
                metadatas=list(metadatas[start:end]),
            )

    def delete(self, ids: list[str]) -> None:
        for start in range(0, len(ids), 2000):
            self._collection.delete(ids=ids[start : start + 2000])

    def delete_where(self, where: dict) -> None:
        self._collection.delete(where=where)

    def ids_where(self, where: dict | None = None) -> set[str]:
        result = self._collection.get(where=where, include=[])
        return set(result["ids"])

    def count(self) -> int:
        return self._collection.count()

    def query(
        self, vector: np.ndarray, k: int, where: dict | None = None
    ) -> list[tuple[str, float, dict]]:
        """Nearest ids with cosine similarity (1 - distance) and their metadata."""
        total = self.count()
        if total == 0:
            return []
        result = self._collection.query(
            query_embeddings=[vector.tolist()],
            n_results=min(k, total),
            where=where,
            include=["distances", "metadatas"],
        )
        distances, metadatas = _included(result["distances"]), _included(result["metadatas"])
        return _hits(result["ids"][0], distances[0], metadatas[0])

    def query_many(self, vectors: np.ndarray, k: int) -> list[list[tuple[str, float, dict]]]:
        """Nearest ids for many vectors in one call, unfiltered.

        Callers filter in Python on purpose: a Chroma `where` is resolved against every
        stored id on each query (0.2 s per query at 80k vectors against 2 ms unfiltered),
        which made linking quadratic in the size of the map.
        """
        total = self.count()
        if total == 0 or len(vectors) == 0:
            return [[] for _ in range(len(vectors))]
        n_results = min(k, total)
        # The embedded store fetches every hit's metadata in one SQL statement, which
        # fails past SQLite's variable limit ("too many SQL variables"), so a call asks
        # for at most _HITS_PER_CALL hits in all.
        rows = max(1, min(500, _HITS_PER_CALL // n_results))
        out: list[list[tuple[str, float, dict]]] = []
        for start in range(0, len(vectors), rows):
            result = self._collection.query(
                query_embeddings=vectors[start : start + rows].tolist(),
                n_results=n_results,
                include=["distances", "metadatas"],
            )
            distances, metadatas = _included(result["distances"]), _included(result["metadatas"])
            out += map(_hits, result["ids"], distances, metadatas)
        return out

    def get_vectors(self, ids: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(ids), 2000):
            result = self._collection.get(ids=ids[start : start + 2000], include=["embeddings"])
            embeddings = result["embeddings"]
            if embeddings is None:  # a union of array types, which _included cannot carry
                raise RuntimeError("Chroma left out the embeddings that the call included")
            for i, v in zip(result["ids"], embeddings):
                found[i] = np.asarray(v, dtype=np.float32)
        return found
