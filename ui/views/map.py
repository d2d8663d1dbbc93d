"""Map: the library as topics, then a topic's claims, then one claim's neighbourhood.

The default view is the topic overview (assistant/topics.py): a few named groups sized by
their claims, ringed when they hold cruxes, linked by the asserted relations between them.
Opening a topic draws its claims (size = how much rests on a claim, thick ring = crux, edge
colour = relation type); clicking a claim shows its full quote in the side panel, from where
it opens in the inspector, in the reader, or as the centre of its neighbourhood. Every view
is bounded, and unverified candidates are hidden unless asked for, then drawn dashed grey.
"""

from __future__ import annotations

import streamlit as st
from streamlit_cytoscape import EdgeStyle, Event, NodeStyle

from assistant.service import (
    CANDIDATE_TYPE,
    DEFAULT_MAX_NODES,
    HARD_MAX_NODES,
    MapData,
    MapFilters,
    MapView,
    Topic,
    TopicMap,
    select_view,
    topic_view,
)
from ui.graph_component import draw_graph
from ui.logic import claim_choice_label, count_of
from ui.mapview import (
    NODE_COLOUR,
    RELATION_COLOURS,
    TOPIC_FONT,
    authors_of,
    claim_elements,
    claim_layout,
    date_bounds,
    relation_types,
    topic_elements,
    topic_layout,
    view_key,
)
from ui.safe import md, md_inline
from ui.state import (
    DEBATE_PAGE,
    READER_PAGE,
    current_claim,
    loads,
    map_data,
    map_service,
    open_in_inspector,
    topics,
)

HANDLED_KEY = "map_last_click"
FOCUS_KEY = "map_focus"
FILTERS_KEY = "map_filters"
VIEW_KEY = "map_view"
TOPIC_KEY = "map_open_topic"
SELECTED_KEY = "map_selected"
SEARCH_RESULTS = 30
TOPICS_VIEW, CLAIMS_VIEW = "Topics", "Claims"
RING_COLOUR = "#263238"


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
                st.session_state[SELECTED_KEY] = choice
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


def edge_legend() -> str:
    parts = [
        f":{COLOUR_NAMES[t]}[━] {t.replace('_', ' ')}"
        for t in RELATION_COLOURS
        if t != CANDIDATE_TYPE
    ]
    return "Edge colour = relation: " + " · ".join(parts)


def legend(candidates: bool = False) -> str:
    """What the claims drawing encodes: colour is the relation, size is load, a ring a crux."""
    text = (
        edge_legend() + ". Node size = how many claims rest on it or hold it up; "
        "thick dark ring = a crux (contested and load-bearing)."
    )
    if candidates:
        text += " :gray[┄] dashed grey = possibly related, unverified (no textual evidence)."
    return text


def topic_legend() -> str:
    return (
        edge_legend() + " (between claims of two topics: red when a quarter or more are "
        "attacks, else the most frequent; width = how many relations). Node size = claims "
        "in the topic; thick dark ring = it holds cruxes. Click a topic to open it."
    )


def claim_styles() -> tuple[list[NodeStyle], list[EdgeStyle]]:
    size = {
        "width": "data(_size)",
        "height": "data(_size)",
        "font-size": "data(_font)",
        "min-zoomed-font-size": 0,
        "text-wrap": "wrap",
        "text-max-width": "data(_wrap)",
        "text-valign": "bottom",
        "text-margin-y": 4,
        "text-opacity": 1,
        "color": "#212121",
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.8,
        "text-background-padding": "2px",
    }
    node_styles = [
        NodeStyle("claim", color=NODE_COLOUR, caption="_caption", custom_styles=size),
        NodeStyle(
            "crux",
            color=NODE_COLOUR,
            caption="_caption",
            custom_styles={**size, "border-width": 6, "border-color": RING_COLOUR},
        ),
    ]
    return node_styles, relation_edge_styles()


