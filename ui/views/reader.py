"""Document reader: a document's clean text with its claims in place, what it cites, who
cites it, its thread, and every address it is known by.

Opened as `reader?doc=<id>` (plus `at=<claim id>` to mark a claim, `span=<start>-<end>` to
show a cited or evidence passage first) from the inspector, the Ask page, the Library, the
Debate page and the Map. Source text is shown as escaped text only (ui/reading.py).
"""

from __future__ import annotations

import streamlit as st

from assistant.service import DocumentPage, DocumentRef, document_page
from ui.logic import context_markdown, format_date, quote_context
from ui.reading import claim_numbers, legend_markdown, parse_span, text_markdown
from ui.safe import link_markdown, md, md_inline, plain
from ui.state import READER_PAGE, map_service, open_in_inspector, workspace

PICK_KEY = "reader_pick"


def doc_link(ref: DocumentRef, span: tuple[int, int] | None = None) -> None:
    """A line that opens another document in the reader (at `span`, when the passage is
    known), with how it relates to this one."""
    when = format_date(ref.published)
    who = ", ".join(ref.authors) or "unattributed"
    params = {"doc": ref.doc_id}
    if span is not None:
        params["span"] = f"{span[0]}-{span[1]}"
    st.page_link(
        READER_PAGE,
        label=md_inline(f"{ref.title} — {who}, {when}", 160),
        icon=":material/article:",
        query_params=params,
    )
    if ref.how:
        st.caption(md_inline(ref.how, 240))


def pick_document() -> None:
    """No document chosen: find one by title or author."""
    docs = map_service().documents()
    if not docs:
        st.info("The library is empty: add sources on the Library page.")
        return
    query = st.text_input("Find a document", key="reader_search", placeholder="title or author")
    needle = query.strip().casefold()
    found = [
        d
        for d in docs
        if not needle or needle in d.title.casefold() or needle in " ".join(d.authors).casefold()
    ]
    st.caption(f"{len(found)} of {len(docs)} documents")
    for d in found[:50]:
        doc_link(DocumentRef(doc_id=d.id, title=d.title, authors=d.authors, published=d.published))


def render_header(page: DocumentPage) -> None:
    st.markdown(f"### {md_inline(page.title)}")
    who = ", ".join(page.authors) or "unattributed"
    st.caption(
        f"{md_inline(who)} · {format_date(page.published)} · {md(page.kind)} · "
        f"{len(page.claims)} claims · {len(page.text):,} characters · document {md(page.id)}"
    )
    with st.expander(f"Metadata and addresses ({len(page.urls)})"):
        for url in page.urls:
            st.markdown(link_markdown(url, url))
        if page.origin and page.origin not in page.urls:
            st.caption("arrived through: " + md_inline(page.origin, 300))
        for key, value in sorted(page.meta.items()):
            st.caption(f"{md(key)}: {md_inline(value, 400)}")


def render_passage(page: DocumentPage, span: tuple[int, int] | None, focus: str | None) -> None:
    """The passage the reader came for (a citing sentence, an evidence span or a claim),
    in bold in its paragraph, before the whole text."""
    if span is None and focus:
        claim = next((c for c in page.claims if c.id == focus), None)
        span = (claim.start, claim.end) if claim else None
    if span is None:
        return
    with st.container(border=True):
        st.markdown("**The passage you followed**")
        st.markdown(context_markdown(quote_context(page.text, span[0], span[1])))
        st.caption(f"characters {span[0]}–{span[1]} of the stored text")


def render_links(page: DocumentPage) -> None:
    st.markdown("**Cites**")
    if not page.cites:
        st.caption("No citation or link found in the text.")
    seen: set[tuple[str, int | None]] = set()
    for c in page.cites:
        if c.target is not None:
            if (c.target.doc_id, c.target_start) in seen:
                continue
            seen.add((c.target.doc_id, c.target_start))
            span = None
            if c.target_start is not None and c.target_end is not None:
                span = (c.target_start, c.target_end)
            how = f"{c.kind}, {c.stance}" + (": opens at the quoted passage" if span else "")
            doc_link(c.target.model_copy(update={"how": how}), span)
        else:
            label = c.label or c.url or "an unnamed work"
            line = md_inline(f"cites: {label} ({c.kind}, {c.stance})", 240)
            if c.url and c.url != c.label:
                line += " · " + link_markdown("link", c.url)
            st.caption(line)
    st.markdown("**Cited by**")
    if not page.cited_by:
        st.caption("No document in the library cites it.")
    for ref in page.cited_by:
        doc_link(ref)
    st.markdown("**Discussion thread**")
    if not page.replies_to and not page.replies:
        st.caption("Not part of a thread in the library.")
    if page.replies_to:
        st.caption("It answers")
        for ref in page.replies_to:
            doc_link(ref)
    if page.replies:
        st.caption("Answered by")
        for ref in page.replies:
            doc_link(ref)


def render_claims_table(page: DocumentPage) -> None:
    numbers = claim_numbers(page)
    rows = [
        {
            "#": numbers[c.id],
            "claim": plain(c.text),
            "crux score": round(c.crux_score, 2),
            "id": c.id,
        }
        for c in page.claims
    ]
    st.markdown(f"**Claims in this document** ({len(rows)}; select a row to inspect it)")
    picked = st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="reader_claims",
    )
    selected = picked.selection.rows if picked else []
    if selected:
        open_in_inspector(page.claims[selected[0]].id)


def main() -> None:
    st.title("Document reader")
    doc_id = st.query_params.get("doc")
    if not doc_id:
        st.caption("Pick a document, or follow one from a claim, a citation or an answer.")
        pick_document()
        return
    page = document_page(workspace(), doc_id)
    if page is None:
        st.error(f"No document {md(doc_id)} in the library (it may have been removed).")
        pick_document()
        return
    focus = st.query_params.get("at")
    span = parse_span(st.query_params.get("span"), len(page.text))
    render_header(page)
    render_passage(page, span, focus)
    text_col, side_col = st.columns([3, 1])
    with text_col:
        st.caption(legend_markdown())
        st.markdown(text_markdown(page, focus))
    with side_col:
        render_links(page)
    render_claims_table(page)
    st.page_link(READER_PAGE, label="Read another document", icon=":material/list:")


main()
