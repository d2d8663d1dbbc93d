"""Cruxes: where the literature really disagrees on something other claims rest on."""

from __future__ import annotations

import streamlit as st

from assistant.service import NO_CRUXES, MapData
from ui.logic import CruxCard, CruxSide, author_crux_table, count_of, crux_cards, map_totals
from ui.safe import md, md_inline
from ui.state import DEBATE_PAGE, map_data, open_in_inspector


def render_side(title: str, items: list[CruxSide], key: str) -> None:
    st.markdown(f"**{title}** ({len(items)})")
    if not items:
        st.caption("none in the map")
    for index, item in enumerate(items):
        st.markdown(f"{md_inline(item.text, 260)} — *{md_inline(item.author)}*")
        if st.button("Inspect", key=f"{key}-{index}"):
            open_in_inspector(item.claim_id)


def render_card(card: CruxCard) -> None:
    with st.container(border=True):
        st.markdown(f"#### {card.rank}. {md_inline(card.crux.text, 300)}")
        st.caption(
            f"score {card.crux.score:.2f} · {md_inline(card.author)} · "
            + md_inline(card.crux.why, 400)
        )
        cols = st.columns(3)
        if cols[0].button("Inspect the crux", key=f"crux-{card.rank}"):
            open_in_inspector(card.crux.claim_id)
        cols[1].page_link(
            DEBATE_PAGE,
            label="Open the debate",
            icon=":material/forum:",
            query_params={"crux": card.crux.claim_id},
        )
        left, right = st.columns(2)
        with left:
            render_side("For", card.for_, f"for-{card.rank}")
        with right:
            render_side("Against", card.against, f"against-{card.rank}")


def say_no_cruxes(data: MapData) -> None:
    """No crux is an answer: said plainly, with what was (and was not) counted."""
    if not data.claims:
        st.info(
            "The map is empty: add sources on the Library page (analysis runs after each ingest)."
        )
        return
    st.info(md(NO_CRUXES), icon=":material/balance:")
    asserted, candidates = map_totals(data.relations)
    note = f"The map holds {len(data.claims)} claims and {asserted} relations backed by textual evidence"
    if candidates:
        links = count_of(candidates, "unverified candidate link", "unverified candidate links")
        note += f"; {links} between similar claims not counted"
    st.caption(md(note + "."))


def main() -> None:
    st.title("Cruxes")
    st.caption(
        "Claims that are both contested (another author attacks them, on textual evidence) "
        "and load-bearing (other claims rest on them)."
    )
    data = map_data()
    if not data.cruxes:
        say_no_cruxes(data)
        return
    count = len(data.cruxes)
    top = count
    if count > 1:
        top = st.slider("How many", 1, min(50, count), min(10, count), key="cruxes_top")
    cards = crux_cards(data.cruxes[:top], data.claims)
    columns, rows = author_crux_table(cards)
    st.markdown("**Who stands where** (author × crux)")
    st.dataframe(rows, hide_index=True, width="stretch", column_order=["author", *columns])
    st.caption(
        " · ".join(
            f"{c} = {md_inline(card.crux.text, 60)}" for c, card in zip(columns, cards, strict=True)
        )
    )
    for card in cards:
        render_card(card)


main()
