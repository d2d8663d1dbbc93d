"""Map: the argument map as a clickable graph, always a bounded, filtered view."""

from __future__ import annotations

import streamlit as st
from streamlit_cytoscape import EdgeStyle, Event, NodeStyle, streamlit_cytoscape

from assistant.service import (
    CANDIDATE_TYPE,
    DEFAULT_MAX_NODES,
    HARD_MAX_NODES,
    MapData,
    MapFilters,
    MapView,
    select_view,
)
from ui.logic import claim_choice_label, count_of
from ui.mapview import (
    CRUX_COLOUR,
    NODE_COLOUR,
    RELATION_COLOURS,
    authors_of,
    cytoscape_elements,
    date_bounds,
    relation_types,
    view_key,
)
from ui.safe import md
from ui.state import current_claim, map_data, map_service, open_in_inspector

HANDLED_KEY = "map_last_click"
FOCUS_KEY = "map_focus"
FILTERS_KEY = "map_filters"
SEARCH_RESULTS = 30


def sidebar_filters(data: MapData) -> MapFilters:
    """The filter controls; returns what the reader chose."""
    G = data.graph
    docs = {d.id: d for d in map_service().documents()}
    with st.sidebar:
        st.subheader("Filter the map")
        authors = st.multiselect("Authors", authors_of(G), key="map_authors")
        doc_ids = st.multiselect(
            "Documents",
            sorted(docs, key=lambda d: docs[d].title.casefold()),
            format_func=lambda d: f"{' '.join(docs[d].title.split())[:70]} ({d})",
            key="map_docs",
        )
        types = st.multiselect("Relation types", relation_types(), key="map_types")
        candidates = st.checkbox(
            "Show unverified candidates",
            key="map_candidates",
            help=(
                "Similar claims of different authors with no citation, quotation or reply "
                "between their texts: possibly related, unverified. Drawn dashed and grey; "
                "never counted as agreement or disagreement."
            ),
        )
        low, high = date_bounds(G)
        since = until = None
        if low and high and st.checkbox("Restrict dates", key="map_dates_on"):
            since, until = st.slider(
                "Published between",
                min_value=low,
                max_value=high,
                value=(low, high),
                key="map_dates",
            )
        topic = st.text_input("Topic words (in claim text)", key="map_topic")
        max_nodes = st.slider(
            "Most claims to draw", 10, HARD_MAX_NODES, DEFAULT_MAX_NODES, step=10, key="map_max"
        )
    return MapFilters(
        authors=authors,
        doc_ids=doc_ids,
        types=types,
        since=since,
        until=until,
        topic=topic,
        max_nodes=max_nodes,
        candidates=candidates,
    )


def focus_controls(data: MapData, filters: MapFilters) -> MapFilters:
    """Search a claim and focus on its neighbourhood (or go back to the ranked overview)."""
    cols = st.columns([3, 1, 1])
    query = cols[0].text_input("Search a claim", key="map_search", placeholder="words from a claim")
    radius = cols[1].number_input("Neighbourhood radius", 1, 3, 1, key="map_radius")
    focus = st.session_state.get(FOCUS_KEY)
    if query.strip():
        needle = query.strip().casefold()
        matches = [c for c in data.claims.values() if needle in c.text.casefold()][:SEARCH_RESULTS]
        if matches:
            choice = st.selectbox(
                f"Matching claims ({len(matches)} shown)",
                [c.id for c in matches],
                format_func=lambda cid: claim_choice_label(data.claims[cid]),
                key="map_search_pick",
            )
            left, right = st.columns(2)
            if left.button("Focus the map on it", key="map_focus_btn"):
                st.session_state[FOCUS_KEY] = focus = choice
            if right.button("Open it in the inspector", key="map_search_open"):
                open_in_inspector(choice)
        else:
            st.caption("No claim contains those words.")
    if focus and focus in data.claims:
        if cols[2].button("Show overview", key="map_unfocus"):
            st.session_state.pop(FOCUS_KEY, None)
            focus = None
    filters.focus = focus if focus in data.claims else None
    filters.radius = int(radius)
    return filters


def describe(view: MapView) -> str:
    if view.focus:
        head = f"Neighbourhood of claim {view.focus}: {view.shown} claims"
    else:
        head = f"Showing {view.shown} of {view.matched} matching claims ({view.total} in the map)"
    if view.hidden > 0:
        head += (
            f"; {view.hidden} hidden (ranked lower by crux score and connections): "
            "narrow the filters or focus on a claim to see them"
        )
    if view.hidden_candidates > 0:
        links = count_of(
            view.hidden_candidates, "unverified candidate link", "unverified candidate links"
        )
        head += (
            f". {links} among these claims hidden (tick “Show unverified candidates” to draw them)"
        )
    return head


