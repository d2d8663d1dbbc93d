"""The one API of the UI (and the CLI's read side): everything a page shows comes from here.

The service returns pydantic view models (`views`) read from one open `Workspace`, and starts
the library jobs a page offers (`library`) and the questions it asks (`questions`); a page
calls it and renders what comes back. So ui/ imports no ingest module except for types, and
nothing of the graphs, the stores or the analysts behind this layer.
"""

from assistant.export import CANDIDATE_LABEL, FORMATS
from assistant.service.map import NO_CRUXES, MapService, rank_nodes, select_view
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
    "rank_nodes",
    "select_view",
]
