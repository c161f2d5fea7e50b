"""The attendance register: read back from the PDF (its text, where each value is), rendered
to pixels to see that nothing overflows, the service that writes it and ``entrytui register``."""

from __future__ import annotations

import io
import os
import random
import stat
import time
from pathlib import Path

import pypdfium2
import pytest
from pypdf import PdfReader

from entrytui.documents import register as document
from entrytui.documents.register import COLUMNS, FLOOR, MARGIN, PAGE_H, PAGE_W, Heading, Line, render_register
from entrytui.errors import InputRefused, NotFound
from entrytui.services.audit import list_events
from entrytui.services.entries import add_entry, withdraw_entry
from entrytui.services.register import produce_register
from entrytui.services.sessions import add_session
from entrytui.store import Store
from helpers import run_entrytui

MM = 72 / 25.4  # PDF points in a mm
HEADING = Heading(
    "Oxford Language Centre (GB123)",
    "December Linguaskill (S1)",
    "Linguaskill",
    "Oxford Centre",
    "2099-12-10 09:00 – 11:00",
    "2099-12-01 08:00",
)


def placed(pdf, page: int = 0) -> list[tuple[float, float, str]]:
    """(x, y, text) of each piece of text on a page, in mm from the top left."""
    found: list[tuple[float, float, str]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append((tm[4] / MM, PAGE_H - tm[5] / MM, text.strip()))

    PdfReader(pdf).pages[page].extract_text(visitor_text=visit)
    return found


def column_of(x: float) -> int:
    left = MARGIN
    for n, column in enumerate(COLUMNS):
        if x < left + column.width:
            return n
        left += column.width
    return len(COLUMNS)


def table_rows(pdf, page: int = 0) -> list[list[str]]:
    """A page's rows as the invigilator reads them: number, family name, first name, username,
    entry code (a wrapped value's lines joined), each text placed in the row whose number is
    nearest to it."""
    pieces = placed(pdf, page)
    end = min([y for _, y, text in pieces if text.startswith("Total:")] + [PAGE_H - MARGIN - 3])  # the totals, footer
    pieces = [p for p in pieces if 50 < p[1] < end - 1]  # below the header
    numbers = sorted((y, text) for x, y, text in pieces if column_of(x) == 0 and text.isdigit())
    rows = [[number, "", "", "", ""] for _, number in numbers]
    for x, y, text in sorted(pieces, key=lambda p: p[1]):
        n = column_of(x)
        if 0 < n < 5 and numbers:
            nearest = min(range(len(numbers)), key=lambda i: abs(numbers[i][0] - y))
            rows[nearest][n] += text
    return rows


def page_texts(pdf) -> list[str]:
    return [page.extract_text() for page in PdfReader(pdf).pages]


PEOPLE = [  # (first, family, username), entered in this order
    ("cy", "Silva", "Cand_cy"),
    ("Marie", "Durand", "Cand_md"),
    ("Bo", "Silva", "Cand_bo"),
    ("Chloé", "dubois", "Cand_cd"),
    ("Élodie", "Silva", "Cand_es"),
    ("Iker", "Ñúñez", "Cand_in"),
    ("ana", "Silva", "Cand_as"),
]


@pytest.fixture
def entered(store) -> list[str]:
    return [
        add_entry(store, "S1", first_name=f, family_name=L, username=u, password="Secret123").entry.entry_code
        for f, L, u in PEOPLE
    ]


# ---- the document ----------------------------------------------------------------------------


def test_sorted_by_family_name_then_first_name_accents_and_case_set_aside(store, entered, tmp_path):
    produce_register(store, "S1", tmp_path / "r.pdf")
    rows = table_rows(tmp_path / "r.pdf")
    assert [(r[1], r[2]) for r in rows] == [
        ("dubois", "Chloé"),
        ("Durand", "Marie"),
        ("Ñúñez", "Iker"),  # with the N's, not after Z
        ("Silva", "ana"),
        ("Silva", "Bo"),
        ("Silva", "cy"),
        ("Silva", "Élodie"),  # with the E's
    ]
    assert [r[0] for r in rows] == ["1", "2", "3", "4", "5", "6", "7"]
    codes = dict(zip([u for _, _, u in PEOPLE], entered))
    assert [(r[3], r[4]) for r in rows][0] == ("Cand_cd", codes["Cand_cd"]), "username and entry code on the row"


def test_withdrawn_entries_are_left_out_and_the_totals_count_the_rest(store, entered, tmp_path):
    withdraw_entry(store, entered[1], "ill")
    written = produce_register(store, "S1", tmp_path / "r.pdf")
    assert written.candidates == 6 and written.pdf == tmp_path / "r.pdf"
    [text] = page_texts(tmp_path / "r.pdf")
    assert "Durand" not in text and "Cand_md" not in text and entered[1] not in text
    assert "6 candidates" in text and "Total: 6 candidates" in text and "Present:" in text
    assert [r[3] for r in table_rows(tmp_path / "r.pdf")] == [
        "Cand_cd", "Cand_in", "Cand_as", "Cand_bo", "Cand_cy", "Cand_es"
    ]  # fmt: skip


def test_sixty_entries_span_pages_each_with_its_header_and_page_x_of_y(tmp_path):
    lines = [Line(f"Family{n:02d}", "Ana", f"Cand{n:03d}", f"CODE{n:04d}") for n in range(60)]
    random.Random(1).shuffle(lines)
    (tmp_path / "r.pdf").write_bytes(render_register(HEADING, lines))
    texts = page_texts(tmp_path / "r.pdf")
    assert len(texts) == 3
    for number, text in enumerate(texts, start=1):
        for said in (
            "Attendance register",
            "60 candidates",
            "Oxford Language Centre (GB123)",
            "December Linguaskill (S1)",
            "Linguaskill",
            "Oxford Centre",
            "2099-12-10 09:00 – 11:00",
            "No. Family name First name Username Entry code Present Signature",
            f"Page {number} of 3",
        ):
            assert said in text, f"page {number}: {said!r}"
    rows = [row for page in range(3) for row in table_rows(tmp_path / "r.pdf", page)]
    assert [r[0] for r in rows] == [str(n) for n in range(1, 61)]
    assert [r[1] for r in rows] == [f"Family{n:02d}" for n in range(60)], "in order across the pages"
    assert "Total: 60 candidates" in texts[-1] and "Total" not in texts[0]


def test_every_column_heading_fits_its_column_on_one_line():
    from fpdf import FPDF  # the document imports fpdf2 only when it renders

    pdf = FPDF()
    pdf.add_font("DejaVu", "B", str(document.FONTS / "DejaVuSans-Bold.ttf"))
    measure = document._Measure(pdf)
    for column in COLUMNS:
        size, lines = document.fit(measure, ("DejaVu", "B"), column.heading, column.width - 2 * document.PAD, 8.5)
        assert lines == [column.heading] and size >= FLOOR, column


@pytest.mark.parametrize(
    "text",
    ["OxfordCentre_20261210_Cand001_" * 3, "x" * 100, "Maria Fernanda de la Concepción y Vasquez-Longname " * 2],
)
def test_a_long_value_wraps_within_its_room_and_keeps_every_character(text):
    from fpdf import FPDF  # the document imports fpdf2 only when it renders

    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(document.FONTS / "DejaVuSans.ttf"))
    measure = document._Measure(pdf)
    room = 30.0
    size, lines = document.fit(measure, document.SANS, text.strip(), room)
    assert size == FLOOR and len(lines) > 1
    assert all(measure.text(document.SANS, line) * size <= room + 1e-9 for line in lines)
    assert "".join(lines).replace(" ", "") == text.strip().replace(" ", "")
    if "_" in text:
        assert all(line.endswith("_") for line in lines[:-1]), "broken after the underscores"


