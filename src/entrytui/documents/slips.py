"""Candidate login information as files: a PDF with one page per candidate, and a CSV.

Pure rendering (bytes out); writing the files durably is :mod:`entrytui.files`' job.
The PDF embeds DejaVu fonts (shipped in ``fonts/``) so every username character the
rules allow prints; the password and entry code use a monospaced face, where 0/O and
1/l/I cannot be confused.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass, fields
from pathlib import Path

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


def render_pdf(slips: list[Slip], institution_name: str, progress=None) -> bytes:
    """One A4 page per candidate, to hand out or cut; ``progress(done, total)``."""
    from fpdf import FPDF  # imported when slips are asked for: 0.5 s that no other command should pay

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.add_font("DejaVuMono", "B", str(FONTS / "DejaVuSansMono-Bold.ttf"))
    pdf.set_title("Candidate login information")
    pdf.set_creator("entrytui")
    for done, slip in enumerate(slips, start=1):
        _page(pdf, slip, institution_name)
        if progress:
            progress(done, len(slips))
    return bytes(pdf.output())


def _page(pdf, slip: Slip, institution_name: str) -> None:
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 18)
    pdf.cell(0, 12, "Candidate login information", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 11)
    pdf.cell(0, 7, f"{institution_name} ({slip.institution_id})", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    rows = [
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
    for label, value, key in rows:
        pdf.set_font("DejaVu", "", 12)
        pdf.cell(45, 11, label, border="B")
        if key:
            pdf.set_font("DejaVuMono", "B", 16)
        pdf.multi_cell(0, 11, value, border="B", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(
        0,
        6,
        "Keep these details private. Log in with your User ID and Password, "
        "then enter your Entry code when the test asks for it.",
    )