def relation_edge_styles(width: str | None = None, directed: bool = True) -> list[EdgeStyle]:
    extra = {"width": width} if width else {}
    styles = [
        EdgeStyle(t, color=c, directed=directed, curve_style="bezier", custom_styles=extra or None)
        for t, c in RELATION_COLOURS.items()
        if t != CANDIDATE_TYPE
    ]
    styles.append(
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
    return styles


def topic_styles() -> tuple[list[NodeStyle], list[EdgeStyle]]:
    size = {
        "width": "data(_size)",
        "height": "data(_size)",
        "font-size": TOPIC_FONT,
        "font-weight": "bold",
        "min-zoomed-font-size": 0,
        "text-wrap": "wrap",
        "text-max-width": "190px",
        "text-valign": "bottom",
        "text-margin-y": 5,
        "color": "#212121",
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.85,
        "text-background-padding": "3px",
    }
    nodes = [
        NodeStyle("topic", color=NODE_COLOUR, caption="_caption", custom_styles=size),
        NodeStyle(
            "crux topic",
            color=NODE_COLOUR,
            caption="_caption",
            custom_styles={**size, "border-width": 7, "border-color": RING_COLOUR},
        ),
    ]
    return nodes, relation_edge_styles(width="data(_width)", directed=False)


def draw(
    elements: dict,
    styles: tuple[list[NodeStyle], list[EdgeStyle]],
    key: str,
    event: str,
    layout: str | dict = "cose",
):
    node_styles, edge_styles = styles
    return draw_graph(
        elements,
        layout=layout,
        node_styles=node_styles,
        edge_styles=edge_styles,
        height=640,
        key=key,
        events=[Event(event, "tap", "node")],
    )


def clicked_node(value: dict | None, action: str) -> str | None:
    """The node a tap chose, once per tap (the component keeps returning its last value)."""
    if not value or value.get("action") != action:
        return None
    stamp = value.get("timestamp")
    if stamp == st.session_state.get(HANDLED_KEY):
        return None
    st.session_state[HANDLED_KEY] = stamp
    return (value.get("data") or {}).get("target_id")


def handle_click(value: dict | None) -> None:
    """A tapped claim is shown in the side panel (full quote, and where to go from it)."""
    target = clicked_node(value, "select_claim")
    if target:
        st.session_state[SELECTED_KEY] = target
        st.rerun()


def side_panel(data: MapData) -> None:
    """The selected claim in full: its quote, who and when, and where to go from it."""
    selected = st.session_state.get(SELECTED_KEY)
    claim = data.claims.get(selected) if selected else None
    if claim is None:
        st.caption("Click a claim to read it in full here.")
        return
    st.markdown(
        f"**{md_inline(claim.author or 'unattributed')}**, {md(str(claim.published or '')[:10] or 'undated')}"
    )
    st.markdown(f"“{md_inline(claim.quote, 900)}”")
    st.caption(f"{md(claim.kind)} · {md_inline(claim.title, 160)}")
    score = data.crux_scores.get(claim.id, 0.0)
    weight = loads().get(claim.id, 0)
    facts = [f"{weight} claims rest on it or hold it up"]
    if score:
        facts.append(f"crux score {score:.2f}")
    st.caption(" · ".join(facts))
    if st.button("Open in the inspector", key="map_panel_inspect", icon=":material/search:"):
        open_in_inspector(claim.id)
    st.button(
        "Show its neighbourhood",
        key="map_panel_focus",
        icon=":material/hub:",
        on_click=show_neighbourhood,
        args=(claim.id,),
    )
    st.page_link(
        READER_PAGE,
        label="Read it in the document",
        icon=":material/article:",
        query_params={"doc": claim.doc_id, "at": claim.id},
    )
    if score:
        st.page_link(
            DEBATE_PAGE,
            label="Open the debate on it",
            icon=":material/forum:",
            query_params={"crux": claim.id},
        )


def show_neighbourhood(claim_id: str) -> None:
    """Centre the claims view on a claim (a callback: it sets the view widget's state)."""
    st.session_state[FOCUS_KEY] = claim_id
    st.session_state[VIEW_KEY] = CLAIMS_VIEW


def draw_claims(view: MapView, data: MapData, candidates: bool) -> None:
    """A bounded view of claims with the side panel beside it, and the table below."""
    st.caption(legend(candidates))
    if view.shown == 0:
        st.warning("No claim matches these filters.")
        return
    graph_col, panel_col = st.columns([3, 1])
    with graph_col:
        elements = claim_elements(
            view, data.crux_scores, loads(), st.session_state.get(SELECTED_KEY)
        )
        layout = claim_layout(elements)
        value = draw(elements, claim_styles(), view_key(view), "select_claim", layout)
        st.caption("Click a claim to read it in full beside the map. Drag to pan, scroll to zoom.")
    with panel_col:
        handle_click(value)
        side_panel(data)
    claims_table(view, data)


def topics_overview(topic_map: TopicMap) -> None:
    """All topics as a graph and a table; clicking either opens the topic."""
    n = len(topic_map.topics)
    st.caption(
        md(
            f"{topic_map.claims} claims in {n} topics, grouped by meaning and shared words; "
            "each is named by its most telling words and the documents it draws on."
        )
    )
    st.caption(topic_legend())
    elements = topic_elements(topic_map)
    value = draw(elements, topic_styles(), "topics-" + str(n), "open_topic", topic_layout(elements))
    target = clicked_node(value, "open_topic")
    if target and topic_map.topic(target):
        st.session_state[TOPIC_KEY] = target
        st.rerun()
    rows = [
        {
            "topic": t.label,
            "claims": t.size,
            "cruxes": t.cruxes,
            "documents": "; ".join(" ".join(d.title.split())[:60] for d in t.documents[:3]),
            "authors": len(t.authors),
        }
        for t in topic_map.topics
    ]
    st.markdown(f"**Topics** ({n}; select a row to open it)")
    picked = st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="map_topics_table",
    )
    selected = picked.selection.rows if picked else []
    if selected:
        st.session_state[TOPIC_KEY] = topic_map.topics[selected[0]].id
        st.session_state.pop("map_topics_table", None)
        st.rerun()