# ---- nothing overflows: the page rendered to pixels --------------------------------------------

SCALE = 4  # pixels per point: 288 dpi
DARK = 100  # a pixel darker than this is ink: text or a Present box (the grid is grey 150)


def ink(pdf, page: int = 0):
    """The page as a grey image (0 black, 255 white) and a function telling the ink in a
    rectangle given in mm."""
    image = pypdfium2.PdfDocument(pdf)[page].render(scale=SCALE, grayscale=True).to_pil().convert("L")
    px = image.load()
    per_mm = SCALE * MM

    def dark(x0: float, y0: float, x1: float, y1: float) -> list[tuple[float, float]]:
        return [
            (x / per_mm, y / per_mm)
            for x in range(max(0, round(x0 * per_mm)), min(image.width, round(x1 * per_mm)))
            for y in range(max(0, round(y0 * per_mm)), min(image.height, round(y1 * per_mm)))
            if px[x, y] < DARK
        ]

    return image, dark


def overflows(pdf, page: int = 0) -> list[str]:
    """Ink where none may be: in the page's margins, on a column's dividing line (±0.6 mm: the
    text keeps 1.2 mm from it), on a row's rule, or where a header value would run into the
    next one."""
    image, dark = ink(pdf, page)
    px = image.load()
    found = []
    for name, box in {
        "left margin": (0, 0, MARGIN, PAGE_H),
        "right margin": (PAGE_W - MARGIN, 0, PAGE_W, PAGE_H),
        "top margin": (0, 0, PAGE_W, MARGIN),
        "bottom margin": (0, PAGE_H - MARGIN, PAGE_W, PAGE_H),
        "the header's two halves": (PAGE_W / 2 - 2.6, MARGIN + 8, PAGE_W / 2 - 0.2, 45),
    }.items():
        if hits := dark(*box):
            found.append(f"{name}: {len(hits)} dark pixels, first at {hits[0]}")
    # the grid's rules: rows of pixels grey across the table's whole width
    per_mm = SCALE * MM
    left, right = round((MARGIN + 0.5) * per_mm), round((PAGE_W - MARGIN - 0.5) * per_mm)
    rules = [
        y
        for y in range(image.height)
        if sum(1 for x in range(left, right, 7) if px[x, y] < 235) > 0.9 * len(range(left, right, 7))
    ]
    assert len(rules) > 10, "the grid's rules are found"
    top, bottom = rules[0] / per_mm, rules[-1] / per_mm
    x = MARGIN
    for column in COLUMNS[:-1]:
        x += column.width
        if hits := dark(x - 0.6, top, x + 0.6, bottom):
            found.append(f"the line after {column.heading}: {len(hits)} dark pixels, first at {hits[0]}")
    for y in rules:
        if hits := dark(MARGIN, y / per_mm, PAGE_W - MARGIN, (y + 1) / per_mm):
            found.append(f"the rule at {y / per_mm:.1f} mm: {len(hits)} dark pixels, first at {hits[0]}")
            break
    return found


