"""Where the store lives: ``--data PATH``, else ``$ENTRYTUI_DATA``, else the user's data folder."""

from __future__ import annotations

import os
from pathlib import Path

STORE_NAME = "store.json"


def default_store_path() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "entrytui" / STORE_NAME


def resolve_store_path(option: str | None) -> Path:
    chosen = option or os.environ.get("ENTRYTUI_DATA")
    return Path(chosen).expanduser() if chosen else default_store_path()
