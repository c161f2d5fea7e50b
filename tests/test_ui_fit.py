"""Every screen and dialog fits the terminal, keys only: a dialog's buttons stay in view (its
box scrolls), a dialog over a dialog hides it, each footer key is shown whole with Escape and
F1 kept, F1's table is as wide as the terminal and lists every key the footer shows."""

from __future__ import annotations

import pytest
from textual.geometry import Region
from textual.widgets import Button, Footer
from textual.widgets._footer import FooterKey

from entrytui.services.entries import add_entry
from entrytui.tui.dialogs.base import Dialog
from entrytui.tui.dialogs.login_information import LoginInformationDialog
from entrytui.tui.keys import offered_keys
from entrytui.tui.screens.help import HelpScreen
from entrytui.tui.screens.session_list import SessionListScreen
from entrytui.tui.widgets.search_pane import SearchPane
from ui_helpers import make_app, screen_text, settle, wait_until
from ui_openers import OPENERS

SMALL, USUAL, LARGE = (60, 20), (80, 24), (120, 40)
DIALOGS = sorted(name for name, (_open, shown) in OPENERS.items() if issubclass(shown, Dialog))


async def open_case(pilot, case: str) -> None:
    prepare, expected = OPENERS[case]
    await settle(pilot)
    first, open_it = prepare(pilot.app)
    await pilot.press(*first)
    await settle(pilot)
    await open_it(pilot)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, expected), 5, expected.__name__)
    await settle(pilot)


def footer_problems(app) -> list[str]:
    """What is wrong with the footer in front: a key cut by the edge or covered by another,
    Escape, F1 or F2 (the next tab) left out."""
    footer = app.screen.query_one(Footer)
    shown = [key for key in footer.query(FooterKey) if key.display]
    problems = [f"{key.key_display} {key.description!r} cut" for key in shown if key.region not in footer.region]
    for one, other in zip(shown, shown[1:], strict=False):
        if one.region.overlaps(other.region):
            problems.append(f"{one.key_display} under {other.key_display}")
    wanted = {o.binding.key for o in offered_keys(app.screen)} & {"escape", "f1", "f2"}
    left_out = wanted - {key.key for key in shown}
    return problems + [f"{key} left out" for key in sorted(left_out)]


def help_rows(app) -> dict[str, str]:
    assert isinstance(app.screen, HelpScreen)
    return dict(app.screen.rows)


@pytest.mark.parametrize("size", [SMALL, USUAL], ids=["60x20", "80x24"])
@pytest.mark.parametrize("case", DIALOGS)
async def test_a_dialog_shows_its_buttons_and_fits_the_terminal(ana_and_bo, case, size):
    app = make_app(ana_and_bo)
    async with app.run_test(size=size) as pilot:
        await open_case(pilot, case)
        screen = Region(0, 0, *size)
        box = app.screen.query_one(".dialog")
        assert box.region in screen and box.max_scroll_x == 0, "the box fits across"
        footer = app.screen.query_one(Footer).region
        for button in app.screen.query(Button):
            if not button.display:  # e.g. Move, with nowhere to move the entry
                continue
            assert button.region in box.region and not button.region.overlaps(footer), (
                f"{button.label} off the screen at {size}"
            )


@pytest.mark.parametrize("size", [SMALL, USUAL], ids=["60x20", "80x24"])
@pytest.mark.parametrize("case", sorted(OPENERS))
async def test_each_footer_key_is_whole_and_escape_and_f1_stay(ana_and_bo, case, size):
    app = make_app(ana_and_bo)
    async with app.run_test(size=size) as pilot:
        await open_case(pilot, case)
        assert not footer_problems(app), footer_problems(app)


def enter_five_more(store) -> None:
    """Six active entries in S1: four named in Login information, '… and 2 others'."""
    for first in ("Dmitri", "Ekaterina", "Fernanda", "Guillermo", "Hildegard"):
        add_entry(
            store,
            "S1",
            first_name=first,
            family_name="Vasquez-Longfamilyname",
            username=first[:5],
            password="Secret123",
        )


async def test_a_tall_login_information_dialog_scrolls_and_keeps_its_buttons(ana_and_bo):
    enter_five_more(ana_and_bo)
    app = make_app(ana_and_bo)
    async with app.run_test(size=SMALL) as pilot:
        await open_case(pilot, "login information")
        dialog = app.screen
        assert isinstance(dialog, LoginInformationDialog)
        box = dialog.query_one(".dialog")
        assert box.max_scroll_y > 0, "taller than 60x20: the box scrolls"
        for button in dialog.query(Button):
            assert button.region in box.region, f"{button.label} in view"
        await pilot.press("home")  # in the PDF field: the start of its text
        await pilot.press("tab", "tab", "home")  # on the Reset button: the top of the box
        await settle(pilot)
        assert box.scroll_y == 0 and "Candidate login information" in screen_text(app)
        await pilot.press("pagedown")
        await settle(pilot)
        assert box.scroll_y > 0
        assert dialog.focused is dialog.query_one("#produce", Button), "tab reaches the buttons"


