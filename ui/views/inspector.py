"""Claim inspector: one claim in context, its relations, flags, steelman and cruxes."""

from __future__ import annotations

import streamlit as st

from assistant.service import (
    NO_CRUXES,
    ClaimSummary,
    ClaimView,
    DocumentText,
    RelationView,
    StartingPoints,
    search_claims,
    starting_points,
)
from ui.logic import (
    CANDIDATE_NOTE,
    RelationGroup,
    claim_choice_label,
    context_markdown,
    cruxes_of,
    evidence_caption,
    evidence_markdown,
    format_date,
    quote_context,
    relation_groups,
)
from ui.safe import md, md_inline, safe_url
from ui.state import (
    CLAIM_KEY,
    DEBATE_PAGE,
    READER_PAGE,
    current_claim,
    loads,
    map_data,
    map_service,
    open_in_inspector,
    workspace,
)

PICK_RESULTS = 50
PICK_KEY = "inspector_pick"


def pick_claim(starting: bool = True) -> None:
    """Choose a claim: search by words or author, or start from the top cruxes and the most
    load-bearing claims (what a reader of a new map should look at first)."""
    data = map_data()
    if not data.claims:
        st.info("The map is empty: add sources on the Library page.")
        return
    query = st.text_input(
        "Find a claim", key="inspector_search", placeholder="words from a claim, or an author"
    )
    weights = loads()
    if query.strip():
        matches = search_claims(data, query, weights, limit=PICK_RESULTS)
        total = len(search_claims(data, query, weights, limit=len(data.claims)))
    else:
        matches = search_claims(data, "", weights, limit=PICK_RESULTS)
        total = len(data.claims)
    if not matches:
        st.caption("No claim contains those words.")
        return
    st.selectbox(
        f"Claims ({len(matches)} of {total} shown, cruxes and load-bearing claims first)",
        [c.id for c in matches],
        format_func=lambda cid: claim_choice_label(data.claims[cid]),
        index=None,
        key=PICK_KEY,
        on_change=_picked,
    )
    if starting and not query.strip():
        render_starting_points(starting_points(data, weights))


def render_starting_points(points: StartingPoints) -> None:
    left, right = st.columns(2)
    with left:
        st.markdown("**Top cruxes**")
        if not points.cruxes:
            st.caption(md(NO_CRUXES))
        for index, item in enumerate(points.cruxes):
            render_start(item, f"crux score {item.crux_score:.2f}", f"start-crux-{index}")
    with right:
        st.markdown("**Most load-bearing claims**")
        if not points.load_bearing:
            st.caption("No claim holds another up yet.")
        for index, item in enumerate(points.load_bearing):
            render_start(
                item, f"{item.load} claims rest on it or hold it up", f"start-load-{index}"
            )


def render_start(item: ClaimSummary, why: str, key: str) -> None:
    with st.container(border=True):
        st.markdown(md_inline(item.text, 260))
        st.caption(
            f"{md_inline(item.author or 'unattributed')} · {format_date(item.published)} · {md(why)}"
        )
        cols = st.columns(2)
        if cols[0].button("Inspect", key=key):
            open_in_inspector(item.id)
        cols[1].page_link(
            READER_PAGE,
            label="Read in the document",
            icon=":material/article:",
            query_params={"doc": item.doc_id, "at": item.id},
        )


def _picked() -> None:
    """Runs before the rerun, so the page draws the chosen claim straight away."""
    choice = st.session_state.get(PICK_KEY)
    if choice:
        st.session_state[CLAIM_KEY] = choice
        st.session_state[PICK_KEY] = None


def render_header(view: ClaimView) -> None:
    st.markdown(f"### {md_inline(view.text)}")
    facts = [view.kind]
    if view.hedged:
        facts.append("hedged")
    facts.append(f"claim {view.id}")
    st.caption(" · ".join(md(f) for f in facts))
    doc = map_service().document(view.doc_id)
    st.markdown("**The quote in its paragraph**")
    if doc is not None and doc.text[view.start : view.end] == view.quote:
        st.markdown(context_markdown(quote_context(doc.text, view.start, view.end)))
        st.caption(
            ":material/verified: the bold quote is exactly the stored document text at its offsets"
        )
    else:
        st.markdown(md(view.quote))
        st.caption(":material/error: could not be checked against the stored document")
    if view.context is not None:
        st.markdown("**Context:** it opens by referring back; the sentence before it reads")
        st.markdown(f"> {md_inline(view.context.quote, 600)}")
    st.markdown("**Document**")
    st.markdown(
        f"{md_inline(view.title or view.doc_id)} — {md_inline(view.author or 'unattributed')}, "
        f"{format_date(view.published)}"
    )
    cols = st.columns(3)
    cols[0].page_link(
        READER_PAGE,
        label="Read it in the document",
        icon=":material/article:",
        query_params={"doc": view.doc_id, "at": view.id},
    )
    if any(c.claim_id == view.id for c in map_service().cruxes(top=1000)):
        cols[1].page_link(
            DEBATE_PAGE,
            label="Open the debate on this crux",
            icon=":material/forum:",
            query_params={"crux": view.id},
        )
    url = safe_url(view.url)
    if url:
        cols[2].link_button("Open the source", url, icon=":material/open_in_new:")
    render_citations(view)