LONG_NAME = "Vasquez-Longfamilyname de la Concepción Fernandez-Wolfeschlegel"[:60]
LONG_USERNAME = "OxfordCentre_20261210_" + "VeryLongCandidateUsername" * 3 + "x" * 3
assert len(LONG_NAME) == 60 and len(LONG_USERNAME) == 100


def long_register(tmp_path) -> tuple:
    heading = Heading(
        "The Oxford and Abingdon Centre for English Language Teaching and Examinations (GB12345)",
        "December Linguaskill for the Business School, Groups A to F, morning sitting (S17)",
        "Linguaskill Business",
        "Examination Hall 3, Second Floor, the Old Library Building, Broad Street",
        "2099-12-10 09:00 – 11:00",
        "2099-12-01 08:00",
    )
    lines = [
        Line(LONG_NAME, LONG_NAME, LONG_USERNAME, "ZZZZZZZZ"),
        Line("Li", "Bo", "OxfordCentre_20261210_Cand002", "R4TW8HNB"),
        Line("Silva", LONG_NAME, "Cand3" + "_x" * 47, "7KQ2M9XD"),
        *(Line(f"Zimmer{n}", "Ana", f"OxfordCentre_20261210_Cand{n:03d}", f"B{n:07d}") for n in range(30)),
    ]
    return heading, lines


