"""Slip sheets (8 slips to an A4 page, with cut lines) and slips that never break: read back
as text, and rendered to pixels (pypdfium2) to see that nothing is drawn in the margins or
across a cut line, and that every field's rule runs under its label and its value alike."""

from __future__ import annotations

import io
from dataclasses import replace

import pypdfium2
import pytest
from fpdf import FPDF
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from entrytui.documents import slips as slips_module
from entrytui.documents.fitting import LEADING, Fitted, fit
from entrytui.documents.slips import FONTS, Slip, render_pdf
from entrytui.rules import NAME_MAX, PASSWORD_MAX, TEXT_MAX, USERNAME_ALLOWED, USERNAME_MAX
from entrytui.services.audit import list_events
from entrytui.services.entries import add_entry
from entrytui.services.login_information import produce_login_information
from entrytui.store import Store
from entrytui.tui.dialogs.login_information import LoginInformationDialog
from entrytui.tui.screens.session_entries import SessionEntriesScreen
from helpers import run_entrytui
from ui_helpers import make_app, press, settle, wait_until

# What the slips promise, written out here rather than read from the code under test: A4,
# 10 mm left blank at every edge, a sheet's slips 2 across and 4 down between cut lines.
PAGE_MM = (210, 297)
MARGIN_MM = 10
CUT_X_MM = [105.0]
CUT_Y_MM = [MARGIN_MM + (297 - 2 * MARGIN_MM) / 4 * k for k in (1, 2, 3)]
CLEAR_MM = (0.6, 3.0)  # each side of a cut line, this band is blank paper
DPI = 150
PX = DPI / 25.4  # pixels in a millimetre
SLACK_MM = 1.5 / PX  # a line drawn up to a boundary blurs into the pixel beyond it
FIELDS = ("Candidate", "User ID", "Password", "Institution ID", "Entry code", "Session", "Test", "Venue", "Start")
INSTITUTION = "Oxford Language Centre"

LONG_USERNAME = ("OxfordLanguageCentre_December2026_Linguaskill_Cand" * 4)[:147] + "001"  # 150 characters
LONG_NAME = ("Maximiliana-Alexandrovna", "Konstantinopoulou-Wolfeschlegelberg")  # 60 with the space


def slip(number: int, **changes) -> Slip:
    plain = Slip(
        username=f"OxfordCentre_20261210_Cand{number:03}",
        password=f"Pw{number:03}Abcdefg",
        institution_id="GB123",
        entry_code=f"K{number:07}",
        candidate=f"Ana Silva {number}",
        session="December Linguaskill",
        test="Linguaskill",
        venue="Oxford Centre",
        start="2099-12-10 09:00",
        issued="2026-12-01 09:30",
    )
    return replace(plain, **changes)


def long_slip(number: int) -> Slip:
    username = LONG_USERNAME[:-3] + f"{number:03}"
    return slip(number, username=username, candidate=" ".join(LONG_NAME))


def read_slips(pdf: bytes) -> list[list[dict[str, str]]]:
    """Each page's slips, each as 'label value' lines read back; a value that wraps is read
    with its lines joined (credentials wrap between characters, so joined without a space)."""
    found = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        text = page.extract_text()
        on_page = []
        for chunk in text.split("Candidate login information")[1:]:
            lines = chunk.strip().splitlines()
            fields: dict[str, str] = {}
            current = ""
            for line in lines[1:]:  # after the institution
                label = next((f for f in (*FIELDS, "Issued") if line.startswith(f + " ")), None)
                if label:
                    current, fields[label] = label, line[len(label) + 1 :]
                elif line.startswith("Keep these details private"):
                    current = ""
                elif current:
                    fields[current] += ("" if current in ("User ID", "Password") else " ") + line
            on_page.append(fields)
        found.append(on_page)
    return found


# ---- pixels ------------------------------------------------------------------------------


