"""The map-building LangGraph: documents -> grounded claims -> typed relations -> cruxes."""
