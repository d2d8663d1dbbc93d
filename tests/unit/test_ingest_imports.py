"""ingest/ imports read one way: no module reaches, even lazily, a module that imports it."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

INGEST = Path(__file__).resolve().parents[2] / "ingest"


def module_name(path: Path) -> str:
    parts = path.relative_to(INGEST.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def ingest_imports(path: Path) -> set[str]:
    """Every ingest module a file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name == "ingest" or name.startswith("ingest.")}


def test_ingest_has_no_import_cycle():
    graph = nx.DiGraph()
    for path in sorted(INGEST.rglob("*.py")):
        graph.add_node(module_name(path))
        for target in ingest_imports(path):
            graph.add_edge(module_name(path), target)
    assert list(nx.simple_cycles(graph)) == []


def test_subscriptions_do_not_import_the_pipeline():
    assert "ingest.pipeline" not in ingest_imports(INGEST / "subscriptions.py")
