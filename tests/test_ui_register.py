"""The attendance register from the Session screen (p), and the seats the session fills against
its venue's capacity, with keys only."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from textual.widgets import ProgressBar, Static

from entrytui.services.audit import list_events
from entrytui.services.entries import add_entry, withdraw_entry
from entrytui.services.venues import edit_venue
from entrytui.store import Store
from entrytui.tui.dialogs.register import RegisterDialog
from entrytui.tui.screens.session_entries import SessionEntriesScreen, seats_line
from ui_helpers import make_app, press, screen_text, settle, static_text, type_into, wait_until


def enter(store, *people: tuple[str, str]) -> list[str]:
    return [
        add_entry(
            store, "S1", first_name=first, family_name=family, username=f"Cand_{first}", password="Secret123"
        ).entry.entry_code
        for first, family in people
    ]


async def open_session(pilot) -> SessionEntriesScreen:
    await settle(pilot)
    await press(pilot, "enter")
    assert isinstance(pilot.app.screen, SessionEntriesScreen)
    return pilot.app.screen


async def test_p_writes_the_register_of_the_active_entries_with_keys_only(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    codes = enter(store, ("Cy", "Silva"), ("Ana", "Zeta"), ("Bo", "Alves"))
    withdraw_entry(store, codes[0], "ill")
    events = len(list_events(store))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(pilot)
        await press(pilot, "p")
        assert isinstance(app.screen, RegisterDialog)
        assert "the 2 active entries of December Linguaskill (S1) by family name" in static_text(app)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionEntriesScreen), what="written")
        await settle(pilot)
        assert any("Register of 2 candidates written to" in n.message for n in app._notifications)
    [pdf] = list(tmp_path.glob("register-S1-*.pdf"))
    text = PdfReader(pdf).pages[0].extract_text()
    assert text.index("Alves") < text.index("Zeta") and "Silva" not in text, "sorted; the withdrawn left out"
    assert "2 candidates" in text and "Page 1 of 1" in text
    assert len(list_events(store)) == events, "printing a register changes nothing in the store"


async def test_a_path_typed_and_enter_write_it_there(store, tmp_path):
    enter(store, ("Ana", "Silva"))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(pilot)
        await press(pilot, "p")
        await pilot.press("end", "ctrl+u")
        await type_into(pilot, str(tmp_path / "mine.pdf"), "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionEntriesScreen), what="written")
    assert PdfReader(tmp_path / "mine.pdf").pages[0].extract_text().count("Cand_Ana") == 1


async def test_a_path_that_cannot_be_written_is_said_and_the_dialog_stays(store, tmp_path):
    enter(store, ("Ana", "Silva"))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(pilot)
        await press(pilot, "p")
        await pilot.press("end", "ctrl+u")
        await type_into(pilot, str(tmp_path / "missing" / "r.pdf"), "ctrl+s")
        await wait_until(pilot, lambda: "No register was written." in static_text(app), what="the refusal")
        assert isinstance(app.screen, RegisterDialog) and not app.screen.running
        assert not app.screen.query_one(ProgressBar).display
        assert f"the folder {tmp_path / 'missing'} does not exist" in static_text(app), "under the field"
        await press(pilot, "escape")
        assert isinstance(app.screen, SessionEntriesScreen)
    assert not (tmp_path / "missing").exists()


async def test_escape_writes_nothing(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    enter(store, ("Ana", "Silva"))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(pilot)
        await press(pilot, "p", "escape")
        assert isinstance(app.screen, SessionEntriesScreen)
    assert list(tmp_path.glob("*.pdf")) == []


async def test_p_needs_an_active_entry(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    [code] = enter(store, ("Ana", "Silva"))
    withdraw_entry(store, code)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_session(pilot)
        assert screen.check_action("register", ()) is None, "shown greyed out"
        await press(pilot, "p")
        assert app.screen is screen


# ---- the seats against the venue's capacity ----------------------------------------------------


@pytest.mark.parametrize(
    "active, capacity, bar, said",
    [
        (0, 24, "░" * 24, "0 of 24, 24 free"),
        (18, 24, "█" * 18 + "░" * 6, "18 of 24, 6 free"),
        (1, 1000, "█" + "░" * 23, "1 of 1,000, 999 free"),  # one candidate still shows
        (999, 1000, "█" * 23 + "░", "999 of 1,000, 1 free"),  # not full until it is
        (24, 24, "█" * 24, "24 of 24, full"),
        (26, 24, "█" * 24, "[b]26 of 24: 2 over capacity[/b]"),
    ],
)
def test_the_seats_line_reads_without_colour(active, capacity, bar, said):
    assert seats_line(active, capacity) == f"Seats {bar} {said}"


async def test_the_session_screen_shows_the_seats_it_fills_and_follows_a_withdrawal(store):
    edit_venue(store, "V1", capacity="4")
    codes = enter(store, ("Ana", "Silva"), ("Bo", "Li"), ("Cy", "Dias"))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_session(pilot)
        seats = screen.query_one("#session-seats", Static)
        assert seats.display and "Seats " + "█" * 18 + "░" * 6 + " 3 of 4, 1 free" in screen_text(app)
        withdraw_entry(store, codes[0])
        await wait_until(pilot, lambda: "2 of 4, 2 free" in screen_text(app), what="the other operator's withdrawal")
        add_entry(store, "S1", first_name="Di", family_name="Ek", username="Cand_Di", password="Secret123")
        add_entry(store, "S1", first_name="Ed", family_name="Fo", username="Cand_Ed", password="Secret123")
        add_entry(store, "S1", first_name="Fa", family_name="Go", username="Cand_Fa", password="Secret123")
        await wait_until(pilot, lambda: "5 of 4: 1 over capacity" in screen_text(app), what="over capacity")


async def test_no_seats_line_without_a_capacity(store):
    enter(store, ("Ana", "Silva"))
    app = make_app(store)
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await open_session(pilot)
        assert not screen.query_one("#session-seats", Static).display
        assert "Seats" not in screen_text(app)


async def test_the_seats_line_fits_60_columns_without_colour(store, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    edit_venue(store, "V1", capacity="100000")
    enter(store, ("Ana", "Silva"))
    app = make_app(store)
    async with app.run_test(size=(60, 20)) as pilot:
        await open_session(pilot)
        assert app.no_color
        line = next(x for x in screen_text(app).splitlines() if "Seats" in x)
        assert line.strip() == "Seats █" + "░" * 23 + " 1 of 100,000, 99,999 free"


async def test_an_operator_who_may_only_read_the_store_prints_the_register(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    enter(store, ("Ana", "Silva"))
    monkeypatch.setattr(Store, "writable", lambda self: False)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_session(pilot)
        assert app.read_only and screen.check_action("register", ()) is True, "not greyed out: it changes nothing"
        await press(pilot, "p", "ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen, what="written")
    assert len(list(tmp_path.glob("register-S1-*.pdf"))) == 1


async def test_escape_while_the_register_is_written_stops_it_and_writes_nothing(store, tmp_path, monkeypatch):
    """A 25,000-entry register takes seconds: Escape stops it at its next progress report,
    before the file is written, and the dialog closes saying so."""
    import threading
    import time

    from entrytui.documents import register as documents

    monkeypatch.chdir(tmp_path)
    enter(store, ("Cy", "Silva"))
    started, real = threading.Event(), documents.render_register

    def slow(heading, lines, progress=None):
        for done in range(200):  # ~10 s unless stopped: each report may stop it
            if progress:
                progress("Laying out the register", done, 200)
            started.set()
            time.sleep(0.05)
        return real(heading, lines, progress)

    monkeypatch.setattr("entrytui.services.register.render_register", slow)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(pilot)
        await press(pilot, "p")
        await pilot.press("ctrl+s")
        await wait_until(pilot, started.is_set, what="the register begun")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionEntriesScreen), 3, "stopped and closed")
        await settle(pilot)
        assert any("Stopped: nothing was written." in n.message for n in app._notifications)
    assert not list(tmp_path.glob("register-S1-*.pdf"))
