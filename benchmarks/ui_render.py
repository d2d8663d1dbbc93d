"""Reading pages at demo size and at field scale, timed in a real browser, as ratios.

For the demo workspace and for a library of thousands of documents (4,000 by default), a
`streamlit run` server is started on loopback and headless Chromium (Debian's) times what a
reader waits for: the Map's topic overview until the graph is drawn, a click on a topic until
its claims are drawn, a click on a claim until its side panel shows, the Claim inspector's
starting points, a document in the reader, and the debate on the top crux. Each is timed
with warm caches (median of --repeat), and the Map's first load with cold ones (a fresh
server: the map read, the topics `analyze` stored loaded). The last table is large / demo
for each; the goal is within 2x.

The large library: analysing 4,000 real documents takes the offline analyst hours on two
cores, so it is assembled from the demo workspace's analysed material instead. Each document
is a new arrangement of claim sentences from the demo (real text at real offsets), stored
through the real `Library` (staged, chunked, embedded into Chroma), its claims saved and
embedded through the real `MapStore`. Relations follow the demo's shape: inside a document a
later sentence supports an earlier one (discourse evidence at its span); across documents
some claims attack or support another author's claim with a citation. Cruxes and flags are
computed by the project's own analysis. It measures the UI at scale, not the analyst.

Usage: python benchmarks/ui_render.py [--home DEMO] [--large-home DIR] [--docs 4000] [--repeat 3]
(without --home the demo is built in a temporary directory; without --large-home the large
library is built there too; an existing --large-home is reused as it is)
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.cruxes import find_cruxes  # noqa: E402
from assistant.flags import compute_flags  # noqa: E402
from assistant.models import ClaimDraft, Evidence, Relation  # noqa: E402
from assistant.service.topics import stored_topic_map  # noqa: E402
from assistant.workspace import Workspace  # noqa: E402
from ingest.models import ParsedDocument  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, StreamlitServer, build_demo  # noqa: E402

# -- the large library --------------------------------------------------------------------------

SENTENCES_PER_DOC = 4
CLAIMS_PER_DOC = 3
AUTHORS = 120
BATCH = 250


def demo_sentences(demo_home: Path) -> list[tuple[str, str]]:
    """(quote, kind) of every claim of the analysed demo workspace."""
    with Workspace.open(demo_home) as ws:
        return [(" ".join(c.quote.split()), c.kind) for c in ws.store.claims()]


def build_large_library(home: Path, demo_home: Path, documents: int, seed: int = 0) -> dict:
    """Fill `home` with `documents` documents and their map; returns what it built."""
    rng = random.Random(seed)
    pool = demo_sentences(demo_home)
    started = time.perf_counter()
    authors = [f"Author {n:03d}" for n in range(AUTHORS)]
    base = datetime(2022, 1, 1, tzinfo=UTC)
    with Workspace.open(home) as ws:
        lib, store = ws.library, ws.store
        layouts: list[tuple[str, str, list[tuple[int, int, str]]]] = []
        for first in range(0, documents, BATCH):
            staged = []
            for n in range(first, min(first + BATCH, documents)):
                picked = rng.sample(pool, SENTENCES_PER_DOC)
                parts, spans, at = [], [], 0
                for index, (quote, kind) in enumerate(picked):
                    sep = "\n\n" if index and index % 2 == 0 else (" " if index else "")
                    at += len(sep)
                    parts.append(sep + quote)
                    spans.append((at, at + len(quote), kind))
                    at += len(quote)
                text = "".join(parts)
                parsed = ParsedDocument(
                    kind="notes",
                    identity=f"bench:large:{n}",
                    title=f"{' '.join(picked[0][0].split()[:8])} (no. {n})",
                    text=text,
                    url=f"https://bench.example.org/notes/{n}",
                    authors=[authors[n % AUTHORS]],
                    published=base + timedelta(hours=7 * n),
                    source="benchmark",
                )
                _, doc_id = lib.stage(parsed)
                staged.append(doc_id)
                layouts.append((doc_id, authors[n % AUTHORS], spans))
            lib.complete(staged)
        claim_ids: list[list[str]] = []
        texts: list[str] = []
        for doc_id, _, spans in layouts:
            doc = lib.document(doc_id)
            assert doc is not None
            chosen = spans[:CLAIMS_PER_DOC]
            drafts = [
                ClaimDraft(start=s, end=e, quote=doc.text[s:e], text=doc.text[s:e], kind=k)
                for s, e, k in chosen
            ]
            internal = [
                (
                    i + 1,
                    i,
                    Relation(
                        source="",
                        target="",
                        type="supports",
                        rationale="a later sentence gives a reason for the earlier one",
                        evidence=Evidence(
                            kind="discourse",
                            doc_id=doc_id,
                            start=chosen[i + 1][0],
                            end=chosen[i + 1][1],
                        ),
                    ),
                )
                for i in range(len(drafts) - 1)
            ]
            ids = store.save_claims(doc_id, doc.content_hash, "benchmark", drafts, internal)
            claim_ids.append(ids)
            texts.extend(d.text for d in drafts)
        flat = [cid for ids in claim_ids for cid in ids]
        # Claims repeat the demo's sentences: each distinct sentence is embedded once and its
        # vector reused, exactly what embedding every copy would give, in a fraction of the time.
        distinct = sorted(set(texts))
        by_text = dict(zip(distinct, lib.embedder.encode(distinct), strict=True))
        vectors = np.stack([by_text[t] for t in texts])
        store.vectors.upsert(flat, vectors, [{"doc_id": cid} for cid in flat])
        for n, (doc_id, author, spans) in enumerate(layouts):
            doc = lib.document(doc_id)
            assert doc is not None
            links = []
            for step, kind in ((7, "attacks"), (13, "supports")):
                other = n - step
                if other < 0 or layouts[other][1] == author or rng.random() > 0.5:
                    continue
                s, e, _ = spans[CLAIMS_PER_DOC - 1]
                links.append(
                    Relation(
                        source=claim_ids[n][-1],
                        target=claim_ids[other][0],
                        type=kind,
                        rationale="cites the earlier note",
                        evidence=Evidence(kind="citation", doc_id=doc_id, start=s, end=e),
                    )
                )
            store.save_links(doc_id, doc.content_hash, "benchmark", links)
        claims, relations = store.claims(), store.relations()
        store.save_derived(compute_flags(claims, relations), find_cruxes(claims, relations, top=50))
        stored_topic_map(ws)  # as `cruxmap analyze` leaves them when it finishes
        counts = store.counts()
    return {
        "documents": documents,
        "claims": counts.get("claims", len(flat)),
        "relations": counts.get("relations", 0),
        "seconds": round(time.perf_counter() - started, 1),
    }


# -- timing in the browser ------------------------------------------------------------------------

CY_READY = """(labels) => {
    const el = document.getElementById('cy');
    const cy = el && el._cyreg && el._cyreg.cy;
    return !!cy && cy.nodes().length > 0 && cy.nodes().every(n => labels.includes(n.data('label')));
}"""
TOPICS = ["topic", "crux topic"]
CLAIMS = ["claim", "crux"]
BIGGEST = """() => {
    const cy = document.getElementById('cy')._cyreg.cy;
    const n = cy.nodes().sort((a, b) => b.renderedWidth() - a.renderedWidth())[0];
    const p = n.renderedPosition();
    return {id: n.id(), x: p.x, y: p.y};
}"""


def idle(page) -> None:
    """Until Streamlit has finished the script run (its status widget is gone)."""
    time.sleep(0.2)
    while page.locator('[data-testid="stStatusWidget"]').count():
        time.sleep(0.05)


def graph(page, kind: list[str]):
    """The drawn graph's frame once every node is of one of the `kind` labels."""
    deadline = time.time() + 300
    while time.time() < deadline:
        try:
            handle = page.locator('iframe[title*="cytoscape"]').first.element_handle(timeout=1000)
            frame = handle.content_frame() if handle else None
            if frame is not None and frame.evaluate(CY_READY, kind):
                return frame
        except Exception:  # a rerun replaced the frame while we looked
            pass
        time.sleep(0.05)
    raise RuntimeError("the graph was not drawn in time")


