"""The footer of every screen and dialog: Textual's compact Footer, fitted to its width.

Textual's Footer lays its keys in one row and lets the terminal's edge cut the last one, so
at 60 columns it ends in a fragment ("/ Filte", "f1" hidden under "^p palette").  This one
shows each key whole or not at all: when they do not all fit, the palette's ctrl+p goes
first, then the keys at the end of the row, except Escape, F1 and F2 (Add Entries' next tab),
which stay at any width (F1 lists every key, ctrl+p and those left out here among them).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

KEPT = frozenset({"escape", "f1", "f2"})  # shown at any width: the way back, every key, the next tab
GAP = 1  # a compact footer's space after each key


def key_width(key: FooterKey) -> int:
    """Cells a compact footer key takes: its key, then a space and its description."""
    return cell_len(key.key_display) + (1 + cell_len(key.description) if key.description else 0)


def palette_width(key: FooterKey) -> int:
    """The palette's key is docked on the right, behind a one-cell border."""
    return 1 + key_width(key)


def row_width(keys: list[FooterKey]) -> int:
    return sum(key_width(key) for key in keys) + GAP * (len(keys) - 1) if keys else 0


def fitted(widgets: list[Widget], width: int) -> Sequence[Widget]:
    """The widgets of a footer ``width`` cells wide: all of them if they fit; else without the
    palette's key, and without as many keys from the end of the row as it takes, Escape and F1
    kept.  (``width`` 0: not laid out yet; a binding group: laid out by Textual.)"""
    keys = [w for w in widgets if isinstance(w, FooterKey)]
    if not width or len(keys) != len(widgets):
        return widgets
    row = [key for key in keys if not key.has_class("-command-palette")]
    if row_width(row) + sum(GAP + palette_width(key) for key in keys if key not in row) <= width:
        return widgets
    shown = list(row)
    for key in reversed(row):
        if row_width(shown) <= width:
            break
        if key.key not in KEPT:
            shown.remove(key)
    return shown


class KeysFooter(Footer):
    """A compact Footer whose keys are each shown whole (see the module's notes)."""

    def __init__(self) -> None:
        super().__init__(compact=True)
        self._offered: list[Widget] = []  # every key Textual's footer would show, fitting or not

    def compose(self) -> ComposeResult:
        """Textual's keys, then only those that fit.  (The footer's bindings are never grouped
        here: a Binding ``group`` would be laid out by Textual inside a container.)"""
        self._offered = list(super().compose())
        yield from fitted(self._offered, self.size.width)

    def on_resize(self, event: events.Resize) -> None:
        if list(fitted(self._offered, event.size.width)) != list(self.children):
            self.call_after_refresh(self.recompose)
