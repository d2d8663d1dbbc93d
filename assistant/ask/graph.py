"""The ask graph, a straight line: each step's output is the next one's only input."""

from __future__ import annotations

from langgraph.graph import END, START, StateGraph

from assistant.ask import nodes
from assistant.ask.state import AskContext, AskInput, AskOutput, AskState

STEPS = [
    "understand",
    "retrieve",
    "gather_evidence",
    "walk_map",
    "balance_check",
    "compose",
    "verify",
]

builder = StateGraph(
    AskState, context_schema=AskContext, input_schema=AskInput, output_schema=AskOutput
)
for step in STEPS:
    builder.add_node(step, getattr(nodes, step))
builder.add_edge(START, STEPS[0])
for before, after in zip(STEPS, STEPS[1:]):
    builder.add_edge(before, after)
builder.add_edge(STEPS[-1], END)

graph = builder.compile()