def click_biggest(page, kind: list[str]) -> None:
    frame = graph(page, kind)
    time.sleep(0.3)  # the layout has run; let the canvas settle before aiming
    node = frame.evaluate(BIGGEST)
    iframe = page.locator('iframe[title*="cytoscape"]').first
    iframe.scroll_into_view_if_needed()
    box = iframe.bounding_box()
    page.mouse.click(box["x"] + node["x"], box["y"] + node["y"])


def timed(action: Callable[[], None]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def targets(home: Path) -> tuple[str, str]:
    """The document with the most claims, and the top crux, of a workspace."""
    from assistant.workspace import Workspace

    with Workspace.open(home) as ws:
        claims = ws.store.claims()
        per_doc: dict[str, int] = {}
        for c in claims:
            per_doc[c.doc_id] = per_doc.get(c.doc_id, 0) + 1
        cruxes = ws.store.cruxes()
        return max(per_doc, key=lambda d: per_doc[d]), cruxes[0].claim_id if cruxes else claims[
            0
        ].id


def browser_times(home: Path, repeat: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    doc_id, crux = targets(home)
    log = Path(tempfile.mkdtemp(prefix="cruxmap-bench-")) / "server.log"
    server = StreamlitServer(home, log)
    url = server.url
    results: dict[str, list[float]] = {}

    def record(label: str, seconds: float) -> None:
        results.setdefault(label, []).append(seconds)

    try:
        server.wait_ready()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(300_000)

            def map_page() -> None:
                page.goto(f"{url}/map")
                page.get_by_text("select a row to open it").wait_for()
                graph(page, TOPICS)
                idle(page)

            record("map: first load (cold caches)", timed(map_page))
            for _ in range(repeat):
                record("map: topics drawn", timed(map_page))

                def open_topic() -> None:
                    click_biggest(page, TOPICS)
                    page.get_by_role("heading", name="Topic: ").first.wait_for()
                    graph(page, CLAIMS)
                    idle(page)

                record("map: click a topic", timed(open_topic))

                def open_claim() -> None:
                    click_biggest(page, CLAIMS)
                    page.get_by_role("button", name="Open in the inspector").wait_for()
                    idle(page)

                record("map: click a claim", timed(open_claim))

                def inspector() -> None:
                    page.goto(f"{url}/inspector")
                    page.get_by_text("Most load-bearing claims").wait_for()
                    idle(page)

                record("inspector: starting points", timed(inspector))

                def reader() -> None:
                    page.goto(f"{url}/reader?doc={doc_id}")
                    page.get_by_text("Claims by kind").wait_for()
                    idle(page)

                record("reader: a document", timed(reader))

                def debate() -> None:
                    page.goto(f"{url}/debate?crux={crux}")
                    page.get_by_text("What would change a mind").wait_for()
                    idle(page)

                record("debate: the top crux", timed(debate))
            browser.close()
    finally:
        server.stop()
    return results


def size_of(home: Path) -> str:
    from assistant.workspace import Workspace

    with Workspace.open(home) as ws:
        counts = ws.store.counts()
        docs = ws.library.counts()["documents"]
    return f"{docs} documents, {counts['claims']} claims, {counts['relations']} relations"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="an existing demo workspace")
    parser.add_argument("--large-home", type=Path, help="the large library (built if empty)")
    parser.add_argument("--docs", type=int, default=4000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.pop("CRUXMAP_LLM", None)
    if not CHROMIUM.exists():
        sys.exit("/usr/bin/chromium is missing: the timings are taken in the browser")
    demo = args.home
    if demo is None:
        demo = Path(tempfile.mkdtemp(prefix="cruxmap-ui-bench-"))
        start = time.perf_counter()
        result = build_demo(demo)
        if result.returncode != 0:
            sys.exit(f"cruxmap demo --no-ui failed:\n{result.stderr[-2000:]}")
        print(f"demo workspace built in {time.perf_counter() - start:.1f} s ({demo})")
    large = args.large_home or Path(tempfile.mkdtemp(prefix="cruxmap-ui-bench-large-"))
    if not (large / "library.sqlite").exists():
        built = build_large_library(large, demo, args.docs)
        print(f"large library built in {built['seconds']} s ({large})")
    sizes = {"demo": size_of(demo), "large": size_of(large)}
    times = {}
    for name, home in (("demo", demo), ("large", large)):
        print(f"{name}: {sizes[name]}")
        times[name] = browser_times(home, args.repeat)
        for label, values in times[name].items():
            shown = ", ".join(f"{v:.2f}" for v in values)
            print(f"  {label:32s} median {statistics.median(values):6.2f} s  [{shown}]")
    print("large / demo (median; goal: within 2x)")
    for label, values in times["demo"].items():
        ratio = statistics.median(times["large"][label]) / max(statistics.median(values), 1e-6)
        print(f"  {label:32s} {ratio:5.2f}x")


if __name__ == "__main__":
    main()
