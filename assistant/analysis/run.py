"""Running the analysis graph from the CLI or the UI, checkpointed so it can resume.

The thread id is fixed per workspace and analyst: if the last run on it stopped part-way, the
next call resumes it from the checkpoint; otherwise a fresh run starts, and the plan node
picks only documents that are new, changed or unfinished. The caller holds the workspace's
write lock (`workspace.library.writing()`) for the run.
"""

from __future__ import annotations

import sqlite3

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from langgraph.checkpoint.sqlite import SqliteSaver

from assistant.analysis.graph import builder
from assistant.analysis.state import AnalysisContext, AnalysisInput
from assistant.analysis.tuning import MAX_CONCURRENCY
from assistant.models import ClaimDraft, RelationDraft
from assistant.workspace import Workspace


def run_analysis(workspace: Workspace) -> dict:
    """Analyse what is new or changed in `workspace` with its analyst; the run's counts and
    notes, the map's totals, and whether it resumed an interrupted run."""
    context = AnalysisContext(workspace=workspace)
    thread = f"analyze:{workspace.llm or 'offline'}"
    connection = sqlite3.connect(workspace.settings.checkpoint_path, check_same_thread=False)
    try:
        # Only our own record types may be revived from a checkpoint, nothing else.
        serde = JsonPlusSerializer(allowed_msgpack_modules=[ClaimDraft, RelationDraft])
        saver = SqliteSaver(connection, serde=serde)
        graph = builder.compile(checkpointer=saver)
        config: RunnableConfig = {
            "configurable": {"thread_id": thread},
            "max_concurrency": MAX_CONCURRENCY,
            "recursion_limit": 100,
        }
        snapshot = graph.get_state(config)
        resume = bool(snapshot.next)
        start: AnalysisInput | None = None if resume else {}
        result = graph.invoke(start, config, context=context)
        if resume:
            fresh = graph.invoke(AnalysisInput(), config, context=context)
            result = {
                **fresh,
                "notes": list(result.get("notes", [])) + list(fresh.get("notes", [])),
            }
        saver.delete_thread(thread)
        return {**result, "resumed": resume}
    finally:
        connection.close()
