"""The attendance register: a PDF for the invigilator, one row per candidate.

Pure rendering (bytes out), as :mod:`entrytui.documents.slips`; writing the file is
:mod:`entrytui.files`' job.  Every page has the header (institution, session, test, venue,
start–end, the number of candidates), the column headings and "Page X of Y"; the rows are
sorted by family name, then first name (accents and case set aside); the last page ends with
the totals to fill in.

No value overflows its column: a value too wide for its cell is set smaller, down to
``FLOOR`` points, and one still too wide is wrapped inside its cell at that size (between
words, after ``_ - . @``, or between any two characters of a long username), the row growing
to hold it.  Rows are laid out here, not with fpdf2's ``multi_cell`` (which measures every
cell again): each value is measured once and placed with ``text()``, so 10,000 rows take
about a second.  The grid is grey and the text black, so a test can tell them apart on a
rendered page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from entrytui.documents.slips import FONTS
from entrytui.rules import collation_key

PAGE_W, PAGE_H, MARGIN = 210.0, 297.0, 12.0  # A4 portrait, mm
PAD = 1.2  # mm between a cell's border and its text
BASE, FLOOR = 10.0, 7.0  # points: a value's size, and the smallest it is set before it wraps
LEADING = 1.2  # line height, as a multiple of the font size
ROW_H = 8.0  # mm: the least height of a row (room to sign)
PT = 25.4 / 72  # mm in a point
GRID_GREY = 150  # the grid's grey (0 black, 255 white)
SANS, MONO = ("DejaVu", ""), ("DejaVuMono", "B")


@dataclass(frozen=True)
class Column:
    heading: str
    width: float  # mm
    font: tuple[str, str] = SANS


# number, family name, first name, username, entry code, Present box, signature: 186 mm
COLUMNS = (
    Column("No.", 11),
    Column("Family name", 33),
    Column("First name", 27),
    Column("Username", 54),  # OxfordCentre_20261210_Cand001 at 8.4 pt
    Column("Entry code", 20, MONO),
    Column("Present", 15),
    Column("Signature", 26),
)
TEXT_COLUMNS = 5  # the first five hold values; Present and Signature are for the invigilator
BOX = 4.5  # mm: the Present box's side
HEADINGS_H, TOTALS_H = 7.0, 14.0  # mm: the column headings' row; the totals under the last row
FOOTER_Y = PAGE_H - MARGIN - 1.5  # the footer's baseline: its descenders stay inside the margin


@dataclass(frozen=True)
class Heading:
    """What the header of every page says."""

    institution: str  # "Oxford Language Centre (GB123)"
    session: str  # "December Linguaskill (S1)"
    test: str
    venue: str
    when: str  # "2099-12-10 09:00 – 11:00"
    printed: str = ""  # YYYY-MM-DD HH:MM


@dataclass(frozen=True)
class Line:
    family_name: str
    first_name: str
    username: str
    entry_code: str


def register_order(lines: Iterable[Line]) -> list[Line]:
    """By family name, then first name, accents and case set aside as the Candidates list
    sorts them (Ñúñez with the N's); then username and code, so that equal names always come
    in one order."""
    return sorted(
        lines,
        key=lambda x: (collation_key(x.family_name), collation_key(x.first_name), x.username.casefold(), x.entry_code),
    )


class _Measure:
    """Text widths in mm per point of font size, each character measured once."""

    def __init__(self, pdf) -> None:
        self.pdf = pdf
        self.chars: dict[tuple[str, str], dict[str, float]] = {}

    def char(self, font: tuple[str, str], c: str) -> float:
        table = self.chars.setdefault(font, {})
        width = table.get(c)
        if width is None:
            pdf = self.pdf
            was = (pdf.font_family, pdf.font_style, pdf.font_size_pt)
            pdf.set_font(font[0], font[1], 100)
            width = table[c] = pdf.get_string_width(c) / 100
            if was[0]:  # the font in use before, for the text that follows
                pdf.set_font(*was)
        return width

    def text(self, font: tuple[str, str], text: str) -> float:
        table = self.chars.get(font, {})
        try:
            return sum(map(table.__getitem__, text))
        except KeyError:  # a character not met before
            return sum(self.char(font, c) for c in text)


BREAK_AFTER = frozenset(" -_.@‐‑/")


Cell = tuple[float, list[str]]  # a value as it is set: its size (points) and its lines


def fit(measure: _Measure, font: tuple[str, str], text: str, room: float, base: float = BASE) -> Cell:
    """The size and the lines to set ``text`` in ``room`` mm: at ``base`` when it fits,
    smaller down to ``FLOOR`` when that fits, else wrapped at ``FLOOR``."""
    width = measure.text(font, text)
    if width * base <= room:
        return base, [text]
    size = int(room / width * 10) / 10  # to 0.1 pt, down: never wider than the room
    if size >= FLOOR:
        return size, [text]
    return FLOOR, wrap(measure, font, text, room / FLOOR)


def wrap(measure: _Measure, font: tuple[str, str], text: str, room: float) -> list[str]:
    """Greedy lines of at most ``room`` (mm per point): broken after a space or one of
    ``_ - . @ /`` where one falls in the line, else between two characters."""
    lines: list[str] = []
    start, width, last_break = 0, 0.0, -1
    i = 0
    while i < len(text):
        c = text[i]
        w = measure.char(font, c)
        if width + w > room and i > start:
            cut = last_break + 1 if last_break >= start else i
            lines.append(text[start:cut].rstrip(" "))
            start = cut
            while start < len(text) and text[start] == " ":
                start += 1
            i, width, last_break = start, 0.0, -1
            continue
        width += w
        if c in BREAK_AFTER:
            last_break = i
        i += 1
    if start < len(text):
        lines.append(text[start:])
    return lines or [""]


Progress = Callable[[str, int, int], None]  # (stage, done, total)
LAYING_OUT, WRITING = "Laying out the register", "Writing the register"
EVERY = 500  # rows between reports while laying out


def render_register(heading: Heading, lines: list[Line], progress: Progress | None = None) -> bytes:
    """The register of ``lines`` (put in register order here).  ``progress(stage, done,
    total)``, in rows: every ``EVERY`` rows laid out (``LAYING_OUT``), then after each page
    set (``WRITING``)."""
    from fpdf import FPDF  # imported when a register is asked for: 0.5 s that no other command should pay

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.add_font("DejaVuMono", "B", str(FONTS / "DejaVuSansMono-Bold.ttf"))
    pdf.set_title(f"Attendance register: {heading.session}")
    pdf.set_creator("entrytui")
    _Register(pdf, heading, register_order(lines), progress).draw()
    return bytes(pdf.output())


class _Row:
    __slots__ = ("cells", "height")

    def __init__(self, cells: list[Cell]) -> None:
        self.cells = cells
        self.height = max(ROW_H, max(len(rows) * size * LEADING * PT for size, rows in cells) + 2 * PAD)


Placed = tuple[float, float, tuple[str, str], float, str]  # x, baseline, font, size, text


class _Register:
    """Lays every row out first (so that "Page X of Y" knows Y: fpdf2's page-count alias
    does not reach text set with ``text()`` in an embedded font), then sets a page at a
    time, column by column (one font change per column and size, not per cell)."""

    def __init__(self, pdf, heading: Heading, lines: list[Line], progress) -> None:
        self.pdf, self.lines, self.progress = pdf, lines, progress
        self.measure = _Measure(pdf)
        self.font: tuple[str, str, float] | None = None
        self.header, self.top = self.lay_out_header(heading)
        self.footer = fit(self.measure, SANS, f"{heading.session} · attendance register", 140, 8)
        self.bottom = PAGE_H - MARGIN - 7  # room for the footer
        self.y = self.top

    def set_font(self, font: tuple[str, str], size: float) -> None:
        if self.font != (*font, size):
            self.pdf.set_font(font[0], font[1], size)
            self.font = (*font, size)

    def lay_out_header(self, h: Heading) -> tuple[list[Placed], float]:
        """What every page's header holds, placed; and where the table starts."""
        count = f"{len(self.lines):,} candidate" + ("" if len(self.lines) == 1 else "s")
        bold = ("DejaVu", "B")
        placed: list[Placed] = [(MARGIN, MARGIN + 5, bold, 15, "Attendance register")]
        placed.append((PAGE_W - MARGIN - self.measure.text(bold, count) * 11, MARGIN + 5, bold, 11, count))
        y = MARGIN + 9
        half, label_w = (PAGE_W - 2 * MARGIN) / 2, 22
        pairs = [
            (("Institution", h.institution), ("Session", h.session)),
            (("Test", h.test), ("Venue", h.venue or "-")),
            (("Start – end", h.when), ("Printed", h.printed or "-")),
        ]
        for pair in pairs:
            used = 5.0
            for i, (label, value) in enumerate(pair):
                x = MARGIN + i * half
                placed.append((x, y + 9 * PT, bold, 9, label))
                size, rows = fit(self.measure, SANS, value, half - label_w - 3)
                step = size * LEADING * PT
                placed += [(x + label_w, y + 9 * PT + n * step, SANS, size, t) for n, t in enumerate(rows)]
                used = max(used, len(rows) * step)
            y += used + 1
        return placed, y + 2

    def draw(self) -> None:
        pages: list[list[_Row]] = [[]]
        room = self.bottom - self.top - HEADINGS_H
        used = 0.0
        for number, line in enumerate(self.lines, start=1):
            values = (str(number), line.family_name, line.first_name, line.username, line.entry_code)
            row = _Row([fit(self.measure, c.font, v, c.width - 2 * PAD) for c, v in zip(COLUMNS, values)])
            if pages[-1] and used + row.height > room:
                pages.append([])
                used = 0.0
            pages[-1].append(row)
            used += row.height
            if self.progress and number % EVERY == 0:
                self.progress(LAYING_OUT, number, len(self.lines))
        if used + TOTALS_H > room:
            pages.append([])  # the totals on a page of their own
        done = 0
        for rows in pages:
            self.page(len(pages), table=bool(rows))
            self.rows(rows)
            done += len(rows)
            if self.progress:
                self.progress(WRITING, done, len(self.lines))
        self.totals(len(self.lines))

    def page(self, count: int, table: bool) -> None:
        """A new page: the header, the footer and (``table``) the column headings."""
        pdf = self.pdf
        pdf.add_page()
        self.font = None
        for x, y, font, size, text in self.header:
            self.set_font(font, size)
            pdf.text(x, y, text)
        size, rows = self.footer
        self.set_font(SANS, size)
        pdf.text(MARGIN, FOOTER_Y, rows[0] if len(rows) == 1 else rows[0] + "…")
        self.set_font(SANS, 8)
        said = f"Page {pdf.page_no()} of {count}"
        pdf.text(PAGE_W - MARGIN - self.measure.text(SANS, said) * 8, FOOTER_Y, said)
        self.y = self.top
        if not table:
            return
        pdf.set_fill_color(235)
        pdf.rect(MARGIN, self.y, PAGE_W - 2 * MARGIN, HEADINGS_H, style="F")
        pdf.set_fill_color(0)  # as the text: fpdf2 wraps every text() in a colour change otherwise
        x = MARGIN
        for column in COLUMNS:
            size, rows = fit(self.measure, ("DejaVu", "B"), column.heading, column.width - 2 * PAD, 8.5)
            self.set_font(("DejaVu", "B"), size)
            pdf.text(x + PAD, self.y + 4.8, rows[0])
            x += column.width
        self.y += HEADINGS_H

    def rows(self, page: list[_Row]) -> None:
        """A page's rows: each column's values, the Present boxes, then the grid."""
        pdf, x = self.pdf, MARGIN
        tops, y = [], self.y
        for row in page:
            tops.append(y)
            y += row.height
        for n, column in enumerate(COLUMNS[:TEXT_COLUMNS]):
            for size in sorted({row.cells[n][0] for row in page}):
                self.set_font(column.font, size)
                step = size * LEADING * PT
                for top, row in zip(tops, page):
                    cell_size, lines = row.cells[n]
                    if cell_size != size:
                        continue
                    first = top + (row.height - len(lines) * step) / 2 + step * 0.78  # centred; line 1's baseline
                    for k, text in enumerate(lines):
                        pdf.text(x + PAD, first + k * step, text)
            x += column.width
        if not page:
            return
        pdf.set_draw_color(0)
        pdf.set_line_width(0.3)
        box_x = x + (COLUMNS[TEXT_COLUMNS].width - BOX) / 2
        for top, row in zip(tops, page):
            pdf.rect(box_x, top + (row.height - BOX) / 2, BOX, BOX)
        pdf.set_draw_color(GRID_GREY)
        pdf.set_line_width(0.2)
        for rule in [self.top, self.y, *(top + row.height for top, row in zip(tops, page))]:
            pdf.line(MARGIN, rule, PAGE_W - MARGIN, rule)
        x = MARGIN
        pdf.line(x, self.top, x, y)
        for column in COLUMNS:
            x += column.width
            pdf.line(x, self.top, x, y)
        self.y = y

    def totals(self, total: int) -> None:
        """What the invigilator fills in, under the last row."""
        pdf, y = self.pdf, self.y + 8
        self.set_font(("DejaVu", "B"), 10)
        pdf.text(MARGIN, y, f"Total: {total:,} candidate" + ("" if total == 1 else "s"))
        self.set_font(SANS, 10)
        pdf.text(MARGIN + 62, y, "Present: ________     Absent: ________")
        pdf.text(MARGIN, y + 9, "Invigilator: ______________________________     Signature: ____________________")
