"""The columns of a list, planned for the room there is: widths (names kept whole before
free text, the least important columns left out first), cells cut with an ellipsis (names
keeping their end), the line that shows a row whole, and what a filter's words match.

Pure functions of text and numbers (no widget): :mod:`entrytui.tui.widgets.filter_table`
lays them out.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from rich.cells import cell_len
from rich.text import Text

from entrytui.rules import collation_key, shown

MOST = 200  # no column is measured wider (the detail line under the table shows the rest)
PADDING = 1  # blank cells on each side of a column (DataTable's on each side of the line)


class Column(NamedTuple):
    heading: str
    least: int  # the narrowest it is cut to while the others still fit
    drop: int = 0  # left out when even the narrowest widths do not fit: the highest first; 0: never
    ends: bool = False  # a cut value keeps its end too (names and usernames that differ at the end)


def plan_widths(columns: list[Column], natural: list[int], room: int) -> dict[int, int]:
    """Column index -> width for the columns shown in ``room`` cells.

    Every column gets what its cells need (``natural``) when they all fit.  Otherwise the
    columns that may be left out go, the highest ``drop`` first, while a name (an ``ends``
    column) would be cut or a column would have less than its ``least``.  Then, where there are
    names, the columns that may go give up width first (down to their ``least``); then the
    widest column gives up a cell at a time — the other columns before the names — so a short
    column is never cut while a long one of its kind is whole."""
    least = [min(column.least, want) for column, want in zip(columns, natural)]

    def needs(shown: list[int]) -> int:
        """Cells the shown columns take with every name whole and every other column at its least."""
        return sum((natural[i] if columns[i].ends else least[i]) + 2 * PADDING for i in shown)

    shown = list(range(len(columns)))
    while needs(shown) > room and any(columns[i].drop for i in shown):
        shown.remove(max(shown, key=lambda i: columns[i].drop))
    widths = {i: natural[i] for i in shown}
    over = sum(w + 2 * PADDING for w in widths.values()) - room
    if any(columns[i].ends for i in shown):  # the columns that may go give first, to keep the names whole
        for i in sorted((i for i in shown if columns[i].drop), key=lambda i: -columns[i].drop):
            give = max(0, min(over, widths[i] - least[i]))
            widths[i] -= give
            over -= give
    while over > 0:
        cuttable = [i for i in shown if widths[i] > least[i]]
        if not cuttable:
            break  # wider than the room: the table scrolls sideways
        texts = [i for i in cuttable if not columns[i].ends]  # free text gives before names do
        widths[max(texts or cuttable, key=lambda i: widths[i])] -= 1
        over -= 1
    return widths


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


def fit(value, width: int, ends: bool = False) -> str:
    """A cell as plain, harmless text (never markup) in at most ``width`` cells, cut with an
    ellipsis.  ``ends``: a cut value keeps its start and its end, since the end is what tells
    similar names apart (``OxfordCentre…261210_Cand001``, ``December Linguas…— Group B``)."""
    text = harmless(value)
    if cell_len(text) <= width:
        return text
    if width < 2:
        return "…"[:width]
    tail = _within(text[::-1], (width - 1) // 2)[::-1] if ends else ""
    head = _within(text, width - 1 - cell_len(tail))
    return head + "…" + tail


def line(columns: list[Column], widths: dict[int, int], cells) -> Text:
    """A row as the table draws it: the shown columns' cells, each cut and padded to its width,
    ``2 * PADDING`` blanks apart (the table pads the line's ends).  One cell a row: DataTable
    spends most of a filter keystroke drawing cells, each one costs the same whatever its width."""
    parts = []
    for i, width in widths.items():
        text = fit(cells[i], width, columns[i].ends)
        parts.append(text + " " * (width - cell_len(text)))
    return Text((" " * 2 * PADDING).join(parts), no_wrap=True)


def line_width(widths: dict[int, int]) -> int:
    """The cells :func:`line` takes."""
    return sum(widths.values()) + 2 * PADDING * max(0, len(widths) - 1)


def _within(text: str, cells: int) -> str:
    """The longest start of ``text`` that takes at most ``cells`` cells (wide characters take two)."""
    taken = 0
    for i, character in enumerate(text):
        taken += cell_len(character)
        if taken > cells:
            return text[:i]
    return text


SHORT = 2  # a filter word this short matches the start of a word only ("Group B" must not match "December")


def matching(rows: list[Row], typed: str) -> list[Row] | None:
    """The rows whose folded text holds every word of the filter ``typed``: a short one (a
    letter, a group's name) at the start of a word, a longer one anywhere, accents and case set
    aside (rows' texts are folded by ``rules.collation_key`` too: 'nunez' finds Núñez); None: no filter.
    Each word narrows the list in one comprehension with its test inline (a predicate called
    per row cost 15 to 25 ms at 10,000 rows, half a keystroke's budget), longest word first."""
    words = sorted(set(collation_key(typed).split()), key=len, reverse=True)
    if not words:
        return None
    found = rows
    for word in words:
        if len(word) > SHORT:
            found = [row for row in found if word in row.text]
        else:
            search = re.compile(r"(?:^|[\W_])" + re.escape(word)).search
            found = [row for row in found if search(row.text)]
    return found


def describe(columns: list[Column], cells: tuple) -> str:
    """A row's values in full, for the line under the table ("Username: …  ·  Status: …")."""
    parts = []
    for column, cell in zip(columns, cells):
        value = harmless(cell)
        if value and column.heading != "✓":
            label = f"{column.heading}: ".replace(" ", "\u00a0")  # the line breaks between values, not in a label
            parts.append(label + value if column.heading else value)
    return "  ·  ".join(parts)
