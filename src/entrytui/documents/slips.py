"""Candidate login information as files: a PDF of slips, and a CSV.

Pure rendering (bytes out); writing the files durably is :mod:`entrytui.files`' job.
The PDF embeds DejaVu fonts (shipped in ``fonts/``) so every username character the
rules allow prints; the credentials use a monospaced bold face, where 0/O and 1/l/I cannot
be confused.

Two layouts (:class:`Layout`): the portal's one slip to an A4 page, and sheets of 8 slips
(2 across, 4 down) with dashed cut lines, for centres that would rather not print a page
each.  Every slip holds the same fields.  A value too wide for its cell shrinks down to a
floor, then wraps inside the cell (:mod:`entrytui.documents.fitting`); its row grows with it,
so the label stays on the value's first line and the rule runs under both.  A slip whose
values would make it taller than its place is set smaller as a whole: nothing is cut off,
and nothing is drawn in the margins or across a cut line.
"""

from __future__ import annotations

from dataclasses import asdict, astuple, dataclass, fields, replace
from enum import StrEnum
from pathlib import Path

from entrytui.documents.fitting import Fitted, fit
from entrytui.documents.sheets import NEW_CSV, write_sheet

FONTS = Path(__file__).with_name("fonts")


@dataclass(frozen=True)
class Slip:
    username: str
    password: str
    institution_id: str
    entry_code: str
    candidate: str
    session: str
    test: str
    venue: str
    start: str
    issued: str  # when the slip was made, YYYY-MM-DD HH:MM: the newest slip is the one that holds


HEADINGS = [
    "User ID",
    "Password",
    "Institution ID",
    "Entry code",
    "Candidate",
    "Session",
    "Test",
    "Venue",
    "Start",
    "Issued",
]
assert len(HEADINGS) == len(fields(Slip))


def render_csv(slips: list[Slip]) -> bytes:
    """UTF-8 with a byte-order mark, so a spreadsheet opens accents correctly; formula-safe."""
    return write_sheet([HEADINGS, *(list(astuple(slip)) for slip in slips)], NEW_CSV)


class Layout(StrEnum):
    """How the slips sit on A4 paper."""

    PAGE = "page"  # the portal's: one slip to a page
    SHEET = "sheet"  # 8 slips to a page, 2 across and 4 down, with dashed cut lines between them


PAGE_W, PAGE_H = 210.0, 297.0  # A4 portrait, mm
MARGIN = 10.0  # mm left blank at each edge of the paper, inside what printers can print
COLUMNS, ROWS = 2, 4  # a sheet's slips
PER_SHEET = COLUMNS * ROWS
GUTTER = 3.5  # mm a sheet's slip keeps clear of each cut line (and of the margin)
RULE_GREY, CUT_GREY = 120, 150  # the rules under the fields and the cut lines (0 black, 255 white)
SANS, BOLD, MONO = ("DejaVu", ""), ("DejaVu", "B"), ("DejaVuMono", "B")
NOTE = (
    "Keep these details private. Log in with your User ID and Password, "
    "then enter your Entry code when the test asks for it."
)


@dataclass(frozen=True)
class _Style:
    """A layout's sizes: fonts in points, lengths in mm.  A value that does not fit its cell at
    its size (``text``, or ``key`` for the credentials) shrinks down to its floor, then wraps."""

    title: float
    subtitle: float
    label: float
    text: float
    text_floor: float
    key: float
    key_floor: float
    note: float
    label_width: float
    row: float  # the least height of a field's row
    pad: float  # above and below a value that wraps
    inset: float  # between a cell's side and its text
    gap: float  # under the header, above the note
    heading_leading: float

    def scaled(self, factor: float) -> _Style:
        """Every size and length times ``factor`` (a leading is a ratio: it stays)."""
        sizes = {name: value * factor for name, value in asdict(self).items() if name != "heading_leading"}
        return replace(self, **sizes)


PAGE_STYLE = _Style(
    title=18,
    subtitle=11,
    label=12,
    text=12,
    text_floor=9,
    key=16,
    key_floor=10,
    note=10,
    label_width=45,
    row=11,
    pad=1.5,
    inset=1,
    gap=6,
    heading_leading=1.7,
)
SHEET_STYLE = _Style(
    title=10,
    subtitle=7,
    label=7,
    text=8,
    text_floor=6,
    key=9.5,
    key_floor=6.5,
    note=6,
    label_width=22,
    row=4.9,
    pad=0.6,
    inset=0.8,
    gap=1.4,
    heading_leading=1.35,
)


def render_pdf(slips: list[Slip], institution_name: str, progress=None, layout: Layout | str = Layout.PAGE) -> bytes:
    """The slips on A4 pages, one a page or 8 a sheet (``layout``); ``progress(done, total)``."""
    from fpdf import FPDF  # imported when slips are asked for: 0.5 s that no other command should pay

    layout = Layout(layout)
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.add_font("DejaVuMono", "B", str(FONTS / "DejaVuSansMono-Bold.ttf"))
    pdf.set_title("Candidate login information")
    pdf.set_creator("entrytui")
    per_page = PER_SHEET if layout is Layout.SHEET else 1
    for done, slip in enumerate(slips, start=1):
        place = (done - 1) % per_page
        if place == 0:
            pdf.add_page()
            if layout is Layout.SHEET:
                _cut_lines(pdf, min(per_page, len(slips) - done + 1))
        if layout is Layout.SHEET:
            box = _sheet_box(place)
            _slip(pdf, slip, institution_name, box, SHEET_STYLE)
        else:
            _slip(pdf, slip, institution_name, (MARGIN, MARGIN, PAGE_W - 2 * MARGIN, PAGE_H - 2 * MARGIN), PAGE_STYLE)
        if progress:
            progress(done, len(slips))
    return bytes(pdf.output())