def render(pdf: bytes, page: int = 0):
    """The page as a greyscale image (0 black, 255 white)."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return document[page].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
    finally:
        document.close()


def px(mm: float) -> int:
    return round(mm * PX)


def inked(image, left_mm: float, top_mm: float, right_mm: float, bottom_mm: float) -> bool:
    """Anything but white paper in this rectangle."""
    box = (px(left_mm), px(top_mm), px(right_mm), px(bottom_mm))
    return image.crop(box).getextrema()[0] < 250


_DARK = bytes(1 if value < 230 else 0 for value in range(256))


def rules(image, left_mm: float, right_mm: float, top_mm: float, bottom_mm: float) -> int:
    """How many horizontal lines run across at least 85% of the width between left and right
    (a field's rule under its label and its value; text never fills a row that far)."""
    left, right = px(left_mm), px(right_mm)
    region = image.crop((left, px(top_mm), right, px(bottom_mm)))
    width = right - left
    data = region.tobytes().translate(_DARK)
    full = [data[row * width : (row + 1) * width].count(1) >= 0.85 * width for row in range(region.height)]
    return sum(1 for row, is_full in enumerate(full) if is_full and (row == 0 or not full[row - 1]))


def outside_the_margins(image) -> list[str]:
    """Ink beyond the margins (give or take the pixel a line ending on the margin blurs into)."""
    width, height = PAGE_MM
    edge = MARGIN_MM - SLACK_MM
    edges = {
        "top": (0, 0, width, edge),
        "bottom": (0, height - edge, width, height),
        "left": (0, 0, edge, height),
        "right": (width - edge, 0, width, height),
    }
    return [f"ink in the {edge} margin" for edge, box in edges.items() if inked(image, *box)]


def across_the_cut_lines(image) -> list[str]:
    """Ink in the blank bands beside a cut line (away from where the cut lines cross)."""
    near, far = CLEAR_MM
    width, height = PAGE_MM
    problems = []
    crossings_y = [MARGIN_MM, *CUT_Y_MM, height - MARGIN_MM]
    for x in CUT_X_MM:
        for top, bottom in zip(crossings_y, crossings_y[1:]):
            for side in (-1, 1):
                a, b = sorted((x + side * near, x + side * far))
                if inked(image, a, top + near, b, bottom - near):
                    problems.append(f"ink beside the cut at x={x} mm, between y={top:.0f} and {bottom:.0f} mm")
    crossings_x = [MARGIN_MM, *CUT_X_MM, width - MARGIN_MM]
    for y in CUT_Y_MM:
        for left, right in zip(crossings_x, crossings_x[1:]):
            for side in (-1, 1):
                a, b = sorted((y + side * near, y + side * far))
                if inked(image, left + near, a, right - near, b):
                    problems.append(f"ink beside the cut at y={y:.1f} mm, between x={left:.0f} and {right:.0f} mm")
    return problems


def cut_lines_drawn(image) -> bool:
    """The dashes are there: dark pixels along most of the cut between the first row's slips
    and under that row (the lines a sheet of one slip has too)."""
    x, y = px(CUT_X_MM[0]), px(CUT_Y_MM[0])
    down = image.crop((x - 2, px(MARGIN_MM), x + 3, y))
    across = image.crop((px(MARGIN_MM), y - 2, px(PAGE_MM[0] - MARGIN_MM), y + 3))
    dashed_down = sum(1 for row in range(down.height) if down.crop((0, row, 5, row + 1)).getextrema()[0] < 240)
    dashed_across = sum(1 for col in range(across.width) if across.crop((col, 0, col + 1, 5)).getextrema()[0] < 240)
    return dashed_down > 0.5 * down.height and dashed_across > 0.5 * across.width


def sheet_cells():
    """(left, right, top, bottom) mm of each slip's place, along each row, then down."""
    xs = [MARGIN_MM, *CUT_X_MM, PAGE_MM[0] - MARGIN_MM]
    ys = [MARGIN_MM, *CUT_Y_MM, PAGE_MM[1] - MARGIN_MM]
    return [(xs[c], xs[c + 1], ys[r], ys[r + 1]) for r in range(4) for c in range(2)]


def page_problems(pdf: bytes) -> list[str]:
    image = render(pdf)
    found = rules(image, MARGIN_MM, PAGE_MM[0] - MARGIN_MM, MARGIN_MM, PAGE_MM[1] - MARGIN_MM)
    ruled = [] if found == 10 else [f"{found} rules run under both label and value, not 10"]
    return outside_the_margins(image) + ruled


def sheet_problems(pdf: bytes, count: int = 8) -> list[str]:
    image = render(pdf)
    problems = outside_the_margins(image) + across_the_cut_lines(image)
    for number, (left, right, top, bottom) in enumerate(sheet_cells()[:count], start=1):
        found = rules(image, left, right, top, bottom)
        if found != 10:
            problems.append(f"slip {number}: {found} rules run under both label and value, not 10")
    if not cut_lines_drawn(image):
        problems.append("no cut lines")
    return problems


# ---- fitting one value ----------------------------------------------------------------------


def measuring_pdf() -> FPDF:
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVuMono", "B", str(FONTS / "DejaVuSansMono-Bold.ttf"))
    return pdf


PDF = measuring_pdf()
SANS, MONO = ("DejaVu", ""), ("DejaVuMono", "B")


def width_of(fitted: Fitted, line: str) -> float:
    PDF.set_font(fitted.family, fitted.style, fitted.size)
    return PDF.get_string_width(line)


@pytest.mark.parametrize(
    ("text", "width", "size", "lines"),
    [
        ("OxfordCentre_20261210_Cand001", 100, 16, 1),  # 99 mm at 16 pt: fits as it is
        ("OxfordCentre_20261210_Cand001", 80, 12.75, 1),  # shrunk, still on one line
        ("OxfordCentre_20261210_Cand001", 60, 10, 2),  # would need 9.7 pt: at the floor, wrapped
        ("OxfordCentre_20261210_Cand001" * 3, 60, 10, 4),
    ],
)
def test_a_value_keeps_its_size_shrinks_to_its_floor_then_wraps(text, width, size, lines):
    fitted = fit(PDF, text, width, MONO, 16, 10, words=False)
    assert (fitted.size, len(fitted.lines)) == (size, lines)
    assert "".join(fitted.lines) == text
    assert all(width_of(fitted, line) <= width for line in fitted.lines)
    assert fitted.height == pytest.approx(lines * size * 25.4 / 72 * LEADING)


def test_a_name_wraps_between_words_and_a_long_word_between_characters():
    fitted = fit(PDF, "Ana Konstantinopoulou-Wolfeschlegelsteinhausenberger Silva", 40, SANS, 12, 9)
    assert fitted.size == 9 and fitted.lines[0] == "Ana" and fitted.lines[-1].endswith(" Silva")
    assert "".join(fitted.lines).replace(" ", "") == "AnaKonstantinopoulou-WolfeschlegelsteinhausenbergerSilva"
    assert all(width_of(fitted, line) <= 40 for line in fitted.lines)


@settings(max_examples=300, deadline=None)
@given(
    st.text(st.sampled_from(sorted(USERNAME_ALLOWED) + [" "]), min_size=1, max_size=USERNAME_MAX),
    st.floats(min_value=4, max_value=150),
)
def test_a_credential_wraps_inside_its_width_whole_and_never_beside_a_space(text, width):
    fitted = fit(PDF, text, width, MONO, 16, 10, words=False)
    assert "".join(fitted.lines) == text, "every character, in order, none added"
    for line in fitted.lines:
        assert width_of(fitted, line) <= width or len(line) == 1
    for before, after in zip(fitted.lines, fitted.lines[1:]):
        if " " in (before[-1], after[0]):  # a space at the break: only when the line had no other break
            better = [k for k in range(1, len(before)) if before[k - 1] != " " and before[k] != " "]
            assert not better, (before, after)


# ---- sheets --------------------------------------------------------------------------------


@pytest.mark.parametrize(("count", "sheets"), [(8, 1), (10, 2), (16, 2), (17, 3), (1, 1)])
def test_eight_slips_make_a_sheet_and_every_slip_reads_back_whole(count, sheets):
    made = [slip(n) for n in range(count)]
    pdf = render_pdf(made, INSTITUTION, layout="sheet")
    read = read_slips(pdf)
    assert [len(page) for page in read] == [8] * (count // 8) + ([count % 8] if count % 8 else [])
    assert len(read) == sheets
    back = [s for page in read for s in page]
    assert [(s["User ID"], s["Password"], s["Entry code"]) for s in back] == [
        (m.username, m.password, m.entry_code) for m in made
    ]
    assert all(s["Institution ID"] == "GB123" and s["Issued"] == "2026-12-01 09:30" for s in back)
    assert {s["Candidate"] for s in back} == {m.candidate for m in made}


def test_a_page_a_slip_stays_the_default():
    made = [slip(n) for n in range(3)]
    read = read_slips(render_pdf(made, INSTITUTION))
    assert [len(page) for page in read] == [1, 1, 1]
    assert [page[0]["User ID"] for page in read] == [m.username for m in made]


def test_a_sheet_of_plain_slips_is_drawn_inside_its_cut_lines():
    assert sheet_problems(render_pdf([slip(n) for n in range(8)], INSTITUTION, layout="sheet")) == []


def test_a_sheet_of_long_usernames_and_names_stays_inside_its_cut_lines():
    assert len(LONG_USERNAME) == 150 and len(" ".join(LONG_NAME)) == 60
    made = [long_slip(n) for n in range(8)]
    pdf = render_pdf(made, INSTITUTION, layout="sheet")
    assert sheet_problems(pdf) == []
    [page] = read_slips(pdf)
    assert [s["User ID"] for s in page] == [m.username for m in made], "each username whole, read back"
    assert [s["Candidate"] for s in page] == [m.candidate for m in made]


def test_a_page_with_a_long_username_and_name_keeps_every_rule_under_label_and_value():
    """The portal's layout wrapped a long username mid-word and drew the label's rule at the
    first line, the value's at the last: 9 rules across instead of 10."""
    made = [long_slip(1)]
    pdf = render_pdf(made, INSTITUTION)  # the default layout, as before sheets existed
    assert page_problems(pdf) == []
    [[back]] = read_slips(pdf)
    assert back["User ID"] == made[0].username and back["Candidate"] == made[0].candidate


@pytest.mark.parametrize("layout", ["page", "sheet"])
def test_every_value_at_the_rules_longest_still_fits_and_reads_back_whole(layout):
    longest = slip(
        1,
        username=("Cand_" + "W" * USERNAME_MAX)[:USERNAME_MAX],
        password=("Pass word1 " * 30)[:PASSWORD_MAX],
        candidate="Dr " + "Wolfeschlegelsteinhausen" * 4 + " " + "Wolfeschlegelsteinhausen"[: NAME_MAX - 96],
        session="December Linguaskill " * (TEXT_MAX // 21),
        test="W" * TEXT_MAX,
        venue="Oxford Centre, Great Clarendon Street " * (TEXT_MAX // 38),
    )
    institution = "Oxford Language Centre " * (TEXT_MAX // 23)
    pdf = render_pdf([longest], institution, layout=layout)
    problems = sheet_problems(pdf, count=1) if layout == "sheet" else page_problems(pdf)
    assert problems == []
    text = "".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    for value in (longest.username, longest.password, longest.candidate, longest.session, longest.venue):
        assert "".join(value.split()) in text


def naive_fit(pdf, text, width, font, size, floor, *, words=True, leading=LEADING):
    """What slips did before: every value at its size on one line, whatever its width."""
    return Fitted(*font, size, (text,), leading)


@pytest.mark.parametrize("layout", ["page", "sheet"])
def test_the_pixel_checks_see_a_slip_drawn_without_fitting(layout, monkeypatch):
    """The checks above can fail: values left at their size run into the margin or across a
    cut line, and the checks say so."""
    monkeypatch.setattr(slips_module, "fit", naive_fit)
    if layout == "page":
        assert page_problems(render_pdf([long_slip(1)], INSTITUTION)) != []
    else:
        problems = sheet_problems(render_pdf([long_slip(n) for n in range(8)], INSTITUTION, layout="sheet"))
        assert any("beside the cut" in p for p in problems), problems


def test_an_unknown_layout_is_refused():
    with pytest.raises(ValueError, match="sheets"):
        render_pdf([slip(1)], INSTITUTION, layout="sheets")


# ---- through the service, the command line and the dialog --------------------------------


@pytest.fixture
def ten(store) -> Store:
    for n in range(10):
        add_entry(
            store,
            "S1",
            first_name="Ana",
            family_name="Silva" + "abcdefghij"[n],
            username=f"Cand{n:03}",
            password="Secret123",
        )
    return store


def test_the_service_writes_sheets_when_asked_and_says_so_in_the_audit(ten, tmp_path):
    result = produce_login_information(ten, "S1", tmp_path / "s.pdf", layout="sheet")
    assert result.slips == 10
    read = read_slips((tmp_path / "s.pdf").read_bytes())
    assert [len(page) for page in read] == [8, 2]
    assert [s["User ID"] for page in read for s in page] == [f"Cand{n:03}" for n in range(10)]
    assert {s["Password"] for page in read for s in page} == {"Secret123"}
    assert "10 slips to" in list_events(ten, "S1")[0].summary and "on sheets of 8" in list_events(ten, "S1")[0].summary
    with pytest.raises(ValueError, match="layout"):
        produce_login_information(ten, "S1", tmp_path / "x.pdf", layout="poster")
    assert not (tmp_path / "x.pdf").exists()


def test_cli_logins_layout_sheet_and_a_bad_layout_is_a_usage_error(ten, tmp_path):
    done = run_entrytui(
        "logins", "--session", "S1", "--pdf", str(tmp_path / "s.pdf"), "--layout", "sheet", data=ten.path
    )
    assert done.returncode == 0, done.stderr
    assert "10 slips written to" in done.stdout and "on 2 sheets of 8" in done.stdout
    assert len(PdfReader(tmp_path / "s.pdf").pages) == 2
    page = run_entrytui(
        "logins", "--session", "S1", "--pdf", str(tmp_path / "p.pdf"), "--layout", "page", data=ten.path
    )
    assert page.returncode == 0 and len(PdfReader(tmp_path / "p.pdf").pages) == 10
    bad = run_entrytui(
        "logins", "--session", "S1", "--pdf", str(tmp_path / "b.pdf"), "--layout", "sheets", data=ten.path
    )
    assert bad.returncode == 2 and "invalid choice: 'sheets'" in bad.stderr
    assert not (tmp_path / "b.pdf").exists()


async def test_ctrl_l_in_the_dialog_writes_sheets_of_8(ten, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(ten)
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        await press(pilot, "l")
        dialog = app.screen
        assert isinstance(dialog, LoginInformationDialog) and dialog.slip_layout == "page"
        await press(pilot, "ctrl+l")
        assert dialog.slip_layout == "sheet"
        await press(pilot, "ctrl+l", "ctrl+l")  # off and on again: a toggle
        assert dialog.slip_layout == "sheet"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionEntriesScreen), what="written")
    [pdf] = list(tmp_path.glob("logins-S1-*.pdf"))
    assert [len(page) for page in read_slips(pdf.read_bytes())] == [8, 2]
