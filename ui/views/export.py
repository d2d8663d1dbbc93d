"""Export: the whole map or the Map page's view, in the formats `cruxmap export` writes."""

from __future__ import annotations

import streamlit as st

from assistant.service import FORMATS, MapFilters, select_view
from ui.logic import EXPORT_MIME, export_filename, export_view, map_totals
from ui.state import map_data, map_service

FILTERS_KEY = "map_filters"
PREVIEW_LINES = 40
DESCRIPTIONS = {
    "graphml": "GraphML (Gephi, yEd, Cytoscape, networkx)",
    "gexf": "GEXF (Gephi)",
    "json": "node-link JSON (networkx, D3)",
    "cytoscape": "Cytoscape JSON (Cytoscape, Cytoscape.js)",
    "argdown": "Argdown",
    "aif": "AIF JSON (AIFdb: I, RA and CA nodes)",
    "dot": "DOT (Graphviz)",
    "mermaid": "Mermaid",
    "csv": "CSV: claims",
    "relations-csv": "CSV: relations",
    "bibtex": "BibTeX of the sources",
    "csljson": "CSL-JSON of the sources",
}


def main() -> None:
    st.title("Export")
    data = map_data()
    if not data.claims:
        st.info("The map is empty: add sources on the Library page.")
        return
    filters: MapFilters | None = st.session_state.get(FILTERS_KEY)
    scopes = ["whole map"]
    view_ids: set[str] | None = None
    if filters is not None:
        view = select_view(data.graph, filters, data.crux_scores)
        view_ids = set(view.graph.nodes)
        scopes.append("map view")
    asserted, candidates = map_totals(data.relations)
    scope = st.radio(
        "What to export",
        scopes,
        format_func=lambda s: (
            f"The whole map ({len(data.claims)} claims, {asserted} relations)"
            if s == "whole map"
            else f"The Map page's current view ({len(view_ids or ())} claims)"
        ),
        key="export_scope",
        horizontal=True,
    )
    fmt = st.selectbox(
        "Format", list(FORMATS), format_func=lambda f: DESCRIPTIONS.get(f, f), key="export_fmt"
    )
    with_candidates = st.checkbox(
        f"Include unverified candidates ({candidates} in the map), marked as such",
        key="export_candidates",
        help=(
            "Similar claims with no textual evidence between them. Every format marks them "
            "(dashed grey, 'possibly related, unverified', asserted = false), but tools such as "
            "Gephi, networkx or a spreadsheet count every edge they read: left out by default."
        ),
    )
    ids = view_ids if scope == "map view" else None
    content = export_view(map_service(), fmt, ids, candidates=with_candidates)
    extension = FORMATS[fmt]
    name = export_filename(fmt, extension, "view" if ids is not None else "map")
    st.download_button(
        f"Download {name}",
        data=content,
        file_name=name,
        mime=EXPORT_MIME.get(extension, "text/plain"),
        type="primary",
        icon=":material/download:",
        on_click="ignore",
        key="export_download",
    )
    text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
    lines = text.splitlines()
    st.caption(f"Preview: first {min(PREVIEW_LINES, len(lines))} of {len(lines)} lines")
    st.code("\n".join(lines[:PREVIEW_LINES]), language=None)


main()