def cell_size() -> tuple[float, float]:
    """A sheet's slip, from cut line to cut line (mm)."""
    return (PAGE_W - 2 * MARGIN) / COLUMNS, (PAGE_H - 2 * MARGIN) / ROWS


def _sheet_box(place: int) -> tuple[float, float, float, float]:
    """Where the slip in ``place`` (0 to 7, along each row, then down) may draw: x, y, w, h."""
    width, height = cell_size()
    column, row = place % COLUMNS, place // COLUMNS
    return (
        MARGIN + column * width + GUTTER,
        MARGIN + row * height + GUTTER,
        width - 2 * GUTTER,
        height - 2 * GUTTER,
    )


def _cut_lines(pdf, count: int) -> None:
    """Dashed lines between the slips of a sheet holding ``count``, and under its last row."""
    width, height = cell_size()
    rows = -(-count // COLUMNS)
    pdf.set_draw_color(CUT_GREY)
    pdf.set_line_width(0.25)
    pdf.set_dash_pattern(dash=2.5, gap=1.5)
    for column in range(1, COLUMNS):
        x = MARGIN + column * width
        pdf.line(x, MARGIN, x, MARGIN + rows * height)
    for row in range(1, min(rows + 1, ROWS)):
        y = MARGIN + row * height
        pdf.line(MARGIN, y, PAGE_W - MARGIN, y)
    pdf.set_dash_pattern()


def _fields(slip: Slip) -> list[tuple[str, str, bool]]:
    """(label, value, a credential: in the monospaced face)"""
    return [
        ("Candidate", slip.candidate, False),
        ("User ID", slip.username, True),
        ("Password", slip.password, True),
        ("Institution ID", slip.institution_id, True),
        ("Entry code", slip.entry_code, True),
        ("Session", slip.session, False),
        ("Test", slip.test, False),
        ("Venue", slip.venue or "-", False),
        ("Start", slip.start, False),
        ("Issued", slip.issued, False),
    ]


@dataclass(frozen=True)
class _Plan:
    """One slip laid out for a width: its blocks, and the height they take."""

    title: Fitted
    subtitle: Fitted
    rows: list[tuple[Fitted, Fitted, float]]  # label, value, the row's height
    note: Fitted
    style: _Style

    @property
    def height(self) -> float:
        fields = sum(height for _, _, height in self.rows)
        return self.title.height + self.subtitle.height + self.style.gap * 2 + fields + self.note.height


def _plan(pdf, slip: Slip, institution_name: str, width: float, style: _Style) -> _Plan:
    inside = width - 2 * style.inset
    heading = style.heading_leading
    title = fit(pdf, "Candidate login information", inside, BOLD, style.title, style.title * 0.6, leading=heading)
    subtitle = fit(
        pdf,
        f"{institution_name} ({slip.institution_id})",
        inside,
        SANS,
        style.subtitle,
        style.subtitle * 0.8,
        leading=heading,
    )
    value_width = width - style.label_width - 2 * style.inset
    rows = []
    for label, value, key in _fields(slip):
        if key:
            fitted = fit(pdf, value, value_width, MONO, style.key, style.key_floor, words=False)
        else:
            fitted = fit(pdf, value, value_width, SANS, style.text, style.text_floor)
        name = Fitted(*SANS, style.label, (label,))
        rows.append((name, fitted, max(style.row, fitted.height + 2 * style.pad)))
    note = fit(pdf, NOTE, inside, SANS, style.note, style.note * 0.8)
    return _Plan(title, subtitle, rows, note, style)


def _slip(pdf, slip: Slip, institution_name: str, box: tuple[float, float, float, float], style: _Style) -> None:
    """One slip inside ``box`` (x, y, w, h).  When its values make it taller than the box, the
    whole slip is set smaller until it fits: nothing is ever cut off or drawn outside."""
    x, y, width, height = box
    plan = _plan(pdf, slip, institution_name, width, style)
    factor = 1.0
    while plan.height > height and factor > 0.05:
        factor *= 0.92
        plan = _plan(pdf, slip, institution_name, width, style.scaled(factor))
    style = plan.style
    left = x + style.inset
    y = plan.title.draw(pdf, left, y)
    y = plan.subtitle.draw(pdf, left, y) + style.gap
    pdf.set_draw_color(RULE_GREY)
    pdf.set_line_width(0.2)
    value_left = x + style.label_width + style.inset
    for label, value, row_height in plan.rows:
        top = y + (row_height - value.height) / 2
        pdf.set_font(label.family, label.style, label.size)
        pdf.text(left, value.baseline(top), label.lines[0])  # on the value's first line
        value.draw(pdf, value_left, top)
        y += row_height
        pdf.line(x, y, x + width, y)  # under the label and the value alike
    plan.note.draw(pdf, left, y + style.gap)