def test_a_long_name_and_username_stay_inside_their_columns_and_the_page(tmp_path):
    heading, lines = long_register(tmp_path)
    (tmp_path / "r.pdf").write_bytes(render_register(heading, lines))
    assert len(PdfReader(tmp_path / "r.pdf").pages) == 2
    assert overflows(tmp_path / "r.pdf", 0) == [] and overflows(tmp_path / "r.pdf", 1) == []
    rows = table_rows(tmp_path / "r.pdf")
    whole = [r for r in rows if r[4] == "ZZZZZZZZ"]
    assert whole and whole[0][1].replace(" ", "") == LONG_NAME.replace(" ", ""), "the name whole, over lines"
    assert whole[0][3] == LONG_USERNAME, "the username whole, over lines"


def test_the_overflow_check_finds_a_value_set_without_fitting(tmp_path, monkeypatch):
    """The check above can fail: with every value set at its size on one line, the long
    username runs over its column's line."""
    monkeypatch.setattr(document, "fit", lambda measure, font, text, room, base=document.BASE: (base, [text]))
    heading, lines = long_register(tmp_path)
    (tmp_path / "r.pdf").write_bytes(render_register(heading, lines))
    found = overflows(tmp_path / "r.pdf")
    assert any("the line after Username" in f for f in found), found
    assert any("the header's two halves" in f or "right margin" in f for f in found), found


def test_ten_thousand_entries_render_in_seconds(tmp_path):
    lines = [Line(f"Silva{n % 997}", "Ana", f"OxfordCentre_20261210_Cand{n:05d}", f"B{n:07d}") for n in range(10_000)]
    told = []
    start = time.perf_counter()
    data = render_register(HEADING, lines, lambda *said: told.append(said))
    seconds = time.perf_counter() - start
    reader = PdfReader(io.BytesIO(data))
    pages = len(reader.pages)
    laid_out = [done for stage, done, _ in told if stage == document.LAYING_OUT]
    written = [done for stage, done, _ in told if stage == document.WRITING]
    assert laid_out == list(range(500, 10_001, 500)), "laying out is reported too, before the first page"
    assert len(written) == pages and written == sorted(written) and written[-1] == 10_000
    assert told[-1] == (document.WRITING, 10_000, 10_000)
    assert f"Page {pages} of {pages}" in reader.pages[-1].extract_text()
    assert seconds < 20, f"{seconds:.1f} s for 10,000 rows ({pages} pages)"  # about 2.5 s here; a loaded CI is slower


# ---- the service ---------------------------------------------------------------------------------


