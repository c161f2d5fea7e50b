"""Shown instead of everything else when the store cannot be opened (corrupt, no permission)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from entrytui.tui.screens.base import BaseScreen
from entrytui.tui.widgets.footer import KeysFooter
from entrytui.tui.widgets.header import SafeHeader


class StoreErrorScreen(BaseScreen):
    TITLE = "The store cannot be used"
    BINDINGS = [Binding("escape,q", "app.quit", "Quit")]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        yield SafeHeader()
        with Vertical(classes="panel"):
            yield Static("The store cannot be used", classes="dialog-title")
            yield Static(self.message, id="store-error", markup=False)
            yield Static("Nothing was changed. Fix or restore the file, then start entrytui again.")
        yield KeysFooter()