@pytest.mark.parametrize("size", [SMALL, USUAL], ids=["60x20", "80x24"])
async def test_login_information_opens_at_its_title_and_shows_the_pdf_field_when_it_fits(ana_and_bo, size):
    """Its focused field (the PDF, near the end) is not scrolled into view at the title's cost:
    the box opens at its top; at 60x20, where not all of it fits, the operator scrolls on."""
    enter_five_more(ana_and_bo)
    app = make_app(ana_and_bo)
    async with app.run_test(size=size) as pilot:
        await open_case(pilot, "login information")
        dialog = app.screen
        box, title = dialog.query_one(".dialog"), dialog.query_one(".dialog-title")
        pdf = dialog.query_one("#logins-pdf-input")
        assert dialog.focused is pdf
        lines = screen_text(app).splitlines()
        top = next(i for i, line in enumerate(lines) if "▀▀▀▀▀▀▀▀▀▀" in line)  # the box's top border
        assert "Candidate login information" in lines[top + 1], f"the title first, at {size}: {lines[top + 1]!r}"
        assert box.scroll_y == 0 and title.region.y == box.region.y + 1
        assert "All 6 active entries of December Linguaskill (S1)" in " ".join(lines[top + 3 : top + 5]), "the body"
        assert "… and 2 others" in screen_text(app), "the list of who is printed, whole"
        buttons = dialog.query_one(".buttons").region

        def in_view(widget) -> bool:
            return widget.region in box.region and not widget.region.overlaps(buttons)

        if size == USUAL:
            assert box.max_scroll_y == 0 and in_view(pdf) and "PDF file" in screen_text(app)
        else:
            assert box.max_scroll_y > 0 and not in_view(pdf) and "PDF file" not in screen_text(app), "below it"
            await pilot.press("tab")  # to the CSV field: it scrolls out from behind the buttons, the PDF's too
            await settle(pilot)
            csv = dialog.query_one("#logins-csv-input")
            assert dialog.focused is csv and in_view(csv) and in_view(pdf), f"scrolled to {box.scroll_y}"


async def test_a_dialog_over_a_dialog_shows_only_its_own_buttons(ana_and_bo):
    app = make_app(ana_and_bo)
    async with app.run_test(size=USUAL) as pilot:
        await open_case(pilot, "new venue")
        assert screen_text(app).count("Save (ctrl+s)") == 1, "the New session dialog's buttons are hidden"
        assert "New client venue" in screen_text(app) and "New session" not in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert "New session" in screen_text(app) and "Sessions" in screen_text(app), "the first dialog over its screen"


@pytest.mark.parametrize("size", [SMALL, USUAL, LARGE], ids=["60x20", "80x24", "120x40"])
async def test_the_keys_table_is_as_wide_as_the_terminal_and_shows_every_description_whole(ana_and_bo, size):
    app = make_app(ana_and_bo)
    async with app.run_test(size=size) as pilot:
        await open_case(pilot, "session")
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), 2, "F1")
        await settle(pilot)
        table = app.screen.query_one("#help-keys")
        box = app.screen.query_one(".dialog")
        assert box.region in Region(0, 0, *size) and box.region.width >= min(size[0], 100)
        assert table.region.width >= box.region.width - 6, "the table takes the box's width"
        lines = table.render_lines(Region(0, 0, table.size.width, table.size.height))
        text = " ".join(line.text for line in lines)
        assert "…" not in text
        for key, action in app.screen.rows:
            assert key.split()[0] in text and all(word in text.split() for word in action.split()), (key, action)


@pytest.mark.parametrize("case", sorted(name for name in OPENERS if name != "help"))
async def test_f1_lists_every_key_the_footer_shows(ana_and_bo, case):
    app = make_app(ana_and_bo)
    async with app.run_test(size=SMALL) as pilot:
        await open_case(pilot, case)
        footer = {app.get_key_display(o.binding) for o in offered_keys(app.screen)}
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), 2, "F1")
        assert footer <= set(help_rows(app)), f"left out of F1: {footer - set(help_rows(app))}"


async def test_f1_on_sessions_lists_open_also_when_it_cannot_act(ana_and_bo):
    app = make_app(ana_and_bo)
    async with app.run_test(size=USUAL) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SessionListScreen)
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), 2, "F1")
        assert help_rows(app)["⏎"] == "Open the highlighted session"
        await pilot.press("escape", "v")  # the complete sessions: none, so Open is greyed out
        await settle(pilot)
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), 2, "F1")
        assert help_rows(app)["⏎"] == "Open the highlighted session (not now)"


async def test_f1_in_the_search_line_says_space_marks_from_the_results(ana_and_bo):
    app = make_app(ana_and_bo)
    async with app.run_test(size=USUAL) as pilot:
        await open_case(pilot, "search tab")
        assert app.screen.focused is app.screen.query_one(SearchPane).listing.filter, "the search line"
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), 2, "F1")
        space = help_rows(app)["␣"]
        assert space.startswith("Mark or unmark the highlighted candidate") and "once the list has focus (tab)" in space
        assert sum(1 for key, _text in app.screen.rows if key == "␣") == 1, "in one line"
