"""The offline analyst: deterministic argument mining with no network and no model weights."""

from assistant.offline.analyst import OfflineAnalyst

__all__ = ["OfflineAnalyst"]
