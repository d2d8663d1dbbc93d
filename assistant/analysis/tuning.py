"""The analysis graph's tuning knobs: how many partners each claim is compared with, how many
links and candidates it keeps, how many documents run at once.

They bound the work per claim (so linking stays linear in the library) and the density of
the map (so it stays an argument map, not a similarity map). Whichever analyst types the
pairs, offline or LLM, the same bounds apply, which is why they live with the graph.
"""

from __future__ import annotations

#: Nearest claims from the whole map each claim is compared with (the runtime context's
#: default `neighbours`).
NEIGHBOURS = 8
#: Documents in dialogue with a document (replies, cited works, named authors) that each of
#: its claims is also compared with, and the nearest claims taken from each.
ENGAGED_DOCUMENTS = 8
REPLY_NEIGHBOURS = 3
#: Cross-document links kept per claim (the most confident first): a claim answers a few
#: others, and a map where every claim touches every similar one is a similarity map.
LINKS_PER_CLAIM = 2
#: Below this similarity an unlinked pair is not worth showing even as a candidate.
RELATED_FLOOR = 0.6
#: Unverified candidates kept per claim (shown dashed, hidden by default, never counted).
CANDIDATES_PER_CLAIM = 2
#: Documents analysed at once (threads sharing one workspace; the machine has few cores).
MAX_CONCURRENCY = 2
#: Tasks the linking fan-out sends at most (see `assistant.analysis.graph`); beyond it, each
#: task takes a run of documents. LangGraph waits on every pending task each time one
#: finishes and rescans the step's writes for each finished task, so a step of one task per
#: document cost time quadratic in the run (py-spy: the main thread grew 26x for 10x
#: documents). Above the LLM analyst's request concurrency, so as many documents stay in
#: flight as before.
TASKS_PER_FAN_OUT = 64
