"""Loading the demo corpus's gold annotations and matching them to what the program found.

Gold claims are verbatim quotes; they are located in the stored document text, and a
predicted claim matches a gold one when their spans overlap by at least half of the smaller.
"""

from __future__ import annotations

import json
from pathlib import Path

from assistant.grounding import locate
from ingest.models import Document

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "corpora" / "demo" / "gold.json"


def load_gold(path: Path = GOLD) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def doc_for_key(key: str, documents: list[Document]) -> Document | None:
    """Gold keys are a file name, or a feed item's guid."""
    for doc in documents:
        if doc.identity == key or doc.identity.endswith(key) or doc.url == key:
            return doc
    named = [d for d in documents if Path(d.source).name == key or d.source.endswith("/" + key)]
    return named[0] if len(named) == 1 else None


def gold_spans(gold: dict, documents: list[Document]) -> dict[str, tuple[str, int, int]]:
    """`doc_key#index` -> (doc id, start, end) for every gold claim found in the library."""
    spans = {}
    for key, entry in gold["documents"].items():
        doc = doc_for_key(key, documents)
        if doc is None:
            continue
        for index, claim in enumerate(entry["claims"]):
            span = locate(doc.text, claim["quote"])
            if span:
                spans[f"{key}#{index}"] = (doc.id, span[0], span[1])
    return spans


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared > 0 and shared >= 0.5 * min(a[1] - a[0], b[1] - b[0])


def match(
    gold: dict[str, tuple[str, int, int]], predicted: dict[str, tuple[str, int, int]]
) -> dict[str, str]:
    """gold ref -> predicted id, best overlap first, one-to-one."""
    pairs = []
    for ref, (doc, gs, ge) in gold.items():
        for pid, (pdoc, ps, pe) in predicted.items():
            if pdoc == doc and overlaps((gs, ge), (ps, pe)):
                pairs.append((min(ge, pe) - max(gs, ps), ref, pid))
    pairs.sort(reverse=True)
    used_gold, used_pred, result = set(), set(), {}
    for _, ref, pid in pairs:
        if ref not in used_gold and pid not in used_pred:
            result[ref] = pid
            used_gold.add(ref)
            used_pred.add(pid)
    return result


def prf(true_positive: int, predicted: int, actual: int) -> dict[str, float]:
    precision = true_positive / predicted if predicted else 0.0
    recall = true_positive / actual if actual else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}
