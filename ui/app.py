"""cruxmap's web UI: `cruxmap ui` (or `streamlit run ui/app.py`) on the workspace in $CRUXMAP_HOME.

This file only sets up the page and the navigation; each page lives in ui/views/, calls
`assistant.service` with the session's workspace (ui/state.py) and renders the view models it
returns. The server binds to 127.0.0.1 (ui/.streamlit/config.toml and the flags `cruxmap ui`
passes), so the library is not exposed to the network by default.
"""

from __future__ import annotations

import streamlit as st

from ui.safe import md
from ui.state import keep_widget_state, workspace_home

st.set_page_config(page_title="cruxmap", layout="wide")

PAGES = [
    st.Page("views/ask.py", title="Ask", icon=":material/question_answer:", default=True),
    st.Page("views/map.py", title="Map", icon=":material/hub:"),
    st.Page("views/inspector.py", title="Claim inspector", icon=":material/search:"),
    st.Page("views/reader.py", title="Document reader", icon=":material/article:"),
    st.Page("views/cruxes.py", title="Cruxes", icon=":material/balance:"),
    st.Page("views/debate.py", title="Debate", icon=":material/forum:"),
    st.Page("views/library.py", title="Library", icon=":material/library_books:"),
    st.Page("views/export.py", title="Export", icon=":material/download:"),
]

page = st.navigation(PAGES)
keep_widget_state()

with st.sidebar:
    st.caption(f"Workspace: {md(str(workspace_home()))}")

page.run()
