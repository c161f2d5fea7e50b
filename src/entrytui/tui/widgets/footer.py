"""The footer of every screen and dialog: Textual's compact Footer, fitted to its width.

Textual's Footer lays its keys in one row and lets the terminal's edge cut the last one, so
at 60 columns it ends in a fragment ("/ Filte", "f1" hidden under "^p palette").  This one
shows each key whole or not at all: when they do not all fit, the palette's ctrl+p goes
first, then the keys at the end of the row, except Escape, F1 and F2 (Add Entries' next tab),
which stay at any width; the keys left out go on a second row (F1 lists every key, ctrl+p
among them).

Textual's Footer builds its keys anew each time the screen's bindings may have changed (each
focus change, each ``refresh_bindings``), several times while a screen opens; each key is a
widget with its styles to work out, so that cost most of the time a session took to open.
This one builds them again only when what it shows would differ.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
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


def rows_of(widgets: list[Widget], width: int) -> list[Sequence[Widget]]:
    """The footer's rows: one when every key fits; else the first row as :func:`fitted` lays
    it and a second with the keys it left out (the palette's key aside), so that a screen
    with many actions still shows each on its key."""
    first = fitted(widgets, width)
    rest = [w for w in widgets if w not in first and not w.has_class("-command-palette")]
    return [first, fitted(rest, width)] if rest else [first]


class KeysFooter(Footer):
    """A compact Footer whose keys are each shown whole, on a second row when one is not
    enough (see the module's notes)."""

    DEFAULT_CSS = """
    KeysFooter.-two-rows { height: 2; layout: vertical; }
    KeysFooter .keys-row { height: 1; width: 1fr; layout: horizontal; }
    """

    def __init__(self) -> None:
        super().__init__(compact=True)
        self._offered: list[Widget] = []  # every key Textual's footer would show, fitting or not
        self._rows: list[Sequence[Widget]] = []  # as laid out for the width it has
        self._composed: tuple | None = None  # what the keys were built from (None: none yet)
        self._due = False  # a look at the bindings is scheduled

    def compose(self) -> ComposeResult:
        """Textual's keys, then only those that fit, in one row or two.  (The footer's
        bindings are never grouped here: a Binding ``group`` would be laid out by Textual
        inside a container.)"""
        self._composed = self._shown() if self._bindings_ready else None
        self._offered = list(super().compose())
        for key in self._offered:  # compact already: its data-bound watcher then restyles nothing
            key.set_class(True, "-compact", update=False)  # (22 keys restyled one by one cost 40 ms a screen)
        self._rows = rows_of(self._offered, self.size.width)
        self.set_class(len(self._rows) > 1, "-two-rows")
        if len(self._rows) == 1:
            yield from self._rows[0]
            return
        for row in self._rows:
            yield Horizontal(*row, classes="keys-row")

    def _shown(self) -> tuple:
        """Everything the keys are built from: each shown binding, whether it is enabled, its
        tooltip."""
        return tuple(
            (binding.key, binding.action, binding.description, binding.key_display, enabled, tooltip)
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show
        ) + (self.show_command_palette,)

    def bindings_changed(self, screen: Screen) -> None:
        """Textual's, but at most one look per refresh, and no rebuild when nothing shown changed."""
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen or self._due:
            return
        self._due = True
        self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        self._due = False
        if self.is_attached and self._shown() != self._composed:
            await self.recompose()

    def on_resize(self, event: events.Resize) -> None:
        if rows_of(self._offered, event.size.width) != self._rows:
            self.call_after_refresh(self.recompose)
