"""Shared fixtures: every test gets its own store in a temporary folder.  (Shared functions
and data are in ``helpers.py``; nothing imports this module.)"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

import entrytui.tui
from entrytui.services.entries import add_entry, withdraw_entry
from entrytui.store import Store
from helpers import build_store


@pytest.fixture
def store(tmp_path) -> Store:
    """A set-up store: institution GB123, venue 'Oxford Centre', session S1 next year (the
    one store builder's smallest store, made through the services)."""
    return build_store(tmp_path / "store.json")


@pytest.fixture
def ana_and_bo(store) -> Store:
    """The store with two entries in S1: Ana Silva (Cand1, active), Bo Li (Cand2, withdrawn)."""
    add_entry(store, "S1", first_name="Ana", family_name="Silva", username="Cand1", password="Secret123")
    bo = add_entry(store, "S1", first_name="Bo", family_name="Li", username="Cand2", password="Secret123")
    withdraw_entry(store, bo.entry.entry_code, "moved")
    return store


@pytest.fixture(autouse=True)
def no_store_call_on_the_ui_thread(monkeypatch):
    """Every test checks it: a store call that the UI makes on the thread running a Textual
    app's event loop (instead of in a worker) fails the test, as it would freeze the operator's
    screen.  (A test's own store calls run on that thread too; they come from no UI frame.)"""
    from textual._context import active_app  # the running app, as Textual itself finds it

    made: list[str] = []
    ui = str(Path(entrytui.tui.__file__).parent)

    def from_the_ui() -> bool:
        frame = sys._getframe(2)
        while frame is not None:
            if frame.f_code.co_filename.startswith(ui):
                return True
            frame = frame.f_back
        return False

    def guarded(name):
        real = getattr(Store, name)

        def call(self, *args, **kwargs):
            app = active_app.get(None)
            if app is not None and getattr(app, "_thread_id", None) == threading.get_ident() and from_the_ui():
                made.append(f"Store.{name} on the UI thread, from {type(app.screen).__name__}")
                raise AssertionError(made[-1])
            return real(self, *args, **kwargs)

        return call

    for name in ("reading", "transaction", "create", "compact"):
        monkeypatch.setattr(Store, name, guarded(name))
    yield
    assert not made, made