def render_citations(view: ClaimView) -> None:
    """What the claim's own sentence cites, and which texts in the library cite its document."""
    svc = map_service()
    own = [
        c
        for c in svc.citations(view.doc_id)
        if c.sentence_start < view.end and c.sentence_end > view.start
    ]
    citing = svc.citations(view.doc_id, cited_by=True)
    if own:
        st.markdown("**Cites**")
        for c in own[:10]:
            if c.target_doc:
                st.page_link(
                    READER_PAGE,
                    label=md_inline(
                        f"in the library: {c.target_title} ({c.kind}, {c.stance})", 200
                    ),
                    icon=":material/article:",
                    query_params={"doc": c.target_doc},
                )
            else:
                st.caption(md_inline(f"cites: {c.label} ({c.kind}, {c.stance})", 300))
    if citing:
        docs = {c.doc_id: (svc.document(c.doc_id) or view).title for c in citing}
        st.markdown(f"**Cited by** {len(citing)} sentence(s) in {len(docs)} document(s)")
        for doc_id, title in sorted(docs.items(), key=lambda kv: kv[1])[:8]:
            first = next(c for c in citing if c.doc_id == doc_id)
            st.page_link(
                READER_PAGE,
                label=md_inline(title, 200),
                icon=":material/article:",
                query_params={
                    "doc": doc_id,
                    "span": f"{first.sentence_start}-{first.sentence_end}",
                },
            )


def render_relations(view: ClaimView) -> None:
    groups = relation_groups(view)
    if not groups:
        st.caption("No relation to other claims yet.")
        return
    docs: dict[str, DocumentText | None] = {}
    for group in groups:
        if group.asserted:
            st.markdown(f"**{group.heading}** ({len(group.items)})")
            render_group(group, docs)
        else:
            with st.expander(f"{group.heading} ({len(group.items)})"):
                st.caption(md(CANDIDATE_NOTE))
                render_group(group, docs)


def render_group(group: RelationGroup, docs: dict[str, DocumentText | None]) -> None:
    """Each relation with the other claim and the evidence behind it, highlighted in place.
    Candidates are drawn as captions (small, grey): they are not what the map establishes."""
    for index, rel in enumerate(group.items):
        left, right = st.columns([5, 1])
        who = md_inline(rel.other_author or "unattributed")
        line = f"{md_inline(rel.other_text or rel.other, 240)} — *{who}*"
        (left.markdown if group.asserted else left.caption)(line)
        render_evidence(left, rel, docs)
        if right.button("Inspect", key=f"rel-{group.type}-{group.direction}-{index}"):
            open_in_inspector(rel.other)


def render_evidence(column, rel: RelationView, docs: dict[str, DocumentText | None]) -> None:
    """What carries the relation, and for an asserted one the span itself, in bold in its
    paragraph (escaped text, like every quote the UI shows)."""
    ev = rel.evidence
    doc = None
    if ev is not None and ev.doc_id:
        if ev.doc_id not in docs:
            docs[ev.doc_id] = map_service().document(ev.doc_id)
        doc = docs[ev.doc_id]
    column.caption(evidence_caption(rel, doc.title if doc else ""))
    shown = evidence_markdown(doc.text if doc else None, ev)
    if shown is not None and rel.asserted and ev is not None:
        column.markdown(shown)
        column.page_link(
            READER_PAGE,
            label="Read the evidence in its document",
            icon=":material/article:",
            query_params={"doc": ev.doc_id, "span": f"{ev.start}-{ev.end}"},
        )
    if rel.rationale:
        column.caption(md_inline(rel.rationale, 300))


def render_flags(view: ClaimView) -> None:
    if not view.flags:
        st.caption("No assumption flags.")
        return
    for flag in view.flags:
        st.warning(f"**{md(flag.kind.replace('_', ' '))}**: {md(flag.why)}", icon=":material/flag:")


def render_steelman(view: ClaimView) -> None:
    result = map_service().steelman(view.id, llm=workspace().llm)
    if result.paragraph:
        st.markdown(md(result.paragraph))
    if not result.opposition:
        st.caption("No opposing claim from another author in the map yet.")
        return
    for index, opp in enumerate(result.opposition):
        left, right = st.columns([5, 1])
        left.markdown(f"{md_inline(opp.quote, 400)} — *{md_inline(opp.author or 'unattributed')}*")
        left.caption(md_inline(opp.why, 300))
        if right.button("Inspect", key=f"steel-{index}"):
            open_in_inspector(opp.claim_id)
    for item in result.dropped:
        st.caption("removed by verification: " + md_inline(item, 200))


def render_cruxes(view: ClaimView) -> None:
    memberships = cruxes_of(view.id, map_service().cruxes(top=1000))
    if not memberships:
        st.caption("This claim is in no crux.")
        return
    for index, (crux, footing) in enumerate(memberships):
        left, right = st.columns([5, 1])
        left.markdown(f"{md(footing)}: {md_inline(crux.text, 240)} (score {crux.score:.2f})")
        left.caption(md_inline(crux.why, 300))
        if crux.claim_id != view.id and right.button("Inspect", key=f"crux-{index}"):
            open_in_inspector(crux.claim_id)


def main() -> None:
    st.title("Claim inspector")
    claim_id = current_claim()
    if not claim_id:
        st.caption(
            "Pick a claim: search it, or start from the top cruxes and the claims most of "
            "the map rests on. Claims on the Map, in answers and in documents open here too."
        )
        pick_claim()
        return
    view = map_service().claim_view(claim_id)
    if view is None:
        st.error(f"No claim {md(claim_id)} in the map (it may have been removed).")
        st.session_state.pop(CLAIM_KEY, None)
        pick_claim()
        return
    render_header(view)
    tabs = st.tabs(["Relations", "Assumption flags", "Steelman", "Cruxes"])
    with tabs[0]:
        render_relations(view)
    with tabs[1]:
        render_flags(view)
    with tabs[2]:
        render_steelman(view)
    with tabs[3]:
        render_cruxes(view)
    with st.expander("Inspect another claim"):
        pick_claim(starting=False)


main()
