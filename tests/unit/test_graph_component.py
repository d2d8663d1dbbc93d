"""The Map's graph frontend: the installed streamlit-cytoscape build plus our hover script,
assembled once per version into a cache directory, never patched in place."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit_cytoscape

from ui import graph_component
from ui.graph_component import SCRIPT_NAME, assemble_frontend, frontend_dir, installed_build


def test_the_frontend_is_the_installed_build_with_the_hover_script_loaded_once(tmp_path):
    target = assemble_frontend(tmp_path)
    build = Path(streamlit_cytoscape.__file__).parent / "frontend" / "build"
    html = (target / "index.html").read_text(encoding="utf-8")
    assert html.count(f'src="{SCRIPT_NAME}"') == 1
    assert html.index(SCRIPT_NAME) > html.index("index.")  # after the component's own bundle
    assert (target / SCRIPT_NAME).read_bytes() == graph_component.FRAME_SCRIPT.read_bytes()
    assert {p.name for p in build.iterdir()} <= {p.name for p in target.iterdir()}
    assert SCRIPT_NAME not in (build / "index.html").read_text(encoding="utf-8")  # untouched
    # Assembled once: a second server start reuses it, and leaves no staging directory behind.
    assert assemble_frontend(tmp_path) == target
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_a_changed_hover_script_assembles_a_fresh_copy(tmp_path, monkeypatch):
    first = assemble_frontend(tmp_path)
    script = tmp_path / "hover.js"
    script.write_text("// another version\n", encoding="utf-8")
    monkeypatch.setattr(graph_component, "FRAME_SCRIPT", script)
    second = assemble_frontend(tmp_path)
    assert second != first and (second / SCRIPT_NAME).read_text() == "// another version\n"


def test_a_build_of_an_unexpected_shape_is_refused_in_one_line(tmp_path, monkeypatch):
    fake = tmp_path / "pkg" / "frontend" / "build"
    fake.mkdir(parents=True)
    (fake / "index.html").write_text("<html>no head</html>", encoding="utf-8")
    monkeypatch.setattr(streamlit_cytoscape, "__file__", str(tmp_path / "pkg" / "__init__.py"))
    with pytest.raises(RuntimeError, match="unexpected streamlit-cytoscape frontend"):
        assemble_frontend(tmp_path / "cache")
    assert not any((tmp_path / "cache").glob("graph-frontend-*"))


def test_an_unwritable_cache_serves_the_map_without_hover_cards(tmp_path, capsys):
    blocked = tmp_path / "file"
    blocked.write_text("not a directory", encoding="utf-8")
    assert frontend_dir(blocked / "cruxmap") == installed_build()
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "hover cards are off" in err[0]
