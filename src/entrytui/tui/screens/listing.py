"""The pattern both list screens follow: a filter line over a table.

``/`` goes to the filter and every keystroke narrows the table; while typing, the arrows
still move the table and Enter opens the highlighted row; Escape leaves the filter, then
clears it, then goes back.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable, Input

from entrytui.tui.screens.base import BaseScreen
from entrytui.tui.widgets.filter_table import FilterTable, MovesList
from entrytui.tui.workers import call_service


class ListingScreen(MovesList, BaseScreen):
    """A screen whose main content is one :class:`FilterTable` with id ``list``."""

    AUTO_FOCUS = "WindowTable"  # the table, once it exists (its data comes with on_screen_resume)
    # Until the first read is shown, keys typed meanwhile wait for it (tui.key_order): "c ↓ e" in
    # one burst edits the second candidate, not the first row of an empty list.
    reading_first = True

    @property
    def listing(self) -> FilterTable:
        return self.query_one("#list", FilterTable)

    def reload(self) -> None:
        call_service(self, self.fetch, self._shown, failed=self._not_shown, group="load")

    def _shown(self, data: Any) -> None:
        self.show(data)
        self.reading_first = False

    def _not_shown(self, error: Exception) -> bool:
        self.reading_first = False
        return self.load_failed(error)

    def load_failed(self, error: Exception) -> bool:
        """A failed read shown where it belongs (True), else reported as the app reports errors."""
        return False

    def fetch(self) -> Any:
        """Read what the screen shows, through the services (runs in a worker thread)."""
        raise NotImplementedError

    def show(self, data: Any) -> None:
        """Put fetched data on screen (runs on the UI thread)."""
        raise NotImplementedError

    def action_filter(self) -> None:
        self.set_focus(self.listing.filter)  # at once, not after a refresh: the next keys are text

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
