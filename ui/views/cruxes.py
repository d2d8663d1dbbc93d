"""Cruxes: where the literature really disagrees on something other claims rest on."""

from __future__ import annotations

import streamlit as st

from ui.logic import CruxCard, CruxSide, author_crux_table, crux_cards
from ui.safe import md_inline
from ui.state import map_data, open_in_inspector


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
        if st.button("Inspect the crux", key=f"crux-{card.rank}"):
            open_in_inspector(card.crux.claim_id)
        left, right = st.columns(2)
        with left:
            render_side("For", card.for_, f"for-{card.rank}")
        with right:
            render_side("Against", card.against, f"against-{card.rank}")


def main() -> None:
    st.title("Cruxes")
    st.caption(
        "Claims that are both contested (authors on both sides) and load-bearing "
        "(other claims rest on them)."
    )
    data = map_data()
    count = len(data.cruxes)
    top = count
    if count > 1:
        top = st.slider("How many", 1, min(50, count), min(10, count), key="cruxes_top")
    cards = crux_cards(data.cruxes[:top], data.claims)
    if not cards:
        st.info("No crux yet: a crux needs claims from different authors that attack one another.")
        return
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
