"""Where ent-audit keeps its files by default."""

from __future__ import annotations

import os
from pathlib import Path


def default_db_path() -> Path:
    """The history store: $XDG_DATA_HOME/ent-audit/history.sqlite (~/.local/share/... by default)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "ent-audit" / "history.sqlite"
