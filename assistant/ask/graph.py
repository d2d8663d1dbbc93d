"""The ask graph: each step's output is the next one's only input, with one branch.

understand -> retrieve -> gather_evidence, then `addressed` routes: the library does not
address the question -> abstain (say so, with the nearest material); it does -> walk_map ->
balance_check -> compose -> verify. Every node reads its workspace from the runtime context
(`AskContext`); `graph` is also what LangGraph Studio loads (langgraph.json).
"""

from __future__ import annotations

from langgraph.graph import END, START, StateGraph

from assistant.ask import nodes
from assistant.ask.state import AskContext, AskInput, AskOutput, AskState

#: The steps before the branch, and the steps of an answer after it.
UNDERSTANDING = ["understand", "retrieve", "gather_evidence"]
ANSWERING = ["walk_map", "balance_check", "compose", "verify"]

builder = StateGraph(
    AskState, context_schema=AskContext, input_schema=AskInput, output_schema=AskOutput
)
for step in [*UNDERSTANDING, "abstain", *ANSWERING]:
    builder.add_node(step, getattr(nodes, step))
builder.add_edge(START, UNDERSTANDING[0])
for path in (UNDERSTANDING, ANSWERING):
    for before, after in zip(path, path[1:]):
        builder.add_edge(before, after)
builder.add_conditional_edges(
    UNDERSTANDING[-1], nodes.addressed, {"abstain": "abstain", "answer": ANSWERING[0]}
)
builder.add_edge("abstain", END)
builder.add_edge(ANSWERING[-1], END)

graph = builder.compile()
