"""Debate: the sides of a crux or a topic side by side, who answered whom, and what the
authors say would change their minds. Opened as `debate?crux=<claim id>` or
`debate?topic=<topic id>`; says plainly when the library holds no established disagreement.
"""

from __future__ import annotations

import streamlit as st

from assistant.service import Debate, DebateClaim, crux_debate, topic_debate
from ui.logic import EVIDENCE_KINDS, evidence_markdown, format_date
from ui.safe import md, md_inline
from ui.state import DEBATE_PAGE, READER_PAGE, map_data, map_service, open_in_inspector, topics
from ui.state import workspace as current_workspace

CHOICE_KEY = "debate_choice"
#: Each side's colour (the only thing colour says on this page): the first side, the second.
SIDE_COLOURS = ("blue", "red", "violet", "orange")


def pick_subject() -> None:
    """No subject chosen: the top cruxes and the topics, each opening its debate."""
    data = map_data()
    st.markdown("**Cruxes**")
    if not data.cruxes:
        st.caption(
            "The library holds no crux yet: no claim is attacked, on evidence, by another author."
        )
    for crux in data.cruxes[:10]:
        st.page_link(
            DEBATE_PAGE,
            label=md_inline(f"{crux.text} (score {crux.score:.2f})", 180),
            icon=":material/balance:",
            query_params={"crux": crux.claim_id},
        )
    st.markdown("**Topics**")
    for topic in topics().topics:
        st.page_link(
            DEBATE_PAGE,
            label=md_inline(f"{topic.label} ({topic.size} claims, {topic.cruxes} cruxes)", 180),
            icon=":material/topic:",
            query_params={"topic": topic.id},
        )


def render_claim(claim: DebateClaim, key: str, texts: dict[str, str | None]) -> None:
    with st.container(border=True):
        st.markdown(f"“{md_inline(claim.quote, 500)}”")
        st.caption(
            f"{md_inline(claim.author or 'unattributed')} · {format_date(claim.published)} · "
            f"{md_inline(claim.title, 120)}"
        )
        if claim.link:
            st.caption(md_inline(claim.link, 200))
        ev = claim.evidence
        if ev is not None:
            if ev.doc_id and ev.doc_id not in texts:
                doc = map_service().document(ev.doc_id)
                texts[ev.doc_id] = doc.text if doc else None
            meaning = EVIDENCE_KINDS.get(ev.kind, ev.kind)
            st.caption(f"evidence: {md(ev.kind)} ({md(meaning)})")
            shown = evidence_markdown(texts.get(ev.doc_id), ev)
            if shown:
                st.markdown(shown)
        cols = st.columns(2)
        if cols[0].button("Inspect", key=key):
            open_in_inspector(claim.id)
        cols[1].page_link(
            READER_PAGE,
            label="Read in the document",
            icon=":material/article:",
            query_params={"doc": claim.doc_id, "at": claim.id},
        )


def render_debate(debate: Debate) -> None:
    st.markdown(f"### {md_inline(debate.subject, 300)}")
    if not debate.established:
        st.info(md(debate.note), icon=":material/balance:")
        if debate.subject_claim is not None:
            st.page_link(
                READER_PAGE,
                label="Read the claim in its document",
                icon=":material/article:",
                query_params={"doc": debate.subject_claim.doc_id, "at": debate.subject_claim.id},
            )
        return
    texts: dict[str, str | None] = {}
    columns = st.columns(len(debate.sides))
    for index, (column, side) in enumerate(zip(columns, debate.sides, strict=True)):
        with column:
            who = ", ".join(side.authors) or "unattributed"
            colour = SIDE_COLOURS[index % len(SIDE_COLOURS)]
            st.markdown(f"#### :{colour}[{md(side.label)}] ({len(side.claims)})")
            st.caption(md_inline(who, 300))
            for n, claim in enumerate(side.claims[:25]):
                render_claim(claim, f"debate-{index}-{n}", texts)
            if len(side.claims) > 25:
                st.caption(f"and {len(side.claims) - 25} more")
    st.markdown("#### Who answered whom")
    if not debate.exchanges:
        st.caption("No claim here answers another author's claim directly.")
    rows = [
        {
            "date": format_date(e.published),
            "who": e.source.author or "unattributed",
            "does": e.type.replace("_", " "),
            "whom": e.target.author or "unattributed",
            "claim": " ".join(e.source.quote.split())[:160],
            "answering": " ".join(e.target.quote.split())[:160],
            "evidence": e.source.evidence.kind if e.source.evidence else "",
        }
        for e in debate.exchanges
    ]
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch")
    st.markdown("#### What would change a mind")
    if not debate.mind_changers:
        st.caption(
            "None of these texts says what would change its author's mind or names the crux "
            "in so many words."
        )
    for item in debate.mind_changers:
        st.markdown(
            f"“{md_inline(item.quote, 500)}” — *{md_inline(item.author or 'unattributed')}*"
        )
        st.page_link(
            READER_PAGE,
            label=md_inline(f"in {item.title}", 120),
            icon=":material/article:",
            query_params={"doc": item.doc_id, "span": f"{item.start}-{item.end}"},
        )


def main() -> None:
    st.title("Debate")
    data = map_data()
    if not data.claims:
        st.info("The map is empty: add sources on the Library page.")
        return
    crux = st.query_params.get("crux")
    topic_id = st.query_params.get("topic")
    debate = None
    if crux:
        debate = crux_debate(current_workspace(), data, crux)
        if debate is None:
            st.error(f"No claim {md(crux)} in the map.")
    elif topic_id:
        topic = topics().topic(topic_id)
        if topic is None:
            st.error(f"No topic {md(topic_id)} in the map (topics change when the map does).")
        else:
            debate = topic_debate(current_workspace(), data, topic)
    if debate is None:
        st.caption("Choose a crux or a topic to see its sides.")
        pick_subject()
        return
    render_debate(debate)
    st.page_link(DEBATE_PAGE, label="Another debate", icon=":material/list:")


main()
