"""F1: the keys of the screen underneath, as a table as wide as the terminal (long
descriptions wrap); Escape closes it, the arrows and page keys scroll it.

It lists every key the footer underneath shows (greyed-out ones marked "not now"; the footer
leaves some out when it is narrow), then the keys the text line with focus takes as text (they
act from the list), then the keys every screen has but no footer shows.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from entrytui.tui.dialogs.base import Dialog
from entrytui.tui.keys import CHANGES, READ_ONLY, offered_keys, read_only, typed_here

NOT_NOW = " (not now)"
KEY_WIDTH = 15  # the key column, at most: "↑ ↓ pgup pgdn home end" takes two lines


def general(under: Screen) -> list[tuple[str, str]]:
    """The keys no footer shows, as they act on ``under``."""
    if isinstance(under, Dialog):
        moves = ("↑ ↓ pgup pgdn", "Scroll this box, when it is taller than the terminal")
    else:
        moves = ("↑ ↓ pgup pgdn home end", "Move in a list (at once, in the order the keys came)")
    return [
        ("tab / shift+tab", "Move between fields, tables and buttons"),
        moves,
        ("ctrl+p", "Every action of this screen, searchable"),
        ("esc", "Back one step (asks first if a form has unsaved input)"),
        ("ctrl+q", "Quit entrytui"),
    ]


class HelpScreen(Dialog[None]):
    TITLE = "Keys"
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Close", tooltip="Close the keys"),
        Binding("f1,q", "dismiss(None)", "Close", show=False),
    ]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under
        self.rows: list[tuple[str, str]] = []  # (key, what it does), as the table shows them

    def key_rows(self) -> list[tuple[str, str]]:
        key = self.app.get_key_display
        rows = [
            (key(o.binding), (o.binding.tooltip or o.binding.description) + self.why(o))
            for o in offered_keys(self.under)
        ]
        for _node, binding in typed_here(self.under):
            shown = key(binding)
            text = binding.tooltip or binding.description
            rows.append((shown, f"{text}, once the list has focus (tab): in this line {shown} is typed"))
        listed = {k for k, _text in rows}
        return rows + [(k, text) for k, text in general(self.under) if k not in listed]

    def why(self, offered) -> str:
        """Why a greyed-out key cannot act: the store is read-only for this operator, or not now."""
        if offered.enabled:
            return ""
        return READ_ONLY if offered.binding.action in CHANGES and read_only(self.under) else NOT_NOW

    def compose(self) -> ComposeResult:
        self.rows = self.key_rows()
        table = Table(box=None, expand=True, show_edge=False, pad_edge=False, header_style="bold")
        table.add_column("Key", max_width=KEY_WIDTH, style="bold")
        table.add_column("Action", ratio=1, overflow="fold")
        for key, text in self.rows:
            table.add_row(Text(key), Text(text, style="dim" if text.endswith((NOT_NOW, READ_ONLY)) else ""))
        with Vertical(classes="dialog", id="help"):
            yield Static(f"Keys — {self.under.title or type(self.under).__name__}", classes="dialog-title")
            yield Static(table, id="help-keys")
            yield Static("esc closes · ↑ ↓ pgup pgdn scroll", classes="dialog-hint")
