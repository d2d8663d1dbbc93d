"""Choosing an embedding backend: what a user can ask for, and what is refused in one line."""

from __future__ import annotations

import pytest

from ingest import embed
from ingest.embed import BACKEND_ENV, EmbeddingError, configured_backend


def test_the_environment_picks_the_backend_and_an_argument_overrides_it(monkeypatch) -> None:
    monkeypatch.setenv(BACKEND_ENV, "torch-fp32")
    assert configured_backend() == "torch-fp32"
    assert configured_backend("onnx-fp32") == "onnx-fp32"
    monkeypatch.delenv(BACKEND_ENV)
    assert configured_backend() == embed.DEFAULT_BACKEND


def test_an_unknown_backend_is_refused_with_the_choices(monkeypatch) -> None:
    monkeypatch.setenv(BACKEND_ENV, "cuda-fp16")
    with pytest.raises(EmbeddingError) as caught:
        configured_backend()
    message = str(caught.value)
    assert "\n" not in message and "cuda-fp16" in message
    assert all(name in message for name in embed.BACKENDS)


def test_bf16_is_refused_on_a_cpu_without_bf16_instructions(monkeypatch) -> None:
    monkeypatch.setattr(embed, "cpu_has_bf16", lambda: False)
    with pytest.raises(EmbeddingError, match="bf16 instructions"):
        embed.Embedder(backend="torch-bf16")


def test_the_export_cache_follows_the_environment(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("CRUXMAP_CACHE_DIR", str(tmp_path / "cache"))
    assert embed.cache_dir() == tmp_path / "cache"
    monkeypatch.delenv("CRUXMAP_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert embed.cache_dir() == tmp_path / "xdg" / "cruxmap"


def test_new_weights_get_a_new_export(tmp_path) -> None:
    (tmp_path / "model.safetensors").write_bytes(b"1234")
    before = embed.weights_key(tmp_path)
    (tmp_path / "model.safetensors").write_bytes(b"123456")
    assert embed.weights_key(tmp_path) != before


def test_the_model_embeds_its_configured_word_pieces_not_the_tokenizer_default() -> None:
    path = embed.resolve_model_path(embed.DEFAULT_MODEL)
    assert embed.max_tokens(path) == 256


def test_without_onnx_the_default_falls_back_to_torch(monkeypatch, tmp_path) -> None:
    import importlib.util

    monkeypatch.delenv(BACKEND_ENV, raising=False)
    monkeypatch.setenv("CRUXMAP_CACHE_DIR", str(tmp_path))  # no exported graph cached
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "onnx" else real_find_spec(name, *a),
    )
    monkeypatch.setattr(embed, "cpu_has_bf16", lambda: False)
    assert configured_backend() == "torch-fp32"
    assert embed.fastest_of_family("fp32") == "torch-fp32"
    monkeypatch.setattr(embed, "cpu_has_bf16", lambda: True)
    assert configured_backend() == "torch-bf16"
