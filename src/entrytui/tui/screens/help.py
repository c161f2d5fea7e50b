"""F1: the keys of the screen underneath, as a table; Escape closes it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Static

from entrytui.tui.dialogs.base import Dialog
from entrytui.tui.keys import screen_actions

GENERAL = [
    ("tab / shift+tab", "Move between fields, tables and buttons"),
    ("↑ ↓ pgup pgdn home end", "Move in a list (at once, in the order the keys came)"),
    ("ctrl+p", "Every action of this screen, searchable"),
    ("escape", "Back one step (asks first if a form has unsaved input)"),
    ("ctrl+q", "Quit entrytui"),
]


class HelpScreen(Dialog[None]):
    TITLE = "Keys"
    BINDINGS = [Binding("escape,f1,q", "dismiss(None)", "Close", tooltip="Close the keys")]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help"):
            yield Static(f"Keys — {self.under.title or type(self.under).__name__}", classes="dialog-title")
            table = DataTable(cursor_type="row", show_header=True)
            table.add_columns("Key", "Action")
            seen = set()
            for _node, binding in screen_actions(self.under):
                if binding.action not in seen:
                    seen.add(binding.action)
                    table.add_row(self.app.get_key_display(binding), binding.tooltip or binding.description)
            for key, text in GENERAL:
                table.add_row(key, text)
            yield table
            yield Static("escape closes", classes="dialog-hint")
