"""A table with a filter line above it: type to narrow the rows, arrows to move.

Screens own the keys; this widget only holds rows, filters them and keeps the cursor
on the same row (by key) across refreshes, so another operator's change does not make
the selection jump.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Input


@dataclass(frozen=True)
class Row:
    key: str
    cells: tuple
    text: str  # what the filter searches, folded


def fit(value, widest: int) -> Text:
    """A cell as plain text (never markup), cut to ``widest`` characters."""
    text = str(value)
    return Text(text if len(text) <= widest else text[: widest - 1] + "…")


class FilterTable(Vertical):
    DEFAULT_CSS = """
    FilterTable { height: 1fr; }
    FilterTable > Input { height: 1; border: none; padding: 0 1; }
    FilterTable > DataTable { height: 1fr; }
    """

    def __init__(self, columns: list[tuple[str, int]], *, placeholder: str, id: str, limit: int = 0,
                 local_filter: bool = True) -> None:
        """``columns``: (heading, widest) pairs; longer cells are cut with an ellipsis so the
        table fits an 80-column terminal (the filter still searches the whole text).
        ``limit``: show at most this many matching rows (0: all); ``unshown`` counts the rest.
        ``local_filter=False``: the filter line's changes go to the parent, which searches
        elsewhere and calls :meth:`set_rows` with the results."""
        super().__init__(id=id)
        self.local_filter = local_filter
        self.columns = columns
        self.limit = limit
        self.unshown = 0
        self.placeholder = placeholder
        self.rows: list[Row] = []
        self.shown: list[Row] = []

    def compose(self) -> ComposeResult:
        yield Input(placeholder=self.placeholder, id=f"{self.id}-filter", classes="filter")
        table = DataTable(cursor_type="row", zebra_stripes=True, id=f"{self.id}-table")
        table.add_columns(*(heading for heading, _ in self.columns))
        yield table

    @property
    def table(self) -> DataTable:
        return self.query_one(DataTable)

    @property
    def filter(self) -> Input:
        return self.query_one(Input)

    def set_rows(self, rows: list[Row]) -> None:
        self.rows = rows
        self.apply_filter()

    def apply_filter(self) -> None:
        words = self.filter.value.casefold().split() if self.local_filter else []
        keep = self.selected_key
        matching = [r for r in self.rows if all(w in r.text for w in words)]
        self.shown = matching[: self.limit] if self.limit else matching
        self.unshown = len(matching) - len(self.shown)
        table = self.table
        table.clear()
        for row in self.shown:
            table.add_row(*(fit(cell, widest) for cell, (_, widest) in zip(row.cells, self.columns)), key=row.key)
        if keep is not None:
            for index, row in enumerate(self.shown):
                if row.key == keep:
                    table.move_cursor(row=index, animate=False)
                    break

    @property
    def selected_key(self) -> str | None:
        table = self.table
        if not table.row_count:
            return None
        row = min(table.cursor_row, table.row_count - 1)
        return table.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value

    def on_input_changed(self, event: Input.Changed) -> None:
        if not self.local_filter:
            return
        event.stop()
        self.apply_filter()
        self.screen.refresh_bindings()

    def move(self, step: int) -> None:
        table = self.table
        if table.row_count:
            table.move_cursor(row=max(0, min(table.row_count - 1, table.cursor_row + step)), animate=False)
