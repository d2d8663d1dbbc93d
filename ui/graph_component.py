"""The Map's graph component: streamlit-cytoscape's own frontend with a hover card added.

streamlit-cytoscape (a well-kept package, kept as it is) draws the graph but shows a node's
data only when it is selected. A reader scanning a map wants the full quote under the pointer,
so `graph_frame.js` (ours) is loaded into the component's frame after its bundle and binds
Cytoscape's mouseover to a card filled with `textContent` (never HTML); it also folds away the
component's own info panel, which the page's side panel replaces. The frontend is the
installed build, copied with that one script tag added into a per-user cache directory named
by the package version and the script's hash, so an upgrade of either assembles a fresh copy
and nothing is patched in place.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path
from typing import Any

import streamlit as st
import streamlit.components.v1 as components
import streamlit_cytoscape
from streamlit_cytoscape import EdgeStyle, Event, NodeStyle
from streamlit_cytoscape.layouts import LAYOUTS
from streamlit_cytoscape.sanitize import sanitize_elements

FRAME_SCRIPT = Path(__file__).with_name("graph_frame.js")
SCRIPT_NAME = "cruxmap-frame.js"


def cache_dir() -> Path:
    """The per-user cache (XDG_CACHE_HOME where set): assembled files are not the user's data."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cruxmap"


def assemble_frontend(cache: Path) -> Path:
    """The component's build with the hover script, under `cache`; built once per version.

    Assembled in a private temporary directory and moved into place whole, so two servers
    starting at once never serve a half-copied frontend."""
    build = installed_build()
    script = FRAME_SCRIPT.read_bytes()
    digest = hashlib.sha256(version("streamlit-cytoscape").encode() + b"\0" + script)
    target = cache / f"graph-frontend-{digest.hexdigest()[:16]}"
    if (target / SCRIPT_NAME).exists():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".graph-frontend-", dir=cache))
    try:
        shutil.copytree(build, staging, dirs_exist_ok=True)
        (staging / SCRIPT_NAME).write_bytes(script)
        index = staging / "index.html"
        html = index.read_text(encoding="utf-8")
        if "</head>" not in html:
            raise RuntimeError(f"unexpected streamlit-cytoscape frontend: {index}")
        tag = f'<script defer="defer" src="{SCRIPT_NAME}"></script>'
        index.write_text(html.replace("</head>", tag + "</head>", 1), encoding="utf-8")
        try:
            staging.rename(target)
        except OSError:  # another process put it there first
            if not (target / SCRIPT_NAME).exists():
                raise
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return target


def installed_build() -> Path:
    return Path(streamlit_cytoscape.__file__).parent / "frontend" / "build"


def frontend_dir(cache: Path) -> Path:
    """Where the component is served from: the assembled copy, or, when the cache cannot be
    written (a read-only home), the installed build as it is: the map without hover cards,
    said once on stderr, rather than no map."""
    try:
        return assemble_frontend(cache)
    except OSError as exc:
        print(f"cruxmap: map hover cards are off ({cache} is not writable: {exc})", file=sys.stderr)
        return installed_build()


@st.cache_resource(show_spinner=False)
def _component() -> Any:
    return components.declare_component("cruxmap_cytoscape", path=str(frontend_dir(cache_dir())))


def draw_graph(
    elements: dict,
    *,
    layout: str | dict,
    node_styles: list[NodeStyle],
    edge_styles: list[EdgeStyle],
    height: int,
    key: str,
    events: list[Event],
) -> Any:
    """Draw `elements` as `streamlit_cytoscape.streamlit_cytoscape` would (same arguments to
    the same frontend), with a node's `_hover` text shown under the pointer."""
    return _component()(
        elements=sanitize_elements(elements),
        style=[s.dump() for s in node_styles] + [s.dump() for s in edge_styles],
        layout=LAYOUTS[layout] if isinstance(layout, str) else layout,
        height=f"{height}px",
        key=key,
        on_change=None,
        nodeActions=[],
        edgeActions=[],
        collapseParallelEdges=False,
        priorityEdgeLabel=None,
        metaEdgeStyle={},
        events=[e.dump() for e in events],
        hideUnderscoreAttrs=True,
        infopanelActions=[],
    )
