"""Per-process resources and per-session navigation state shared by the pages.

The workspace (SQLite connection, lazily the embedder, Chroma, the ask retriever's indexes)
is opened once per server process and home directory, because loading the embedding model
and indexing the library cost seconds; every page hands it to `assistant.service` and renders
what comes back. The map is read once per map version: `MapService.version()` changes
whenever a document or the analysis changes, so a cached graph is never stale and never
rebuilt needlessly.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from assistant.service import MapData, MapService, TopicMap, claim_loads, stored_topic_map
from assistant.workspace import Workspace, load_settings

CLAIM_KEY = "inspect_claim"
INSPECTOR_PAGE = "views/inspector.py"
READER_PAGE = "views/reader.py"
DEBATE_PAGE = "views/debate.py"
MAP_PAGE = "views/map.py"


# Widgets whose values a reader expects to find again after visiting another page. Streamlit
# forgets a widget's state when a run does not draw it; writing it back each run keeps it.
KEPT_WIDGETS = (
    "map_authors",
    "map_docs",
    "map_types",
    "map_candidates",
    "map_dates_on",
    "map_dates",
    "map_topic",
    "map_max",
    "map_search",
    "map_radius",
)


def keep_widget_state() -> None:
    """Carry the Map's filters across page switches (call once per run, before any page)."""
    for key in KEPT_WIDGETS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def workspace_home() -> Path:
    """The workspace from $CRUXMAP_HOME (set by `cruxmap ui`), else the per-user default."""
    return load_settings().home


@st.cache_resource(show_spinner=False)
def _workspace(home: str) -> Workspace:
    """One workspace per home for the server's life, answering with $CRUXMAP_LLM if set."""
    return Workspace.from_environment(Path(home))


def workspace() -> Workspace:
    return _workspace(str(workspace_home()))


def map_service() -> MapService:
    return MapService(workspace())


@st.cache_resource(show_spinner="Reading the argument map…", max_entries=4)
def _map_data(home: str, version: tuple[int, int]) -> MapData:
    return MapService(_workspace(home)).map_data()


def map_data() -> MapData:
    """The whole map, cached per map version (treat it as read-only)."""
    return _map_data(str(workspace_home()), map_service().version())


@st.cache_resource(show_spinner="Grouping the claims into topics…", max_entries=4)
def _topics(home: str, version: tuple[int, int]) -> TopicMap:
    return stored_topic_map(_workspace(home), _map_data(home, version))


def topics() -> TopicMap:
    """The map's topics, cached per map version like the map itself."""
    return _topics(str(workspace_home()), map_service().version())


@st.cache_resource(show_spinner=False, max_entries=4)
def _loads(home: str, version: tuple[int, int]) -> dict[str, int]:
    return claim_loads(_map_data(home, version).graph)


def loads() -> dict[str, int]:
    """For each claim, how many claims rest on it or hold it up (cached per map version)."""
    return _loads(str(workspace_home()), map_service().version())


def open_document(doc_id: str, claim_id: str | None = None) -> None:
    """Show a document in the reader (with `claim_id` marked, if given)."""
    params = {"doc": doc_id, **({"at": claim_id} if claim_id else {})}
    st.switch_page(READER_PAGE, query_params=params)


def open_in_inspector(claim_id: str) -> None:
    """Show `claim_id` in the Claim inspector (the session remembers which claim it was)."""
    st.session_state[CLAIM_KEY] = claim_id
    st.switch_page(INSPECTOR_PAGE)


def current_claim() -> str | None:
    """The claim to inspect: `?claim=` in the URL (a shared link) once, then the session's."""
    from_url = st.query_params.get("claim")
    if from_url:
        st.session_state[CLAIM_KEY] = from_url
        del st.query_params["claim"]
    return st.session_state.get(CLAIM_KEY)
