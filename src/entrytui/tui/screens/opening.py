"""Shown while the store is read for the first time (a second at 100,000 entries), so the
screen never freezes: the read runs in a worker, then the Sessions screen replaces this one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import LoadingIndicator, Static

from entrytui.tui.screens.base import BaseScreen
from entrytui.tui.widgets.footer import KeysFooter


class OpeningScreen(BaseScreen):
    TITLE = "Opening the store"
    BINDINGS = [Binding("escape", "app.quit", "Quit")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="panel"):
            yield Static(f"Opening {self.app.store.path}…", id="opening", markup=False)
            yield LoadingIndicator()
        yield KeysFooter()
