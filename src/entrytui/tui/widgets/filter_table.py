"""A table with a filter line above it: type to narrow the rows, arrows to move.

Screens own the keys; this widget only holds rows, filters them and keeps the cursor
on the same row (by key) across refreshes, so another operator's change does not make
the selection jump.

Columns share the terminal's width: each is as wide as its widest cell (up to ``MOST``) when
there is room, columns with long values are cut (with an ellipsis) when there is not, and
the least important ones are left out before any is cut below its ``least``.  A line under the
table shows the highlighted row's values in full.

Big lists are **windowed**: a Textual DataTable measures every cell it holds, which
blocks the screen for seconds at 10,000 rows, so it only ever holds ``WINDOW`` rows of
the matching ones.  Moving past either end of the window (arrows, page keys, home/end)
slides it; a line under the table says which rows are shown.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.geometry import Size
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from entrytui.tui.widgets.columns import (
    MOST,
    PADDING,
    Column,
    Row,
    describe,
    harmless,
    line,
    line_width,
    matching,
    plan_widths,
)
from entrytui.tui.widgets.field import SafeInput

__all__ = ["Column", "FilterTable", "MovesList", "Row", "harmless"]  # what the lists import from here

WINDOW = 80  # rows the table holds: a tall terminal shows 60; each one costs DataTable work on every filter keystroke
LINE = "line"  # the table's one column: each row is drawn as one cell (see columns.line)


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

    def _update_dimensions(self, new_rows) -> None:
        """The table's size, without measuring the new rows' cells: the column's width is set
        (``auto_width`` off) before any row goes in, so DataTable's measuring (every cell, once
        its queue runs empty) would change nothing, and it cost a third of a filter keystroke."""
        if any(column.auto_width for column in self.columns.values()):
            super()._update_dimensions(new_rows)
            return
        header = self.header_height if self.show_header else 0
        width = sum(column.get_render_width(self) for column in self.columns.values())
        self.virtual_size = Size(width + self._row_label_column_width, self._total_row_height + header)


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
    FilterTable > .detail { height: auto; max-height: 3; padding: 0 1; background: $boost; }
    FilterTable > .detail.-none { display: none; }
    """

    def __init__(
        self, columns: list[Column], *, placeholder: str, id: str, local_filter: bool = True, detail: bool = True
    ) -> None:
        """``columns``: see :class:`Column` (the filter still searches the whole text).
        ``local_filter=False``: the filter line's changes go to the parent, which searches
        elsewhere and calls :meth:`set_rows` with the results.  ``detail=False``: the screen
        shows the highlighted row in full itself."""
        super().__init__(id=id)
        self.local_filter = local_filter
        self.detail = detail
        self.columns = columns
        self.natural = [cell_len(c.heading) for c in columns]  # what each column's cells so far need
        self.widths: dict[int, int] = {}  # the columns shown, and their widths
        self.placeholder = placeholder
        self.rows: list[Row] = []
        self.shown: list[Row] = []
        self.window_start = 0  # index in ``shown`` of the table's first row
        self._ready = False
        self._laid_out_for = -1  # the width the columns were planned for
        self._window: list[Row] = []  # the rows the table holds now
        self._detail_said: str | None = None  # what the line under the table says now

    def compose(self) -> ComposeResult:
        yield SafeInput(placeholder=self.placeholder, id=f"{self.id}-filter", classes="filter")
        yield WindowTable(cursor_type="row", zebra_stripes=True, id=f"{self.id}-table")
        yield Static("", classes="window")
        yield Static("", classes="detail" if self.detail else "detail -none", markup=False)

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
        for rows in (self.rows, self.shown, self._window):
            for i, row in enumerate(rows):
                if row.key == new.key:
                    rows[i] = new
                    break
        table = self.table
        if new.key in table.rows:
            self._measure([new])
            if self._size_columns():
                table.update_cell(new.key, LINE, line(self.columns, self.widths, new.cells))
            else:  # the new value is wider than its column was: every row again
                self._draw(self._window)
            if new.key == self.selected_key:
                self._describe_highlighted()

    def apply_filter(self) -> None:
        found = matching(self.rows, self.filter.value) if self.local_filter else None
        keep = self.selected_key
        shown = list(self.rows) if found is None else found
        unchanged = shown == self.shown and bool(self.table.columns)  # a keystroke that narrows nothing
        self.shown = shown
        if unchanged:
            return
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
        """Highlight ``shown[index]``, sliding the window when it lies outside (``force``: the
        rows or the width changed, so draw the window again)."""
        table = self.table
        inside = self.window_start <= index < self.window_start + table.row_count
        if force or not inside:
            if not (force and inside and self.window_start <= max(0, len(self.shown) - WINDOW)):
                self.window_start = max(0, min(index - WINDOW // 2, len(self.shown) - WINDOW))
            self._draw(self.shown[self.window_start : self.window_start + WINDOW])
            self._describe_window()
        if table.row_count:
            table.move_cursor(row=index - self.window_start, animate=False)
        self._highlighted()

    def _draw(self, window: list[Row]) -> None:
        """Put the window's rows in the table.  When the same rows are there already (a refresh
        after another operator's change elsewhere), only the cells that changed are redrawn:
        rebuilding 80 rows costs the UI thread tens of ms, every half second while others write."""
        table = self.table
        before = {row.key: row.cells for row in self._window}
        self._measure([row for row in window if before.get(row.key) != row.cells])
        same_columns = self._size_columns()
        if same_columns and table.row_count == len(window) and [r.key for r in window] == list(before):
            for old, new in zip(self._window, window):
                if old.cells != new.cells:
                    table.update_cell(new.key, LINE, line(self.columns, self.widths, new.cells))
        else:
            table.clear()
            for row in window:
                table.add_row(line(self.columns, self.widths, row.cells), key=row.key)
        self._window = window

    def _room(self) -> int:
        """The cells the columns may take: the table's width, less its scroll bar when the
        rows may not all fit (or the table's height is not known yet)."""
        table = self.table
        width = table.size.width or self.size.width or self.app.size.width
        scrolls = not table.size.height or len(self.shown) >= table.size.height - 1  # less the heading row
        return width - (table.styles.scrollbar_size_vertical if scrolls else 0)

    def _measure(self, rows: list[Row]) -> None:
        """What each column's cells so far need (up to ``MOST``), with these rows'."""
        natural = self.natural
        for row in rows:
            for i, cell in enumerate(row.cells):
                natural[i] = max(natural[i], min(MOST, cell_len(harmless(cell))))

    def _size_columns(self) -> bool:
        """Plan the columns for the room there is and what the cells so far need (a column
        never narrows while the terminal keeps its size, so the table does not jump as it
        filters), and give the table's one column (each row is a line, :func:`columns.line`)
        that width before any row goes in.  True if the columns stay as they were: the rows
        in the table still fit.

        DataTable would measure new rows itself, but only once its queue runs empty, and a
        frame drawn before that (the data arriving as the screen mounts) stays cached with
        header-wide, cut columns.  Sizing them first leaves nothing to measure later."""
        widths = plan_widths(self.columns, self.natural, self._room())
        self._laid_out_for = self.size.width
        table = self.table
        if widths == self.widths and table.columns:
            return True
        table.clear(columns=True)
        headings = line(self.columns, widths, [column.heading for column in self.columns])
        table.add_column(headings, key=LINE, width=line_width(widths))
        self.widths = widths
        return False

    @property
    def headings(self) -> list[str]:
        """The headings of the columns shown, left to right."""
        return [self.columns[i].heading for i in self.widths]

    def drawn(self, index: int) -> list[str]:
        """The cells of the table's row ``index`` as the operator reads them (cut, unpadded)."""
        spans, at = [], 0
        for width in self.widths.values():
            spans.append((at, at + width))
            at += width + 2 * PADDING
        cells, column = [""] * len(spans), 0  # a wide character takes two of the line's cells
        for character in self.table.get_row_at(index)[0].plain:
            for k, (start, end) in enumerate(spans):
                if start <= column < end:
                    cells[k] += character
            column += cell_len(character)
        return [cell.rstrip() for cell in cells]

    def on_resize(self) -> None:
        """Another terminal width: share it out again (the highlight stays on its row)."""
        if self._ready and self.size.width != self._laid_out_for:
            self.go_to(self.position, force=True)

    def _highlighted(self) -> None:
        self._describe_highlighted()
        self.post_message(self.Highlighted(self.selected_key))

    def _describe_highlighted(self) -> None:
        if not self.detail:
            return
        key = self.selected_key
        row = next((r for r in self.shown[self.window_start : self.window_start + WINDOW] if r.key == key), None)
        said = describe(self.columns, row.cells) if row else ""
        if said != self._detail_said:  # (an update lays the whole screen out again: not on every key)
            self._detail_said = said
            self.query_one(".detail", Static).update(said)

    def _describe_window(self) -> None:
        said = self.query_one(".window", Static)
        windowed = len(self.shown) > WINDOW
        said.set_class(windowed, "-shown")
        if windowed:
            last = min(len(self.shown), self.window_start + WINDOW)
            said.update(
                f"rows {self.window_start + 1:,}–{last:,} of {len(self.shown):,} (filter to narrow)", layout=False
            )

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The table's own highlight moved (a click): said as ours, like every other move."""
        event.stop()
        self._highlighted()

    def on_input_changed(self, event: Input.Changed) -> None:
        if not self.local_filter:
            return
        event.stop()
        self.apply_filter()
        self.screen.refresh_bindings()
