"""Argument-map quality on the demo corpus's gold annotations, beside a trivial baseline.

Reports claim precision/recall/F1, relation detection and type accuracy (support/attack in
particular), and crux recall for the offline analyst, and the same numbers for the baseline
"every sentence is a claim; every nearest neighbour supports". The demo corpus was written
with its gold, so these numbers are an upper-bound sanity check, not a held-out score.

Usage: python benchmarks/bench_quality.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.analysis.run import run_analysis  # noqa: E402
from assistant.offline.segment import split_sentences  # noqa: E402
from assistant.workspace import Workspace, demo_sources  # noqa: E402
from benchmarks.gold import gold_spans, load_gold, match, prf  # noqa: E402
from ingest.config import Settings  # noqa: E402
from ingest.library import Library  # noqa: E402
from ingest.pipeline import ingest_sources  # noqa: E402


def relation_scores(
    gold: dict, matched: dict[str, str], predicted: dict[tuple[str, str], str]
) -> dict:
    found = correct = 0
    support_attack = sa_correct = 0
    for rel in gold["relations"]:
        a, b = matched.get(rel["source"]), matched.get(rel["target"])
        if not a or not b:
            continue
        kind = predicted.get((a, b)) or predicted.get((b, a))
        if kind is None:
            continue
        found += 1
        correct += kind == rel["type"]
        if rel["type"] in ("supports", "attacks"):
            support_attack += 1
            sa_correct += kind == rel["type"]
    return {
        "gold_relations": len(gold["relations"]),
        "detected": found,
        "type_accuracy": round(correct / found, 3) if found else 0.0,
        "support_attack_accuracy": round(sa_correct / support_attack, 3) if support_attack else 0.0,
    }


def crux_recall(gold: dict, matched: dict[str, str], cruxes) -> dict:
    strict = loose = 0
    top = cruxes[:10]
    centres = {c.claim_id for c in top}
    involved = centres | {cid for c in top for cid in c.for_ + c.against}
    for crux in gold["cruxes"]:
        pid = matched.get(crux["claim"])
        strict += pid in centres
        loose += pid in involved
    n = len(gold["cruxes"]) or 1
    return {"strict": round(strict / n, 3), "loose": round(loose / n, 3)}


def cross_document(gold: dict, matched: dict[str, str], claims, asserted) -> dict:
    """Asserted links between different documents, judged against the gold's links: the
    precision that matters most (a wrong cross-document attack invents a disagreement)."""
    doc_of = {c.id: c.doc_id for c in claims}
    gold_type = {}
    for rel in gold["relations"]:
        a, b = matched.get(rel["source"]), matched.get(rel["target"])
        if a and b:
            gold_type[frozenset((a, b))] = rel["type"]
    out = {}
    for kind in ("attacks", "supports"):
        mine = [
            r for r in asserted if r.type == kind and doc_of.get(r.source) != doc_of.get(r.target)
        ]
        right = sum(gold_type.get(frozenset((r.source, r.target))) == kind for r in mine)
        out[kind] = {"asserted": len(mine), "in_gold_as_such": right}
    return out


def main() -> None:
    gold = load_gold()
    with (
        tempfile.TemporaryDirectory() as tmp,
        Workspace(Library(Settings(home=Path(tmp) / "ws"))) as workspace,
    ):
        library, store = workspace.library, workspace.store
        ingest_sources(library, demo_sources())
        run_analysis(workspace)
        documents = library.documents()
        spans = gold_spans(gold, documents)
        claims = store.claims()
        predicted = {c.id: (c.doc_id, c.start, c.end) for c in claims}
        matched = match(spans, predicted)
        # Only asserted relations are the map's claims about the literature; candidates
        # ("possibly related, unverified") are shown apart and never counted.
        asserted = [r for r in store.relations() if r.asserted]
        relations = {(r.source, r.target): r.type for r in asserted}
        offline = {
            "claims": {
                **prf(len(matched), len(predicted), len(spans)),
                "predicted": len(predicted),
                "gold": len(spans),
            },
            "relations": relation_scores(gold, matched, relations),
            "crux_recall": crux_recall(gold, matched, store.cruxes()),
            "cross_document": cross_document(gold, matched, claims, asserted),
            "candidates": sum(1 for r in store.relations() if not r.asserted),
        }
        gold_docs = {spans[r][0] for r in spans}
        sentences = {
            f"s{doc.id}:{s}": (doc.id, s, e)
            for doc in documents
            if doc.id in gold_docs
            for s, e in split_sentences(doc.text)
        }
        base_matched = match(spans, sentences)
        baseline_rel = {
            (a, b): "supports"
            for a in base_matched.values()
            for b in base_matched.values()
            if a != b
        }
        baseline = {
            "claims": {
                **prf(len(base_matched), len(sentences), len(spans)),
                "predicted": len(sentences),
            },
            "relations": relation_scores(gold, base_matched, baseline_rel),
            "crux_recall": {"strict": 0.0, "loose": 0.0},
        }
        sentence_total = sum(len(split_sentences(d.text)) for d in documents)
        print(
            f"documents: {len(documents)}, sentences: {sentence_total}, claims: {len(claims)} "
            f"({100 * len(claims) / max(sentence_total, 1):.0f}% of sentences)"
        )
        print(f"offline analyst: {offline}")
        print(f"trivial baseline: {baseline}")


if __name__ == "__main__":
    main()
