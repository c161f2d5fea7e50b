"""A table with a filter line above it: type to narrow the rows, arrows to move.

Screens own the keys; this widget only holds rows, filters them and keeps the cursor
on the same row (by key) across refreshes, so another operator's change does not make
the selection jump.

Big lists are **windowed**: a Textual DataTable measures every cell it holds, which
blocks the screen for seconds at 10,000 rows, so it only ever holds ``WINDOW`` rows of
the matching ones.  Moving past either end of the window (arrows, page keys, home/end)
slides it; a line under the table says which rows are shown.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from entrytui.rules import shown
from entrytui.tui.widgets.field import SafeInput

WINDOW = 80  # rows the table holds: a tall terminal shows 60; each one costs DataTable work on every filter keystroke


class Row(NamedTuple):
    """A named tuple: a 10,000-row list makes 10,000 of them on every refresh."""

    key: str
    cells: tuple
    text: str  # what the filter searches, folded


def harmless(value, keep: str = "") -> str:
    """Text the operator's terminal cannot interpret: every control, format (bidi, zero-width)
    or unassigned character becomes U+FFFD.  Textual passes ESC through to the terminal, so
    an uploaded cell reading ESC ] 2 ; ... BEL would retitle the window and swallow the screen."""
    return shown(value, keep, mark=lambda _c: "\ufffd")


def fit(value, widest: int) -> Text:
    """A cell as plain, harmless text (never markup), cut to ``widest`` characters."""
    text = harmless(value)
    return Text(text if len(text) <= widest else text[: widest - 1] + "…")


class WindowTable(DataTable):
    """A DataTable showing a window of its FilterTable's rows; its cursor keys slide the
    window when they reach an edge."""

    def _owner(self) -> FilterTable:
        return self.parent  # type: ignore[return-value]

    def action_cursor_down(self) -> None:
        self._owner().move(1)

    def action_cursor_up(self) -> None:
        self._owner().move(-1)

    def action_page_down(self) -> None:
        self._owner().move(self._owner().page_size)

    def action_page_up(self) -> None:
        self._owner().move(-self._owner().page_size)

    def action_scroll_top(self) -> None:
        self._owner().go_to(0)

    def action_scroll_bottom(self) -> None:
        self._owner().go_to(len(self._owner().shown) - 1)

    action_scroll_home = action_scroll_top
    action_scroll_end = action_scroll_bottom


class MovesList:
    """Mixin for a screen or a pane whose keys (:data:`~entrytui.tui.keys.LIST_MOVES`) move
    the highlight of its :class:`FilterTable`, ``listing``, at once, in key order."""

    @property
    def listing(self) -> FilterTable:
        raise NotImplementedError

    def action_move(self, step: int) -> None:
        self.listing.move(step)

    def action_page(self, direction: int) -> None:
        self.listing.move(direction * self.listing.page_size)

    def action_edge(self, end: int) -> None:
        if self.listing.shown:
            self.listing.go_to(len(self.listing.shown) - 1 if end else 0)


class FilterTable(Vertical):
    class Highlighted(Message):
        """The highlighted row is another one, or shows other values (after a filter, a
        refresh, or the last row going): what describes it follows.  ``key``: None for none."""

        def __init__(self, key: str | None) -> None:
            super().__init__()
            self.key = key

    DEFAULT_CSS = """
    FilterTable { height: 1fr; }
    FilterTable > Input { height: 1; border: none; padding: 0 1; }
    FilterTable > DataTable { height: 1fr; }
    FilterTable > .window { height: 1; color: $text-muted; padding: 0 1; display: none; }
    FilterTable > .window.-shown { display: block; }
    """

    def __init__(self, columns: list[tuple[str, int]], *, placeholder: str, id: str, local_filter: bool = True) -> None:
        """``columns``: (heading, widest) pairs; longer cells are cut with an ellipsis so the
        table fits an 80-column terminal (the filter still searches the whole text).
        ``local_filter=False``: the filter line's changes go to the parent, which searches
        elsewhere and calls :meth:`set_rows` with the results."""
        super().__init__(id=id)
        self.local_filter = local_filter
        self.columns = columns
        self.placeholder = placeholder
        self.rows: list[Row] = []
        self.shown: list[Row] = []
        self.window_start = 0  # index in ``shown`` of the table's first row
        self._ready = False

    def compose(self) -> ComposeResult:
        yield SafeInput(placeholder=self.placeholder, id=f"{self.id}-filter", classes="filter")
        table = WindowTable(cursor_type="row", zebra_stripes=True, id=f"{self.id}-table")
        table.add_columns(*(heading for heading, _ in self.columns))
        yield table
        yield Static("", classes="window")

    @property
    def table(self) -> DataTable:
        return self.query_one(DataTable)

    @property
    def filter(self) -> Input:
        return self.query_one(Input)

    def set_rows(self, rows: list[Row]) -> None:
        """Show these rows; before the table and filter line exist (the data can come
        while the screen is still mounting), they are shown as soon as they do."""
        self.rows = rows
        if self._ready:
            self.apply_filter()

    def on_mount(self) -> None:
        self._ready = True  # composed: the table and the filter line exist
        if self.rows:
            self.apply_filter()

    def replace_row(self, new: Row) -> None:
        """Change one row in place (same key), without filtering every row again."""
        for rows in (self.rows, self.shown):
            for i, row in enumerate(rows):
                if row.key == new.key:
                    rows[i] = new
                    break
        table = self.table
        if new.key in table.rows:
            for column, (cell, (_, widest)) in zip(table.columns, zip(new.cells, self.columns)):
                table.update_cell(new.key, column, fit(cell, widest))

    def apply_filter(self) -> None:
        words = self.filter.value.casefold().split() if self.local_filter else []
        keep = self.selected_key
        self.shown = [r for r in self.rows if all(w in r.text for w in words)]
        at = next((i for i, row in enumerate(self.shown) if row.key == keep), 0) if keep is not None else 0
        self.go_to(at, force=True)

    @property
    def position(self) -> int:
        """Index in ``shown`` of the highlighted row."""
        table = self.table
        return self.window_start + min(table.cursor_row, max(0, table.row_count - 1))

    @property
    def selected_key(self) -> str | None:
        table = self.table
        if not table.row_count:
            return None
        row = min(table.cursor_row, table.row_count - 1)
        return table.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value

    @property
    def page_size(self) -> int:
        """Rows a page key moves: those the table shows."""
        return max(1, self.table.scrollable_content_region.height - 1)

    def move(self, step: int) -> None:
        if self.shown:
            self.go_to(max(0, min(len(self.shown) - 1, self.position + step)))

    def go_to(self, index: int, force: bool = False) -> None:
        """Highlight ``shown[index]``, sliding the window when it lies outside."""
        table = self.table
        if force or not self.window_start <= index < self.window_start + table.row_count:
            self.window_start = max(0, min(index - WINDOW // 2, len(self.shown) - WINDOW))
            table.clear()
            window = [
                [fit(cell, widest) for cell, (_, widest) in zip(row.cells, self.columns)]
                for row in self.shown[self.window_start : self.window_start + WINDOW]
            ]
            self._size_columns(window)
            for row, cells in zip(self.shown[self.window_start :], window):
                table.add_row(*cells, key=row.key)
            self._describe_window()
        if table.row_count:
            table.move_cursor(row=index - self.window_start, animate=False)
        self.post_message(self.Highlighted(self.selected_key))

    def _size_columns(self, window: list[list[Text]]) -> None:
        """Give each column the width of its widest cell so far (never narrower than before).

        DataTable would measure new rows itself, but only once its queue runs empty, and a
        frame drawn before that (the data arriving as the screen mounts) stays cached with
        header-wide, cut columns.  Sizing them first leaves nothing to measure later."""
        for index, (column, (heading, _)) in enumerate(zip(self.table.columns.values(), self.columns)):
            widest = max((cells[index].cell_len for cells in window), default=0)
            column.auto_width = False
            column.width = max(column.width, cell_len(heading), widest)

    def _describe_window(self) -> None:
        line = self.query_one(".window", Static)
        windowed = len(self.shown) > WINDOW
        line.set_class(windowed, "-shown")
        if windowed:
            last = min(len(self.shown), self.window_start + WINDOW)
            line.update(f"rows {self.window_start + 1:,}–{last:,} of {len(self.shown):,} (filter to narrow)")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The table's own highlight moved (a click): said as ours, like every other move."""
        event.stop()
        self.post_message(self.Highlighted(self.selected_key))

    def on_input_changed(self, event: Input.Changed) -> None:
        if not self.local_filter:
            return
        event.stop()
        self.apply_filter()
        self.screen.refresh_bindings()
