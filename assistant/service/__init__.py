"""The one API of the UI (and the CLI's read side): everything a page shows comes from here.

The service returns pydantic view models (`views`) read from one open `Workspace`, and starts
the library jobs a page offers (`library`) and the questions it asks (`questions`); a page
calls it and renders what comes back. So ui/ imports no ingest module except for types, and
nothing of the graphs, the stores or the analysts behind this layer.
"""

from assistant.export import CANDIDATE_LABEL, FORMATS
from assistant.service.library import (
    UPLOAD_DIR,
    EventTable,
    Job,
    add_feed_job,
    arxiv_job,
    check_feed_url,
    feeds,
    ingest_files_job,
    remove_documents_job,
    remove_feed_job,
    run_job,
    safe_filename,
    save_uploads,
    sync_job,
)
from assistant.service.map import NO_CRUXES, MapService, rank_nodes, select_view
from assistant.service.questions import ask, clear_questions, exchange_lines, recent_questions
from assistant.service.views import (
    CANDIDATE_TYPE,
    DEFAULT_MAX_NODES,
    HARD_MAX_NODES,
    CitationView,
    ClaimView,
    ContextView,
    DocumentText,
    DocumentView,
    EvidenceView,
    JobResult,
    MapData,
    MapFilters,
    MapView,
    OppositionView,
    RelationView,
    SteelmanResult,
)

__all__ = [
    "CANDIDATE_LABEL",
    "CANDIDATE_TYPE",
    "DEFAULT_MAX_NODES",
    "FORMATS",
    "HARD_MAX_NODES",
    "NO_CRUXES",
    "UPLOAD_DIR",
    "EventTable",
    "Job",
    "CitationView",
    "ClaimView",
    "ContextView",
    "DocumentText",
    "DocumentView",
    "EvidenceView",
    "JobResult",
    "MapData",
    "MapFilters",
    "MapService",
    "MapView",
    "OppositionView",
    "RelationView",
    "SteelmanResult",
    "add_feed_job",
    "arxiv_job",
    "ask",
    "check_feed_url",
    "clear_questions",
    "exchange_lines",
    "feeds",
    "ingest_files_job",
    "rank_nodes",
    "recent_questions",
    "remove_documents_job",
    "remove_feed_job",
    "run_job",
    "safe_filename",
    "save_uploads",
    "select_view",
    "sync_job",
]
