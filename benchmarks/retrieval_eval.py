"""Question -> document retrieval sets and their scores, shared by the embedding, ask and
startup benchmarks.

Two sets: the demo corpus's answerable questions (corpora/demo/questions.json, gold by file
name or guid) and the real-text set benchmarks/real_gold/retrieval_*.json (questions written
for this project about the corpus benchmarks/real_corpus.py builds from ../shared; gold by
file name). Scores are document-level: recall@5 (share of a question's gold documents in the
first five distinct documents) and MRR (of the first gold document), averaged over questions.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable
from pathlib import Path

from assistant.workspace import demo_corpus, demo_sources
from benchmarks.gold import doc_for_key
from ingest.library import Library
from ingest.models import SearchHit
from ingest.pipeline import ingest_sources
from ingest.search import ChunkSearch

GOLD_DIR = Path(__file__).resolve().parent / "real_gold"
Question = dict  # {"question": str, "gold": set[str] of document ids}


def with_gold(items: list[dict], library: Library) -> list[Question]:
    """Questions whose gold documents are all in the library, gold as document ids."""
    documents = library.documents()
    out = []
    for item in items:
        found = [doc_for_key(key, documents) for key in item["docs"]]
        if found and all(found):
            out.append({"question": item["question"], "gold": {d.id for d in found if d}})
    return out


def demo_questions(library: Library) -> list[Question]:
    data = json.loads((demo_corpus() / "questions.json").read_text(encoding="utf-8"))
    return with_gold([q for q in data["questions"] if q["answerable"]], library)


def real_question_files() -> list[Path]:
    """One file per round of real-text questions, each written blind to the tool of its day."""
    return sorted(GOLD_DIR.glob("retrieval_*.json"))


def real_questions(library: Library, files: list[Path] | None = None) -> list[Question]:
    items: list[dict] = []
    for path in real_question_files() if files is None else files:
        items += json.loads(path.read_text(encoding="utf-8"))["questions"]
    return with_gold(items, library)


def build_demo_library(home: Path) -> Library:
    library = Library(_settings(home))
    ingest_sources(library, demo_sources())
    return library


def build_real_library(home: Path, corpus: Path) -> Library | None:
    """The real-text corpus in a fresh library, or None when ../shared is absent."""
    from benchmarks import real_corpus

    try:
        real_corpus.shared_dir()
    except SystemExit:
        return None
    real_corpus.build_corpus(corpus)
    library = Library(_settings(home))
    ingest_sources(library, real_corpus.corpus_inputs(corpus))
    return library


def _settings(home: Path):
    from ingest.config import Settings

    return Settings(home=home)


def documents_of(hits: list[SearchHit]) -> list[str]:
    """Distinct documents in rank order."""
    seen: list[str] = []
    for hit in hits:
        if hit.doc_id not in seen:
            seen.append(hit.doc_id)
    return seen


def score(rankings: list[list[str]], questions: list[Question], k: int = 5) -> dict:
    recalls, ranks = [], []
    for ranking, item in zip(rankings, questions):
        gold = item["gold"]
        recalls.append(len(set(ranking[:k]) & gold) / len(gold))
        ranks.append(next((1.0 / (i + 1) for i, d in enumerate(ranking) if d in gold), 0.0))
    if not recalls:
        return {"recall@5": 0.0, "mrr": 0.0, "n": 0}
    return {
        "recall@5": round(statistics.mean(recalls), 3),
        "mrr": round(statistics.mean(ranks), 3),
        "n": len(recalls),
    }


def evaluate(questions: list[Question], rank: Callable[[str], list[str]]) -> dict:
    return score([rank(item["question"]) for item in questions], questions)


def hybrid_and_dense(library: Library, questions: list[Question]) -> dict:
    """`cruxmap search`'s hybrid ranking and the plain dense baseline, by document."""
    search = ChunkSearch(library)
    return {
        "hybrid": evaluate(questions, lambda q: documents_of(search.search(q, k=50))),
        "dense": evaluate(questions, lambda q: documents_of(search.dense_only(q, k=50))),
    }


#: The commit whose ingest/search.py is "today's hybrid search" in the comparisons.
BASELINE_REV = "fbe575c"


def baseline_search(rev: str = BASELINE_REV):
    """`ChunkSearch` as it was at `rev`, loaded from git, so one run can put today's search
    beside the current one on the same library (its own BM25 cache file, so the two never
    read each other's)."""
    import subprocess
    import sys
    import types

    root = Path(__file__).resolve().parent.parent
    source = subprocess.run(
        ["git", "show", f"{rev}:ingest/search.py"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    source = source.replace('"bm25-chunks.pickle"', '"bm25-chunks-baseline.pickle"')
    module = types.ModuleType("baseline_search")
    sys.modules[module.__name__] = module  # pickle finds the cached index's class by name
    exec(compile(source, f"{rev}:ingest/search.py", "exec"), module.__dict__)
    return module.ChunkSearch


def search_comparison(library: Library, questions: list[Question]) -> dict:
    """Today's hybrid search (BASELINE_REV), the current one, and dense alone, by document."""
    before, now = baseline_search()(library), ChunkSearch(library)
    return {
        "dense": evaluate(questions, lambda q: documents_of(now.dense_only(q, k=50))),
        f"hybrid@{BASELINE_REV}": evaluate(
            questions, lambda q: documents_of(before.search(q, k=50))
        ),
        "hybrid": evaluate(questions, lambda q: documents_of(now.search(q, k=50))),
    }
