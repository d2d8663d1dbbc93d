"""Opening a workspace: the one place that turns CLI/UI options into a Settings and a Library."""

from __future__ import annotations

from pathlib import Path

from ingest.config import Settings
from ingest.library import Library


def load_settings(home: Path | None = None, allow_private: bool | None = None) -> Settings:
    overrides: dict = {}
    if home is not None:
        overrides["home"] = home
    if allow_private is not None and allow_private:
        overrides["allow_private"] = True
    return Settings(**overrides)


def open_library(home: Path | None = None, allow_private: bool | None = None) -> Library:
    return Library(load_settings(home, allow_private))


def project_root() -> Path:
    """The checkout holding corpora/: the demo reads its corpus from there."""
    return Path(__file__).resolve().parent.parent


def demo_corpus() -> Path:
    return project_root() / "corpora" / "demo"


def demo_sources() -> list[str]:
    """The corpus documents, not its README, gold annotations or the PDF's source text."""
    root = demo_corpus()
    sources = [root / "feed.xml", root / "notes", root / "text", root / "html"]
    sources += sorted((root / "pdf").glob("*.pdf"))
    return [str(s) for s in sources if s.exists()]
