"""The pattern both list screens follow: a filter line over a table.

``/`` goes to the filter and every keystroke narrows the table; while typing, the arrows
still move the table and Enter opens the highlighted row; Escape leaves the filter, then
clears it, then goes back.
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.binding import Binding
from textual.widgets import DataTable, Input

from entrytui.screens.base import BaseScreen
from entrytui.widgets.filter_table import FilterTable

# Single-key actions are priority bindings: they run in key order as the keys arrive (a burst
# such as "/spr" over a slow link filters for "spr" instead of sending the letters to the
# table), and BaseScreen.check_action lets them through as text while the filter has focus.
LIST_BINDINGS = [
    Binding("slash", "filter", "Filter", tooltip="Type to narrow the list", priority=True),
    Binding("escape", "back", "Back"),
    Binding("up", "move(-1)", show=False),
    Binding("down", "move(1)", show=False),
    Binding("pageup", "move(-10)", show=False),
    Binding("pagedown", "move(10)", show=False),
]


class ListingScreen(BaseScreen):
    """A screen whose main content is one :class:`FilterTable` with id ``list``."""

    AUTO_FOCUS = "WindowTable"  # the table, once it exists (its data comes with on_screen_resume)

    @property
    def listing(self) -> FilterTable:
        return self.query_one("#list", FilterTable)

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load(self) -> None:
        data = self.fetch()
        self.app.call_from_thread(self.show, data)

    def fetch(self) -> Any:
        """Read what the screen shows, through the services (runs in a worker thread)."""
        raise NotImplementedError

    def show(self, data: Any) -> None:
        """Put fetched data on screen (runs on the UI thread)."""
        raise NotImplementedError

    def action_filter(self) -> None:
        self.set_focus(self.listing.filter)  # at once, not after a refresh: the next keys are text

    def action_move(self, step: int) -> None:
        self.listing.move(step)

    def action_back(self) -> None:
        listing = self.listing
        if self.typing:
            self.set_focus(listing.table)
        elif listing.filter.value:
            listing.filter.value = ""
        else:
            self.leave()

    def leave(self) -> None:
        self.dismiss()

    def open_selected(self) -> None:
        """Enter on a row (override)."""

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.open_selected()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input is self.listing.filter:
            self.open_selected()
