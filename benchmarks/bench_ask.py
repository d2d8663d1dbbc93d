"""Ask quality and speed on the demo corpus's question set, beside a dense-only baseline.

Reports, in one run:
- retrieval recall@5 and MRR over the gold documents of each answerable question, for the
  ask pipeline's evidence and for a plain dense Chroma query over the same chunks;
- abstention: the share of unanswerable questions it abstains on (target 100%) and of
  answerable ones (target 0%), and of BRUSHING questions (below: the demo corpus uses their
  words, but never discusses their subject; target 100%);
- framing: answers that speak of opposing positions, attacks or an evidence balance
  without an asserted attack between different people behind them (target 0), and answers
  without a single quote in their body (target 0);
- citation integrity: every quote equals its document's text at its offsets;
- latency: p50/p95 of a full `ask` with the model loaded, at about 1k and 10k chunks
  (the library padded with generated argumentative posts);
- search: document recall@5 and MRR of `cruxmap search` (hybrid) beside today's hybrid search
  (benchmarks/retrieval_eval.BASELINE_REV) and dense alone, on the demo questions and on the
  real-text set benchmarks/real_gold/retrieval_*.json (its corpus built from ../shared; with
  `--real-pipeline` it is analysed too, and the ask pipeline's evidence is scored on it).

- real abstention (with `--real-pipeline`, or alone on a built workspace with
  `--abstention-home H`): per question set, how often ask abstains on answerable, brushing
  and off-topic real questions, framing without an asserted attack, and how many disputed
  questions show an established disagreement.

Usage: python benchmarks/bench_ask.py [--skip-latency] [--skip-real] [--real-pipeline]
       python benchmarks/bench_ask.py --abstention-home H
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.analysis.run import run_analysis  # noqa: E402
from assistant.ask.question import plan_question  # noqa: E402
from assistant.ask.run import ask  # noqa: E402
from assistant.workspace import Workspace, demo_corpus, demo_sources  # noqa: E402
from benchmarks.bench_analyze import write_corpus  # noqa: E402
from benchmarks.gold import doc_for_key  # noqa: E402
from benchmarks.retrieval_eval import (  # noqa: E402
    GOLD_DIR,
    build_real_library,
    demo_questions,
    evaluate,
    real_question_files,
    real_questions,
    search_comparison,
)
from ingest.config import Settings  # noqa: E402
from ingest.library import Library  # noqa: E402
from ingest.pipeline import ingest_sources  # noqa: E402

#: Questions the demo corpus only brushes against: their field words occur in it, their subject
#: (electricity, salaries, octopuses, ...) never does. Written for this benchmark.
BRUSHING = (
    "How much electricity does behavioural training of language models consume?",
    "Can interpretability tools read the minds of octopuses?",
    "Do red teams in cybersecurity competitions use metacognition?",
    "What salary should an alignment researcher negotiate?",
    "Will AI control research help negotiate nuclear weapons treaties?",
    "Which programming language should a safety researcher learn first?",
    "Does deceptive alignment explain why octopuses change colour?",
    "How many parameters does a model need before it can translate Swahili poetry?",
)
FRAMING = ("opposing positions", "directly attacks", "Evidence balance")


def ranked_docs(doc_ids: list[str]) -> list[str]:
    seen: list[str] = []
    for doc in doc_ids:
        if doc not in seen:
            seen.append(doc)
    return seen


def recall_mrr(ranking: list[str], gold: set[str], k: int = 5) -> tuple[float, float]:
    recall = len(set(ranking[:k]) & gold) / len(gold) if gold else 0.0
    rr = next((1.0 / (i + 1) for i, d in enumerate(ranking) if d in gold), 0.0)
    return recall, rr


def quality(workspace: Workspace, questions: list[dict]) -> dict:
    library, retriever = workspace.library, workspace.retriever
    documents = library.documents()
    pipeline, dense = [], []
    abstained_answerable = abstained_unanswerable = answerable = unanswerable = 0
    bad_quotes = citations = invented = quoteless = 0
    misses = []
    for item in questions:
        answer = ask(workspace, item["question"])
        if not answer.abstained:
            invented += any(f in answer.answer for f in FRAMING) and not answer.disputed
            quoteless += "“" not in answer.answer
        for c in answer.citations:
            citations += 1
            doc = library.document(c.doc_id)
            bad_quotes += doc.text[c.start : c.end] != c.quote
        if not item["answerable"]:
            unanswerable += 1
            abstained_unanswerable += answer.abstained
            if not answer.abstained:
                misses.append(f"answered off-topic: {item['question']}")
            continue
        answerable += 1
        abstained_answerable += answer.abstained
        if answer.abstained:
            misses.append(f"abstained on answerable: {item['question']}")
        gold = {d.id for d in (doc_for_key(k, documents) for k in item["docs"]) if d}
        plan = plan_question(item["question"])
        evidence = retriever.retrieve(plan.subquestions, limit=12).evidence
        pipeline.append(recall_mrr(ranked_docs([e.claim.doc_id for e in evidence]), gold))
        hits = retriever.chunks.dense_only(item["question"], k=20)
        dense.append(recall_mrr(ranked_docs([h.doc_id for h in hits]), gold))

    brushed = 0
    for question in BRUSHING:
        answer = ask(workspace, question)
        brushed += answer.abstained
        if not answer.abstained:
            misses.append(f"answered a question it only brushes against: {question}")

    def mean(pairs: list[tuple[float, float]], i: int) -> float:
        return round(statistics.mean(p[i] for p in pairs), 3) if pairs else 0.0

    return {
        "pipeline": {"recall@5": mean(pipeline, 0), "mrr": mean(pipeline, 1)},
        "dense_only": {"recall@5": mean(dense, 0), "mrr": mean(dense, 1)},
        "abstain_on_unanswerable": f"{abstained_unanswerable}/{unanswerable}",
        "abstain_on_answerable": f"{abstained_answerable}/{answerable}",
        "abstain_on_brushing": f"{brushed}/{len(BRUSHING)}",
        "disagreement_framing_without_asserted_attack": invented,
        "answers_without_a_quote": quoteless,
        "citations": citations,
        "quotes_not_verbatim": bad_quotes,
        "misses": misses,
    }


def latency(workspace: Workspace, questions: list[dict], target_chunks: int, work: Path) -> dict:
    """Pad the library to `target_chunks`, analyse it, then time asks on a freshly opened
    workspace (its retriever indexes the padded library once, on the warm-up question)."""
    library = workspace.library
    per_doc = 3.0  # a first guess; measured after the first batch
    batch = 0
    while (have := library.counts()["chunks"]) < target_chunks * 0.97:
        docs = max(1, round((target_chunks - have) / per_doc))
        folder = work / f"pad-{target_chunks}-{batch}"
        write_corpus(folder, docs, seed=target_chunks + batch)
        ingest_sources(library, [str(folder)])
        per_doc = max(0.5, (library.counts()["chunks"] - have) / docs)
        batch += 1
    run_analysis(workspace)
    timings = []
    with Workspace(Library(workspace.settings)) as fresh:
        ask(fresh, questions[0]["question"])
        for item in questions:
            started = time.perf_counter()
            ask(fresh, item["question"])
            timings.append(time.perf_counter() - started)
    timings.sort()
    return {
        "chunks": library.counts()["chunks"],
        "claims": workspace.store.counts()["claims"],
        "p50_s": round(statistics.median(timings), 3),
        "p95_s": round(timings[int(0.95 * (len(timings) - 1))], 3),
    }


def real_set(work: Path, pipeline: bool) -> dict | str:
    """The real-text questions on their own library: search, and the ask pipeline if asked."""
    library = build_real_library(work / "real", work / "real-corpus")
    if library is None:
        return "left out: no ../shared beside the checkout"
    with Workspace(library) as workspace:
        questions = real_questions(library)
        result = search_comparison(library, questions)
        # Each round apart: a later round was written after the search was tuned on the
        # earlier ones, so it alone is a held-out figure.
        for path in real_question_files():
            result[path.stem] = search_comparison(library, real_questions(library, [path]))
        if pipeline:
            run_analysis(workspace)

            def evidence(question: str) -> list[str]:
                plan = plan_question(question)
                found = workspace.retriever.retrieve(plan.subquestions, limit=12).evidence
                return ranked_docs([e.claim.doc_id for e in found])

            result["ask pipeline"] = evaluate(questions, evidence)
            result["abstention"] = real_abstention(workspace)
    return result


def real_abstention(workspace: Workspace) -> dict:
    """Abstention on real text: every retrieval-round question is answerable; the
    abstain_round*.json sets add answerable (some disputed), brushing and off-topic questions
    written blind. Retrieval round 1 and the odd-numbered unanswerable ones of abstain round 1
    calibrated `assistant.ask.nodes.MIN_SUPPORT`; the rest is held out."""
    out: dict = {}
    rounds = [
        (p.stem, json.loads(p.read_text(encoding="utf-8"))["questions"])
        for p in real_question_files()
    ]
    for path in sorted(GOLD_DIR.glob("abstain_*.json")):
        rounds.append((path.stem, json.loads(path.read_text(encoding="utf-8"))["questions"]))
    for name, items in rounds:
        tally: dict[str, list[int]] = {}
        framed = disputed_shown = disputed = 0
        for item in items:
            kind = item.get("kind", "answerable")
            answer = ask(workspace, item["question"])
            counts = tally.setdefault(kind, [0, 0])
            counts[0] += answer.abstained
            counts[1] += 1
            if not answer.abstained:
                framed += any(f in answer.answer for f in FRAMING) and not answer.disputed
            if item.get("disputed"):
                disputed += 1
                disputed_shown += bool(answer.disputed)
        out[name] = {kind: f"abstained {a}/{n}" for kind, (a, n) in tally.items()}
        out[name]["framing without an asserted attack"] = framed
        if disputed:
            out[name]["disputed questions showing an established disagreement"] = (
                f"{disputed_shown}/{disputed}"
            )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-latency", action="store_true")
    parser.add_argument("--skip-real", action="store_true")
    parser.add_argument("--real-pipeline", action="store_true")
    parser.add_argument(
        "--abstention-home",
        type=Path,
        help="only the real-text abstention, on an analysed workspace of the real corpus",
    )
    args = parser.parse_args()
    if args.abstention_home:
        with Workspace(Library(Settings(home=args.abstention_home))) as workspace:
            print(f"abstention, real text: {json.dumps(real_abstention(workspace), indent=1)}")
        return
    questions = json.loads((demo_corpus() / "questions.json").read_text(encoding="utf-8"))[
        "questions"
    ]
    with (
        tempfile.TemporaryDirectory() as tmp,
        Workspace(Library(Settings(home=Path(tmp) / "ws"))) as workspace,
    ):
        ingest_sources(workspace.library, demo_sources())
        run_analysis(workspace)
        print(f"quality: {json.dumps(quality(workspace, questions), indent=1)}")
        demo = search_comparison(workspace.library, demo_questions(workspace.library))
        print(f"search, demo questions: {json.dumps(demo)}", flush=True)
        if not args.skip_real:
            print(f"search, real-text set: {json.dumps(real_set(Path(tmp), args.real_pipeline))}")
        if not args.skip_latency:
            for target in (1000, 10000):
                print(f"latency: {latency(workspace, questions, target, Path(tmp))}", flush=True)


if __name__ == "__main__":
    main()