def test_it_changes_nothing_in_the_store_and_needs_no_write(store, entered, tmp_path, monkeypatch):
    files = {p: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    events = len(list_events(store))

    def refused(self):
        raise AssertionError("a register never writes to the store")

    monkeypatch.setattr(Store, "transaction", refused)  # as for an operator who may only read it
    told = []
    produce_register(Store(store.path), "S1", tmp_path / "r.pdf", progress=lambda *a: told.append(a))
    assert told[-1] == ("Writing the register", 7, 7)
    monkeypatch.undo()
    assert {p: p.read_bytes() for p in files} == files, "the store's files as they were"
    assert len(list_events(store)) == events, "no audit event: the register shows no password"


def test_the_file_is_private_and_replaces_the_old_one_whole(store, entered, tmp_path):
    target = tmp_path / "r.pdf"
    target.write_bytes(b"old")
    os.chmod(target, 0o644)
    produce_register(store, "S1", target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes().startswith(b"%PDF") and [p.name for p in tmp_path.glob(".r.pdf*")] == []


@pytest.mark.parametrize(
    "where, said",
    [("missing/r.pdf", "the folder"), ("", "no file name given"), (".", "no file name given")],
)
def test_an_unusable_path_is_refused_before_anything_is_read(store, tmp_path, monkeypatch, where, said):
    def not_read(self):
        raise AssertionError("read before the path was checked")

    monkeypatch.setattr(Store, "reading", not_read)
    with pytest.raises(InputRefused, match=said):
        produce_register(store, "S1", tmp_path / where if "/" in where else Path(where))


def test_a_folder_as_the_file_and_a_failed_write_are_refused(store, entered, tmp_path, monkeypatch):
    with pytest.raises(InputRefused, match="is a folder"):
        produce_register(store, "S1", tmp_path)

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device", str(tmp_path / "r.pdf"))

    monkeypatch.setattr("entrytui.services.register.write_atomically", full)
    with pytest.raises(InputRefused, match="cannot write .*r.pdf: No space left on device"):
        produce_register(store, "S1", tmp_path / "r.pdf")


def test_an_unknown_session_and_one_without_active_entries_are_refused(store, entered, tmp_path):
    with pytest.raises(NotFound, match="no session 'S9'"):
        produce_register(store, "S9", tmp_path / "r.pdf")
    add_session(store, name="Empty", test="Linguaskill", start="2100-01-10 09:00")
    with pytest.raises(InputRefused, match=r"Empty \(S2\) has no active entry"):
        produce_register(store, "S2", tmp_path / "r.pdf")
    assert not (tmp_path / "r.pdf").exists()


def test_the_header_says_the_end_with_its_date_when_the_session_ends_another_day(store, tmp_path):
    add_session(store, name="Overnight", test="Linguaskill", start="2100-01-10 23:00", end="2100-01-11 01:00")
    add_entry(store, "S2", first_name="Ana", family_name="Silva", username="Cand1", password="Secret123")
    produce_register(store, "s2", tmp_path / "r.pdf")
    [text] = page_texts(tmp_path / "r.pdf")
    assert "2100-01-10 23:00 – 2100-01-11 01:00" in text and "Overnight (S2)" in text
    assert "Venue -" in text, "no venue"


# ---- the command -------------------------------------------------------------------------------


def test_the_register_command_writes_a_private_file_and_says_so(store, entered, tmp_path):
    result = run_entrytui("register", "--session", "S1", "--pdf", str(tmp_path / "r.pdf"), data=store.path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"register of 7 candidates written to {tmp_path / 'r.pdf'}\n"
    assert stat.S_IMODE((tmp_path / "r.pdf").stat().st_mode) == 0o600
    assert len(table_rows(tmp_path / "r.pdf")) == 7


@pytest.mark.parametrize(
    "args, status, said",
    [
        (["--session", "S9", "--pdf", "{tmp}/r.pdf"], 1, "session: there is no session 'S9'"),
        (["--session", "S1", "--pdf", "{tmp}/missing/r.pdf"], 1, "file: the folder"),
        (["--session", "S1"], 2, "the following arguments are required: --pdf"),
        (["--session", "S1", "--pdf", "{tmp}/r.pdf", "--pages", "2"], 2, "unknown option or argument: --pages"),
    ],
)
def test_the_register_command_exit_statuses(store, entered, tmp_path, args, status, said):
    result = run_entrytui("register", *(a.format(tmp=tmp_path) for a in args), data=store.path)
    assert result.returncode == status and said in result.stderr, result.stderr
    assert not (tmp_path / "r.pdf").exists()


def test_the_register_command_on_a_missing_store_exits_3(tmp_path):
    result = run_entrytui("register", "--session", "S1", "--pdf", str(tmp_path / "r.pdf"), data=tmp_path / "no.json")
    assert result.returncode == 3 and "there is no store" in result.stderr