def topic_header(topic: Topic) -> None:
    st.markdown(f"### Topic: {md_inline(topic.label)}")
    st.caption(
        f"{topic.size} claims · {topic.cruxes} cruxes · {len(topic.authors)} authors · "
        f"telling words: {md_inline(', '.join(topic.terms))}"
    )
    docs = "; ".join(f"{' '.join(d.title.split())} ({d.claims})" for d in topic.documents[:5])
    st.caption("From: " + md_inline(docs, 500))
    cols = st.columns([1, 1, 3])
    if cols[0].button("All topics", key="map_back_topics", icon=":material/arrow_back:"):
        st.session_state.pop(TOPIC_KEY, None)
        st.session_state.pop(SELECTED_KEY, None)
        st.rerun()
    cols[1].page_link(
        DEBATE_PAGE,
        label="Debate in this topic",
        icon=":material/forum:",
        query_params={"topic": topic.id},
    )


def describe_topic(view: MapView) -> str:
    head = f"Showing {view.shown} of the topic's {view.matched} claims"
    if view.hidden > 0:
        head += f"; {view.hidden} ranked lower by crux score and load are hidden (raise “Most claims to draw”)"
    if view.hidden_candidates > 0:
        links = count_of(
            view.hidden_candidates, "unverified candidate link", "unverified candidate links"
        )
        head += f". {links} hidden (tick “Show unverified candidates” to draw them)"
    return head


def choose_view() -> str:
    """Topics by default; `?view=claims` (a shared link) or the reader's choice otherwise."""
    wanted = st.query_params.get("view")
    if wanted in ("claims", "topics"):
        st.session_state[VIEW_KEY] = CLAIMS_VIEW if wanted == "claims" else TOPICS_VIEW
        del st.query_params["view"]
    return st.radio(
        "View",
        [TOPICS_VIEW, CLAIMS_VIEW],
        horizontal=True,
        key=VIEW_KEY,
        label_visibility="collapsed",
    )


def main() -> None:
    st.title("Argument map")
    data = map_data()
    if not data.claims:
        st.info(
            "The map is empty: add sources on the Library page (analysis runs after each ingest)."
        )
        return
    mode = choose_view()
    filters = sidebar_filters(data)
    if (
        st.session_state.get(FOCUS_KEY) is None
        and current_claim()
        and st.button("Focus on the claim in the inspector", key="map_focus_current")
    ):
        st.session_state[FOCUS_KEY] = current_claim()
    filters = focus_controls(data, filters)
    st.session_state[FILTERS_KEY] = filters
    if mode == TOPICS_VIEW and filters.focus is None:
        topic_map = topics()
        topic = topic_map.topic(st.session_state.get(TOPIC_KEY) or "")
        if topic is None:
            topics_overview(topic_map)
            return
        topic_header(topic)
        view = topic_view(data.graph, topic, filters, data.crux_scores, loads())
        st.caption(md(describe_topic(view)))
        draw_claims(view, data, filters.candidates)
        return
    view = select_view(data.graph, filters, data.crux_scores)
    st.caption(md(describe(view)))
    draw_claims(view, data, filters.candidates)


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
