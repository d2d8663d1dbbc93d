"""The analysis graph: plan -> extract each document -> link each document -> recompute.

Two fan-outs rather than one: every document's claims must be stored (and embedded) before
any document looks for partners, or two new documents would never see each other. Every node
reads its workspace from the runtime context (`AnalysisContext`). `graph` is the plain
compiled graph LangGraph Studio loads (langgraph.json); `run_analysis` compiles `builder`
with a SqliteSaver so an interrupted run resumes from its last checkpoint.

The per-document subgraphs keep no checkpoints of their own (`checkpointer=False`): the
parent records each finished document, and a document interrupted half-way is simply done
again (its writes are one transaction each, and an LLM's answers are in the call cache).
Checkpointing every step of every document cost 45 KB a document and 8% of a run.

The linking fan-out sends at most `TASKS_PER_FAN_OUT` tasks, each taking a run of documents
through the subgraph in turn: LangGraph's bookkeeping for one step grows with the square of
its tasks (it waits on all pending ones each time one finishes), which at one task per
document made a 4,000-document run's main thread 26x slower than a 400-document one's. A
killed task is done again whole, which is safe for the same reason a half-done document is.
Extraction still sends one task per document, in id order: it adds the claim vectors to
Chroma, whose approximate (HNSW) neighbours depend on the order vectors were added, and
batching it reordered them enough to change one candidate of the real library (935 -> 934).
Linking only reads the index, so how its documents are grouped cannot change the map.
"""

from __future__ import annotations

from collections.abc import Callable

from langgraph.graph import END, START, StateGraph
from langgraph.runtime import Runtime
from langgraph.types import Send

from assistant.analysis import nodes
from assistant.analysis.state import (
    AnalysisContext,
    AnalysisInput,
    AnalysisOutput,
    AnalysisState,
    BatchState,
    DocumentState,
    LinkState,
)
from assistant.analysis.tuning import TASKS_PER_FAN_OUT


def _document_graph():
    graph = StateGraph(DocumentState, context_schema=AnalysisContext)
    graph.add_node("segment", nodes.segment)
    graph.add_node("extract_claims", nodes.extract)
    graph.add_node("grounding_check", nodes.grounding_check)
    graph.add_node("assumption_check", nodes.assumption_check)
    graph.add_node("relate_within", nodes.relate_within)
    graph.add_node("store_claims", nodes.store_claims)
    graph.add_edge(START, "segment")
    graph.add_edge("segment", "extract_claims")
    graph.add_conditional_edges(
        "extract_claims", nodes.extracted_ok, {"ok": "grounding_check", "failed": END}
    )
    graph.add_edge("grounding_check", "assumption_check")
    graph.add_edge("assumption_check", "relate_within")
    graph.add_edge("relate_within", "store_claims")
    graph.add_edge("store_claims", END)
    return graph.compile(checkpointer=False)


def _link_graph():
    graph = StateGraph(LinkState, context_schema=AnalysisContext)
    graph.add_node("find_candidates", nodes.find_candidates)
    graph.add_node("type_relations", nodes.type_relations)
    graph.add_node("store_links", nodes.store_links)
    graph.add_edge(START, "find_candidates")
    graph.add_edge("find_candidates", "type_relations")
    graph.add_edge("type_relations", "store_links")
    graph.add_edge("store_links", END)
    return graph.compile(checkpointer=False)


def _each_document(subgraph, keys: tuple[str, ...]) -> Callable[..., dict]:
    """A node that takes each document of its batch through `subgraph` in turn and
    returns what the subgraphs returned under `keys`, joined (the parent adds them up)."""

    def run(state: BatchState, runtime: Runtime[AnalysisContext]) -> dict:
        out: dict[str, list] = {key: [] for key in keys}
        for doc_id in state.get("doc_ids", []):
            done = subgraph.invoke({"doc_id": doc_id}, context=runtime.context)
            for key in keys:
                out[key] += done.get(key) or []
        return out

    return run


def _batches(doc_ids: list[str]) -> list[list[str]]:
    """`doc_ids` in at most `TASKS_PER_FAN_OUT` consecutive runs of equal length (one
    document each while there are no more documents than that)."""
    size = -(-len(doc_ids) // TASKS_PER_FAN_OUT)
    return [doc_ids[i : i + size] for i in range(0, len(doc_ids), size)]


def _fan_out_extract(state: AnalysisState) -> list[Send] | str:
    todo = state.get("doc_ids", [])
    if not todo:
        return "link_plan"
    return [Send("analyze_document", {"doc_id": d}) for d in todo]


def _fan_out_link(state: AnalysisState) -> list[Send] | str:
    todo = nodes.to_link(state)
    if not todo:
        return "recompute"
    return [Send("link_documents", {"doc_ids": batch}) for batch in _batches(todo)]


builder = StateGraph(
    AnalysisState,
    context_schema=AnalysisContext,
    input_schema=AnalysisInput,
    output_schema=AnalysisOutput,
)
builder.add_node("plan", nodes.plan)
builder.add_node("analyze_document", _document_graph())
builder.add_node("link_plan", nodes.link_plan)
builder.add_node("link_documents", _each_document(_link_graph(), ("linked", "notes")))
builder.add_node("recompute", nodes.recompute)
builder.add_edge(START, "plan")
builder.add_conditional_edges("plan", _fan_out_extract, ["analyze_document", "link_plan"])
builder.add_edge("analyze_document", "link_plan")
builder.add_conditional_edges("link_plan", _fan_out_link, ["link_documents", "recompute"])
builder.add_edge("link_documents", "recompute")
builder.add_edge("recompute", END)

graph = builder.compile()
