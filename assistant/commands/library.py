"""Commands that read and edit the stored documents and search their chunks."""

from __future__ import annotations

from typing import Annotated

import typer

from assistant.commands.common import JsonOpt, app, docs_app, workspace, writing
from assistant.console import err, error_line, print_json
from ingest.library import Library


def _doc_summary(doc) -> dict:
    return {
        "id": doc.id,
        "title": doc.title,
        "url": doc.url,
        "authors": doc.authors,
        "published": doc.published.isoformat() if doc.published else None,
        "kind": doc.kind,
        "chars": doc.chars,
    }


def resolve_document(lib: Library, doc_id: str):
    matches = lib.find_documents(doc_id)
    if len(matches) != 1:
        error_line(f"no document {doc_id!r}" if not matches else f"ambiguous id {doc_id!r}")
        raise typer.Exit(1)
    return matches[0]


@docs_app.command("list")
def docs_list(as_json: JsonOpt = False) -> None:
    """List stored documents."""
    with workspace() as ws:
        docs = [_doc_summary(d) for d in ws.library.documents()]
    if as_json:
        print_json(docs)
        return
    for d in docs:
        date = (d["published"] or "")[:10]
        typer.echo(
            f"{d['id']}  {date:10}  {d['kind']:6}  {d['title']}  ({', '.join(d['authors'])})"
        )


@docs_app.command("show")
def docs_show(doc_id: str, as_json: JsonOpt = False) -> None:
    """Show one document with its text."""
    with workspace() as ws:
        doc = resolve_document(ws.library, doc_id)
    record = {**_doc_summary(doc), "text": doc.text, "meta": doc.meta, "source": doc.source}
    if as_json:
        print_json(record)
        return
    typer.echo(
        f"{doc.title}\n{', '.join(doc.authors)}  {record['published'] or ''}\n{doc.url or doc.source}\n"
    )
    typer.echo(doc.text)


@docs_app.command("remove")
def docs_remove(doc_id: str) -> None:
    """Remove a document from both stores."""
    with workspace() as ws:
        doc = resolve_document(ws.library, doc_id)
        with writing(ws):
            ws.library.remove(doc.id)
    err.print(f"removed {doc.id} {doc.title}", markup=False)


@app.command()
def search(
    query: str,
    k: Annotated[int, typer.Option("--k", min=1, max=200)] = 10,
    as_json: JsonOpt = False,
) -> None:
    """Hybrid search (BM25 + dense) over stored chunks."""
    from ingest.search import ChunkSearch

    with workspace() as ws:
        hits = ChunkSearch(ws.library).search(query, k)
    if as_json:
        print_json(hits)
        return
    for n, hit in enumerate(hits, 1):
        snippet = " ".join(hit.text.split())[:240]
        typer.echo(
            f"{n}. {hit.title} [{hit.doc_id} {hit.start}-{hit.end}] {hit.score:.4f}\n   {snippet}"
        )


@app.command()
def reembed(as_json: JsonOpt = False) -> None:
    """Re-embed every stored chunk and claim with the configured backend
    ($CRUXMAP_EMBED_BACKEND), e.g. after changing it; safe to run again if interrupted."""
    from ingest.vectors import reembed_collection

    with workspace() as ws:
        with writing(ws):
            lib = ws.library
            texts = {
                "chunks": {c.id: c.text for c in lib.all_chunks()},
                "claims": {c.id: c.text or c.quote for c in ws.store.claims()},
            }
            done = {
                prefix: reembed_collection(
                    lib.settings.chroma_url,
                    str(lib.settings.chroma_path),
                    prefix,
                    lib.settings.embed_model,
                    found,
                    lib.embedder.encode,
                )
                for prefix, found in texts.items()
            }
            lib.forget_backend()
            backend = lib.embedder.backend
    if as_json:
        print_json({**done, "backend": backend})
        return
    err.print(f"re-embedded {done['chunks']} chunks and {done['claims']} claims with {backend}")
