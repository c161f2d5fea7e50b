"""Shared fixtures: every test gets its own store in a temporary folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from entrytui.services.sessions import add_session
from entrytui.services.setup import init_store
from entrytui.services.venues import add_venue
from entrytui.store import Store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def store(tmp_path) -> Store:
    """A set-up store: institution GB123, venue 'Oxford Centre', session S1 next year."""
    found = Store(tmp_path / "store.json")
    init_store(found, "GB123", "Oxford Language Centre")
    add_venue(found, "Oxford Centre")
    add_session(found, name="December Linguaskill", test="Linguaskill", start="2099-12-10 09:00", venue="Oxford Centre")
    return found


def run_entrytui(*args: str, data: Path | None = None, stdin: str = "", env: dict | None = None, timeout: float = 60):
    """The real program in a child process, as an operator's shell would run it."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("ENTRYTUI_DATA", "XDG_DATA_HOME")}
    full_env.update({"PYTHONPATH": str(ROOT / "src"), **(env or {})})
    where = ["--data", str(data)] if data else []
    return subprocess.run(
        [sys.executable, "-m", "entrytui", *where, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
    )
