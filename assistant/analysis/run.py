"""Running the analysis graph from the CLI or the UI, checkpointed so it can resume.

The thread id is fixed per workspace and analyst: if the last run on it stopped part-way, the
next call resumes it from the checkpoint; otherwise a fresh run starts, and the plan node
picks only documents that are new, changed or unfinished. The caller holds the workspace's
write lock (`workspace.library.writing()`) for the run.

An LLM run answers from the workspace's call cache where it can, meters every request, and
stops cleanly at its call limit or when the model server is unavailable: the checkpoint and
the cache keep what was done, so the next run resumes without paying for it again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from langgraph.checkpoint.sqlite import SqliteSaver

from assistant.analysis.graph import builder
from assistant.analysis.state import AnalysisContext, AnalysisInput
from assistant.analysis.tuning import MAX_CONCURRENCY
from assistant.analysts import LLMAnalyst
from assistant.llm.cache import CallCache
from assistant.llm.retry import LLMUnavailable
from assistant.llm.usage import BudgetExhausted, Meter, Usage
from assistant.models import ClaimDraft, RelationDraft
from assistant.workspace import Workspace


@contextmanager
def metered(
    workspace: Workspace,
    max_calls: int | None = None,
    on_usage: Callable[[Usage], None] | None = None,
) -> Iterator[Meter]:
    """This run's meter (and, for an LLM analyst, the workspace's call cache) put in place
    on the analyst's caller for the run, and taken away after it."""
    meter = Meter(max_calls, on_usage)
    analyst = workspace.analyst
    if not isinstance(analyst, LLMAnalyst):
        yield meter
        return
    caller = analyst.caller
    if max_calls is None:
        meter.max_calls = caller.settings.max_calls
    cache = CallCache.in_home(workspace.settings.ensure_home())
    caller.begin(cache, meter)
    try:
        yield meter
    finally:
        caller.begin(None, Meter())
        cache.close()


def run_analysis(
    workspace: Workspace,
    max_calls: int | None = None,
    on_usage: Callable[[Usage], None] | None = None,
) -> dict:
    """Analyse what is new or changed in `workspace` with its analyst; the run's counts and
    notes, the map's totals, the model usage, whether it resumed an interrupted run, and
    why it stopped early (`stopped`, None when it finished)."""
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
            "max_concurrency": _documents_at_once(workspace),
            "recursion_limit": 100,
        }
        with metered(workspace, max_calls, on_usage) as meter:
            snapshot = graph.get_state(config)
            resume = bool(snapshot.next)
            start: AnalysisInput | None = None if resume else {}
            try:
                result = graph.invoke(start, config, context=context)
                if resume:
                    fresh = graph.invoke(AnalysisInput(), config, context=context)
                    result = {
                        **fresh,
                        "notes": list(result.get("notes", [])) + list(fresh.get("notes", [])),
                    }
            except (BudgetExhausted, LLMUnavailable) as exc:
                return _stopped(workspace, graph, config, resume, meter, exc)
            notes = list(result.get("notes", []))
            if isinstance(workspace.analyst, LLMAnalyst):
                notes += workspace.analyst.caller.notes
            saver.delete_thread(thread)
            return {
                **result,
                "notes": notes,
                "resumed": resume,
                "stopped": None,
                "usage": _usage(workspace, meter),
            }
    finally:
        connection.close()


def _documents_at_once(workspace: Workspace) -> int:
    """The offline analyst is bound by the CPU (few cores); an LLM one waits on the network,
    so as many documents run at once as requests may be in flight."""
    analyst = workspace.analyst
    if isinstance(analyst, LLMAnalyst):
        return max(MAX_CONCURRENCY, analyst.settings.concurrency)
    return MAX_CONCURRENCY


def _stopped(
    workspace: Workspace, graph, config, resume: bool, meter: Meter, exc: Exception
) -> dict:
    """What a run that stopped early did, from its checkpoint, with the map's totals; the
    checkpoint is kept, so the next run resumes it."""
    done = graph.get_state(config).values or {}
    return {
        **done,
        **workspace.store.counts(),
        "analysed": len(set(done.get("linked", []))),
        "notes": list(done.get("notes", [])),
        "resumed": resume,
        "stopped": {
            "reason": "budget" if isinstance(exc, BudgetExhausted) else "unavailable",
            "message": str(exc),
        },
        "usage": _usage(workspace, meter),
    }


def _usage(workspace: Workspace, meter: Meter) -> Usage | None:
    """The run's model usage; None for the offline analyst, which calls no model."""
    return meter.usage() if isinstance(workspace.analyst, LLMAnalyst) else None
