"""One settings object for the whole program, read from CRUXMAP_* environment variables.

The workspace (`home`) holds everything a user owns: the SQLite library, the embedded Chroma
store, the LangGraph checkpoints and the lock. Pointing CRUXMAP_HOME elsewhere gives an
independent library, which is how tests stay isolated.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_home() -> Path:
    """A per-user data dir, following XDG where it is set."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "cruxmap"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CRUXMAP_", extra="ignore")

    home: Path = Field(default_factory=default_home)
    chroma_url: str | None = None
    embed_model: str = "all-MiniLM-L6-v2"
    embed_batch: int = 64
    chunk_chars: int = 1200
    chunk_overlap: int = 200
    llm: str | None = None
    allow_private: bool = False
    http_timeout: float = 20.0
    max_download_bytes: int = 50_000_000
    max_pdf_pages: int = 500
    user_agent: str = "cruxmap/0.1 (literature-mapping assistant; +https://example.invalid/cruxmap)"
    arxiv_api: str = "http://export.arxiv.org/api/query"
    arxiv_delay: float = 3.0

    @property
    def db_path(self) -> Path:
        return self.home / "library.sqlite"

    @property
    def chroma_path(self) -> Path:
        return self.home / "chroma"

    @property
    def lock_path(self) -> Path:
        return self.home / "write.lock"

    @property
    def checkpoint_path(self) -> Path:
        return self.home / "checkpoints.sqlite"

    def ensure_home(self) -> Path:
        self.home.mkdir(parents=True, exist_ok=True)
        return self.home
