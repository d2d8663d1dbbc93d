"""Ask: a cross-literature question, answered only from checked quotes in the library."""

from __future__ import annotations

import streamlit as st

from assistant import service
from assistant.ask.models import Answer
from ui.logic import CitationCard, citation_cards, context_markdown, positions_table
from ui.safe import md, md_inline
from ui.state import READER_PAGE, map_service, open_in_inspector, workspace

ANSWER_KEY = "ask_answer"
PENDING_KEY = "ask_pending"
INPUT_KEY = "ask_question"


def ask_question(question: str) -> None:
    """Ask the session's workspace (the service remembers the question); keep the answer."""
    with st.spinner("Searching the library and checking every quote…"):
        st.session_state[ANSWER_KEY] = service.ask(workspace(), question)


def render_citation(card: CitationCard) -> None:
    head = (
        f"\\[{card.n}\\] {md_inline(card.title, 90)} · {md_inline(card.author, 60)} · {card.date}"
    )
    with st.expander(head, expanded=False):
        if card.context is not None:
            st.markdown(context_markdown(card.context))
            st.caption(
                ":material/verified: verified: the bold quote is exactly the stored text of "
                f"document {md(card.doc_id)} at its offsets"
            )
        else:
            st.markdown(md(card.quote))
            st.caption(":material/error: could not be checked against the stored document")
        meta = f"{md_inline(card.author, 80)} · {card.date} · {md(card.stance)}"
        st.caption(meta)
        cols = st.columns(3)
        if card.url:
            cols[0].link_button("Open the source", card.url, icon=":material/open_in_new:")
        else:
            cols[0].caption("no web link for this source")
        if card.claim_id and cols[1].button("Inspect this claim", key=f"inspect-{card.n}"):
            open_in_inspector(card.claim_id)
        params = {"doc": card.doc_id}
        if card.verified and card.end > card.start:
            params["span"] = f"{card.start}-{card.end}"
        cols[2].page_link(
            READER_PAGE,
            label="Read it in the document",
            icon=":material/article:",
            query_params=params,
        )


def render_answer(answer: Answer) -> None:
    st.subheader(md_inline(answer.question))
    if answer.abstained:
        st.warning(
            "Abstained: the library does not address this question.", icon=":material/block:"
        )
    for sentence in answer.sentences:
        st.markdown(md(sentence))
    cards = citation_cards(map_service(), answer.citations)
    if cards:
        st.markdown(f"**Citations** ({len(cards)}, each expands to its paragraph)")
        for card in cards:
            render_citation(card)
    if answer.positions:
        st.markdown("**The sides**")
        st.dataframe(positions_table(answer), hide_index=True, width="stretch")
    for line in service.exchange_lines(answer):
        st.markdown("- " + md(line))
    if answer.balance.statement:
        st.info(md(answer.balance.statement), icon=":material/balance:")
    if answer.mirror_question:
        st.markdown(
            "**The mirror question** (ask it too, to counter the pull of the first framing)"
        )
        st.markdown(md(answer.mirror_question))
        if st.button("Ask the mirror question", key="ask-mirror"):
            st.session_state[PENDING_KEY] = answer.mirror_question
            st.rerun()
    if answer.abstained and answer.nearest:
        st.markdown("**Nearest material** (not an answer: judge it yourself)")
        for card in citation_cards(map_service(), answer.nearest):
            render_citation(card)
    if answer.dropped:
        with st.expander(f"Removed by verification ({len(answer.dropped)})"):
            for item in answer.dropped:
                st.markdown("- " + md(item))


def main() -> None:
    st.title("Ask the literature")
    st.caption(
        "Every sentence is tied to a verbatim quote from your library; "
        "cruxmap abstains when the library does not address the question."
    )
    pending = st.session_state.pop(PENDING_KEY, None)
    if pending:
        st.session_state[INPUT_KEY] = pending
    with st.form("ask-form"):
        question = st.text_input(
            "Question",
            key=INPUT_KEY,
            placeholder="Where have optimists answered the worry that training may not generalise?",
        )
        submitted = st.form_submit_button("Ask", type="primary")
    to_ask = pending or (question.strip() if submitted else "")
    if submitted and not question.strip():
        st.error("Type a question first.")
    recent = service.recent_questions(workspace())
    if recent:
        with st.expander(f"Recent questions ({len(recent)})"):
            for index, text in enumerate(recent):
                if st.button(md_inline(text, 120), key=f"recent-{index}"):
                    st.session_state[PENDING_KEY] = text
                    st.rerun()
            if st.button("Clear recent questions", key="recent-clear"):
                service.clear_questions(workspace())
                st.rerun()
    if to_ask:
        ask_question(to_ask)
    answer = st.session_state.get(ANSWER_KEY)
    if answer is not None:
        render_answer(answer)


main()
