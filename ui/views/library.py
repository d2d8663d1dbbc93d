"""Library: add feeds, OPML lists, files and arXiv results; sync; list and remove sources."""

from __future__ import annotations

import streamlit as st

from assistant import service
from ingest.models import IngestError, SourceEvent
from ui.logic import count_of, document_rows, map_totals
from ui.safe import md, md_inline
from ui.state import READER_PAGE, map_data, map_service, workspace, workspace_home

RESULT_KEY = "library_result"
UPLOAD_TYPES = ["xml", "rss", "atom", "opml", "pdf", "md", "markdown", "txt", "html", "htm"]
KINDS = ["auto", "feed", "opml", "pdf", "notes", "text", "html"]


def run_with_progress(
    label: str, job: service.Job, total_sources: int = 0, allow_private: bool = False
) -> None:
    """Run a library job with a live progress bar; keep the result table in the session."""
    bar = st.progress(0.0, text=f"{label}: starting…")
    seen: set[str] = set()

    def on_event(event: SourceEvent) -> None:
        if event.status not in ("reading",):
            seen.add(event.source)
        done = len(seen)
        fraction = min(done / total_sources, 0.95) if total_sources else 0.1
        bar.progress(fraction, text=f"{label}: {event.status} {event.source}"[:200])

    def on_progress(done: int, total: int) -> None:
        bar.progress(
            min(done / max(total, 1), 1.0), text=f"{label}: embedding {done}/{total} chunks"
        )

    result = service.run_job(workspace(), job, on_event, on_progress, allow_private=allow_private)
    bar.progress(1.0, text=f"{label}: done")
    st.session_state[RESULT_KEY] = (label, result)


def render_result() -> None:
    stored = st.session_state.get(RESULT_KEY)
    if not stored:
        return
    label, result = stored
    if result.error:
        st.error(f"{md(label)}: {md(result.error)}", icon=":material/error:")
    else:
        icon = ":material/warning:" if result.report.failed else ":material/check_circle:"
        st.success(f"{md(label)}: {md(result.summary)}", icon=icon)
    if result.rows:
        st.dataframe(
            [row.model_dump() for row in result.rows],
            hide_index=True,
            width="stretch",
            column_config={"source": st.column_config.TextColumn(width="large")},
        )


def add_feed_form() -> None:
    with st.form("feed-form"):
        url = st.text_input(
            "Feed URL (RSS or Atom)",
            placeholder="https://www.alignmentforum.org/feed.xml",
            help="Or a forum query as `cruxmap feeds list` shows it, e.g. "
            "forum:https://www.alignmentforum.org?af=1&tag=Interpretability",
        )
        title = st.text_input("Title (optional)")
        allow_private = st.checkbox(
            "Allow private addresses (loopback, LAN)",
            help="Off by default: a URL that resolves to a private or loopback address is refused.",
        )
        submitted = st.form_submit_button("Add feed and fetch it")
    if submitted:
        try:
            checked = service.check_feed_url(url, allow_private)
        except IngestError as exc:
            st.session_state[RESULT_KEY] = ("Add feed", service.JobResult(error=str(exc)))
            return
        job = service.add_feed_job(checked, title.strip())
        run_with_progress("Add feed", job, 1, allow_private)


def upload_form() -> None:
    files = st.file_uploader(
        "Feed files, OPML lists, PDFs, notes (Markdown), text or saved HTML pages",
        type=UPLOAD_TYPES,
        accept_multiple_files=True,
        key="library_uploads",
    )
    kind = st.selectbox(
        "Kind",
        KINDS,
        index=0,
        key="library_kind",
        help="auto detects from the file; OPML subscribes to its feeds and fetches them.",
    )
    if st.button("Ingest uploaded files", disabled=not files, key="library_ingest"):
        paths = service.save_uploads(workspace(), [(f.name, f.getvalue()) for f in files])
        run_with_progress("Ingest files", service.ingest_files_job(paths, kind), len(paths))


def arxiv_form() -> None:
    with st.form("arxiv-form"):
        query = st.text_input("arXiv search", placeholder='cat:cs.AI AND abs:"reward hacking"')
        left, right = st.columns(2)
        max_results = left.number_input("Most results", 1, 500, 20)
        pdf = right.checkbox("Fetch full-text PDFs")
        submitted = st.form_submit_button("Search and ingest")
    if submitted:
        if not query.strip():
            st.error("Type a search first.")
            return
        run_with_progress("arXiv", service.arxiv_job(query.strip(), int(max_results), pdf))


def subscriptions() -> None:
    feeds = service.feeds(workspace())
    st.markdown(f"**Subscribed feeds** ({len(feeds)})")
    if st.button("Sync all feeds now", disabled=not feeds, key="library_sync"):
        run_with_progress("Sync", service.sync_job(), len(feeds))
    for index, feed in enumerate(feeds):
        left, right = st.columns([5, 1])
        status = feed.last_status or "never fetched"
        if feed.last_error:
            status += f": {feed.last_error}"
        left.markdown(f"{md_inline(feed.title or feed.url, 120)}")
        left.caption(f"{md(feed.url)} · {md(status)}")
        if right.button("Remove", key=f"feed-remove-{index}"):
            run_with_progress("Remove feed", service.remove_feed_job(feed.url), 1)
            st.rerun()


def documents() -> None:
    data = map_data()
    rows = document_rows(map_service().documents(), data.claims, data.relations)
    st.markdown(f"**Documents** ({len(rows)}; select one to read it, or rows to remove them)")
    if not rows:
        st.caption("No documents yet.")
        return
    picked = st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="multi-row",
        key="library_docs",
    )
    selected = [rows[i]["id"] for i in (picked.selection.rows if picked else [])]
    if len(selected) == 1:
        st.page_link(
            READER_PAGE,
            label="Read the selected document",
            icon=":material/article:",
            query_params={"doc": selected[0]},
        )
    if selected and st.button(
        f"Remove {len(selected)} selected document(s)", type="primary", key="library_remove"
    ):
        job = service.remove_documents_job(selected)
        run_with_progress("Remove documents", job, len(selected))
        st.rerun()


def main() -> None:
    st.title("Library")
    counts = map_service().library_counts()
    st.caption(
        f"{counts['documents']} documents, {counts['chunks']} chunks in {md(str(workspace_home()))}"
    )
    data = map_data()
    asserted, candidates = map_totals(data.relations)
    unverified = count_of(candidates, "unverified candidate", "unverified candidates")
    st.caption(
        f"Map: {len(data.claims)} claims, {asserted} relations backed by textual evidence, "
        f"{unverified} (possibly related; not counted)"
    )
    tabs = st.tabs(["Feed URL", "Upload files", "arXiv", "Subscriptions"])
    with tabs[0]:
        add_feed_form()
    with tabs[1]:
        upload_form()
    with tabs[2]:
        arxiv_form()
    with tabs[3]:
        subscriptions()
    render_result()
    documents()


main()