#: Streamlit colour names for the legend, matching `RELATION_COLOURS`.
COLOUR_NAMES: dict[str, str] = {
    "supports": "green",
    "attacks": "red",
    "depends_on": "blue",
    "responds_to": "orange",
    "same_as": "violet",
    "related": "gray",
}


def legend() -> str:
    parts = [
        f":{COLOUR_NAMES[t]}[━] {t.replace('_', ' ')}"
        for t in RELATION_COLOURS
        if t != CANDIDATE_TYPE
    ]
    parts.append(":gray[┄] possibly related, unverified (dashed; no textual evidence)")
    return "Edges: " + " · ".join(parts) + " — larger purple nodes are cruxes (size = crux score)"


def draw(view: MapView, data: MapData) -> None:
    elements = cytoscape_elements(view, data.crux_scores)
    size = {
        "width": "data(_size)",
        "height": "data(_size)",
        "font-size": 11,
        "min-zoomed-font-size": 0,
        "text-wrap": "wrap",
        "text-max-width": "160px",
        "text-valign": "bottom",
        "text-margin-y": 4,
        "text-opacity": 1,
    }
    node_styles = [
        NodeStyle("claim", color=NODE_COLOUR, caption="_caption", custom_styles=size),
        NodeStyle(
            "crux",
            color=CRUX_COLOUR,
            caption="_caption",
            custom_styles={**size, "border-width": 3, "border-color": "#311b92"},
        ),
    ]
    edge_styles = [
        EdgeStyle(t, color=c, directed=True, curve_style="bezier")
        for t, c in RELATION_COLOURS.items()
        if t != CANDIDATE_TYPE
    ]
    edge_styles.append(
        EdgeStyle(
            CANDIDATE_TYPE,
            color=RELATION_COLOURS[CANDIDATE_TYPE],
            caption="_caption",
            directed=False,
            curve_style="bezier",
            # The component paints edge labels on a background of the line colour and
            # hides text under 10px: a readable grey label on white, at every zoom.
            custom_styles={
                "line-style": "dashed",
                "width": 1.5,
                "font-size": 9,
                "min-zoomed-font-size": 0,
                "color": "#616161",
                "text-background-color": "#ffffff",
                "text-background-opacity": 0.85,
                "text-rotation": "autorotate",
            },
        )
    )
    clicked = streamlit_cytoscape(
        elements,
        layout="cose",
        node_styles=node_styles,
        edge_styles=edge_styles,
        height=620,
        key=view_key(view),
        events=[Event("open_claim", "tap", "node")],
    )
    handle_click(clicked)


def handle_click(value: dict | None) -> None:
    """A tapped node opens in the inspector; each click is handled once (values persist)."""
    if not value or value.get("action") != "open_claim":
        return
    stamp = value.get("timestamp")
    if stamp == st.session_state.get(HANDLED_KEY):
        return
    st.session_state[HANDLED_KEY] = stamp
    target = (value.get("data") or {}).get("target_id")
    if target:
        open_in_inspector(target)


def main() -> None:
    st.title("Argument map")
    data = map_data()
    if not data.claims:
        st.info(
            "The map is empty: add sources on the Library page (analysis runs after each ingest)."
        )
        return
    filters = sidebar_filters(data)
    if (
        st.session_state.get(FOCUS_KEY) is None
        and current_claim()
        and st.button("Focus on the claim in the inspector", key="map_focus_current")
    ):
        st.session_state[FOCUS_KEY] = current_claim()
    filters = focus_controls(data, filters)
    st.session_state[FILTERS_KEY] = filters
    view = select_view(data.graph, filters, data.crux_scores)
    st.caption(md(describe(view)))
    st.caption(legend())
    if view.shown == 0:
        st.warning("No claim matches these filters.")
        return
    draw(view, data)
    st.caption("Click a claim to open it in the inspector. Drag to pan, scroll to zoom.")
    claims_table(view, data)


def claims_table(view: MapView, data: MapData) -> None:
    """The drawn claims as a table too: sortable, readable, and selectable without a mouse."""
    rows = [
        {
            "id": cid,
            "claim": " ".join(data.claims[cid].text.split()),
            "author": data.claims[cid].author,
            "crux score": data.crux_scores.get(cid, 0.0),
            "relations": view.graph.degree(cid),
        }
        for cid in view.graph.nodes
        if cid in data.claims
    ]
    rows.sort(key=lambda r: (-r["crux score"], -r["relations"]))
    st.markdown(f"**Claims drawn** ({len(rows)}; select a row to inspect it)")
    picked = st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="map_table",
    )
    selected = picked.selection.rows if picked else []
    if selected:
        open_in_inspector(rows[selected[0]]["id"])


main()
