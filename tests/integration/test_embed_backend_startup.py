"""Commands that need no embedder start without loading one: a user listing documents or
feeds should not wait for torch or ONNX Runtime to import."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.integration

HEAVY = ("torch", "onnxruntime", "sentence_transformers", "transformers")
PROBE = """
import sys
from assistant.cli import run
sys.argv = ["cruxmap", *sys.argv[1:]]
try:
    run()
except SystemExit as exc:
    code = exc.code or 0
else:
    code = 0
print("LOADED", sorted(m for m in {heavy!r} if m in sys.modules), code, file=sys.stderr)
"""


@pytest.mark.parametrize("command", [["docs", "list", "--json"], ["feeds", "list", "--json"]])
def test_listing_commands_import_no_embedder(home, command) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *command],
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "CRUXMAP_HOME": str(home)},
    )
    line = [x for x in done.stderr.splitlines() if x.startswith("LOADED")][-1]
    assert line == "LOADED [] 0", done.stderr


def test_search_with_the_onnx_backend_imports_no_torch(home, tmp_path) -> None:
    """`cruxmap search` on the ONNX backend loads ONNX Runtime and the tokenizer only, and
    once its caches are built for this library, not even Chroma."""
    import os

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.txt").write_text("A note\n\nTraining may not generalise.\n", encoding="utf-8")
    env = {**os.environ, "CRUXMAP_HOME": str(home), "CRUXMAP_EMBED_BACKEND": "onnx-int8"}
    subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), "ingest", str(notes)],
        env=env, capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    probe = PROBE.format(heavy=(*HEAVY, "chromadb"))
    outputs = []
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", probe, "search", "generalise", "--json"],
            env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        outputs.append(done.stdout)
    line = [x for x in done.stderr.splitlines() if x.startswith("LOADED")][-1]
    assert line == "LOADED ['onnxruntime'] 0", done.stderr
    assert '"doc_id"' in outputs[0] and outputs[1] == outputs[0]
