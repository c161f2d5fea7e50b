"""The Venues screen (issue 13, PRODUCT §4/§9): reached with ``u`` from Sessions, it lists every
venue with the sessions held there; ``n`` adds one, ``e`` edits one (only the changed fields,
with what was seen: another operator's change meanwhile is asked about, not overwritten), ``x``
removes one that no session uses, after asking, and says at once why one in use is not removed."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

import pytest
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from entrytui.domain import Action
from entrytui.services.audit import list_events
from entrytui.services.common import Actor
from entrytui.services.sessions import add_session
from entrytui.services.venues import add_venue, edit_venue, list_venues, venue_overview
from entrytui.store import Store
from entrytui.tui.dialogs.add_venue import AddVenueDialog
from entrytui.tui.dialogs.base import ConfirmDialog
from entrytui.tui.dialogs.changed_meanwhile import ChangedMeanwhileDialog
from entrytui.tui.dialogs.edit_venue import EditVenueDialog
from entrytui.tui.keys import offered_keys
from entrytui.tui.screens.session_list import SessionListScreen
from entrytui.tui.screens.venues import VenuesScreen
from helpers import DOWN, Terminal
from ui_helpers import make_app, press, screen_text, settle, static_text, type_into, wait_until

BOB = Actor("bob", lambda: datetime(2026, 12, 1, 13, 40, tzinfo=UTC))  # another operator


@pytest.fixture
def venues(store) -> Store:
    """V1 Oxford Centre holds S1 and S2; V2 Cambridge Annexe (an address, 30 seats) holds none."""
    add_session(store, name="January Linguaskill", test="Linguaskill", start="2100-01-10 09:00", venue="Oxford Centre")
    add_venue(store, "Cambridge Annexe", "Mill Road, Cambridge", capacity=30)
    return store


def events(store: Store, action: Action) -> list:
    """The audit trail's events of one kind, newest first."""
    return [e for e in list_events(Store(store.path)) if e.action == action]


def venue(store: Store, venue_id: str):
    return next((v for v in list_venues(Store(store.path)) if v.id == venue_id), None)


async def open_venues(pilot, row: int = 0) -> VenuesScreen:
    """From Sessions, ``u``; then highlight ``row``."""
    await settle(pilot)
    assert isinstance(pilot.app.screen, SessionListScreen)
    await press(pilot, "u")
    screen = pilot.app.screen
    assert isinstance(screen, VenuesScreen)
    await wait_until(pilot, lambda: screen.found, what="the venues")
    for _ in range(row):
        await press(pilot, "down")
    return screen


async def retype(pilot, text: str) -> None:
    """Replace what the field with focus holds."""
    await pilot.press("end", "ctrl+u")
    await type_into(pilot, text)


def notices(app) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


async def test_the_list_shows_every_venue_with_the_sessions_held_there(venues):
    app = make_app(venues)
    async with app.run_test(size=(100, 24)) as pilot:
        screen = await open_venues(pilot)
        assert [r.cells for r in screen.listing.rows] == [
            ("V1", "Oxford Centre", "", "", "S1, S2"),
            ("V2", "Cambridge Annexe", "Mill Road, Cambridge", "30", ""),
        ]
        text = screen_text(app)
        for shown in ("2 venues", "Oxford Centre", "S1, S2", "Cambridge Annexe", "Mill Road, Cambridge", "30"):
            assert shown in text, shown
        assert "Sessions:\xa0S1, S2" in static_text(app), "the highlighted venue whole under the list"
        await press(pilot, "slash")
        await type_into(pilot, "mill")
        await settle(pilot)
        assert [r.key for r in screen.listing.shown] == ["V2"], "the filter reads the address too"
        await press(pilot, "escape", "escape", "escape")
        assert isinstance(app.screen, SessionListScreen), "escape leaves the filter, clears it, goes back"


async def test_a_venue_added_here_is_listed_highlighted_and_in_the_audit_trail(venues):
    app = make_app(venues)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_venues(pilot)
        await press(pilot, "n")
        assert isinstance(app.screen, AddVenueDialog)
        await type_into(pilot, "Leeds Room", "tab")
        await type_into(pilot, "1 Park Row", "tab")
        await type_into(pilot, "abc")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, AddVenueDialog), "a capacity against the rule is not saved"
        assert "'abc' is not a whole number from 1" in static_text(app)
        await pilot.press("backspace", "backspace", "backspace")
        await type_into(pilot, "25", "enter")
        await wait_until(pilot, lambda: app.screen is screen and "V3" in screen.found, what="the new venue listed")
        assert screen.listing.selected_key == "V3", "the new venue highlighted"
        assert "Venue V3 added" in notices(app)
    leeds = venue(venues, "V3")
    assert (leeds.name, leeds.address, leeds.capacity) == ("Leeds Room", "1 Park Row", 25)
    assert events(venues, Action.VENUE_ADD)[0].subject == "V3"


async def test_an_edit_saves_the_changed_fields_and_the_audit_trail_holds_before_and_after(venues):
    app = make_app(venues)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_venues(pilot)
        await press(pilot, "e")
        form = app.screen
        assert isinstance(form, EditVenueDialog)
        assert form.typed() == {"name": "Oxford Centre", "address": "", "capacity": ""}, "prefilled"
        await press(pilot, "tab")
        await type_into(pilot, "12 High Street", "tab")
        await type_into(pilot, "40")
        await press(pilot, "ctrl+s")
        await wait_until(
            pilot, lambda: app.screen is screen and screen.found["V1"].venue.capacity == 40, what="the edit listed"
        )
        assert "Venue V1: address (none) → '12 High Street'; capacity (none) → '40'" in notices(app)
    oxford = venue(venues, "V1")
    assert (oxford.name, oxford.address, oxford.capacity) == ("Oxford Centre", "12 High Street", 40)
    [edit] = events(venues, Action.VENUE_EDIT)
    assert edit.subject == "V1" and edit.changes == {"address": ["", "12 High Street"], "capacity": [None, 40]}


async def test_an_edit_onto_another_venues_name_is_refused_under_the_name(venues):
    app = make_app(venues)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_venues(pilot, row=1)
        await press(pilot, "e")
        form = app.screen
        await retype(pilot, "oxford centre")
        await press(pilot, "ctrl+s")
        await wait_until(pilot, lambda: form.field("name").has_class("-invalid"), what="the refusal under Name")
        assert app.screen is form and "a venue named 'Oxford Centre' exists already (V1)" in static_text(app)
    assert venue(venues, "V2").name == "Cambridge Annexe"


async def test_an_unused_venue_is_removed_after_the_question(venues):
    app = make_app(venues)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_venues(pilot, row=1)
        await press(pilot, "x")
        assert isinstance(app.screen, ConfirmDialog)
        question = screen_text(app)
        assert "Remove the venue Cambridge Annexe (V2)?" in question and "No session is held there" in question
        await press(pilot, "n")
        assert app.screen is screen and venue(venues, "V2") is not None, "n keeps it"
        await press(pilot, "delete")  # the other key of Remove
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "y")
        await wait_until(pilot, lambda: app.screen is screen and "V2" not in screen.found, what="V2 gone")
        assert "Venue Cambridge Annexe (V2) removed" in notices(app)
    assert venue(venues, "V2") is None
    [removed] = events(venues, Action.VENUE_REMOVE)
    assert removed.subject == "V2" and removed.changes["name"] == ["Cambridge Annexe", None]


async def test_removing_a_venue_that_sessions_use_is_refused_at_once_naming_them(venues):
    app = make_app(venues)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_venues(pilot)
        await press(pilot, "x")
        assert app.screen is screen, "nothing asked: it would be refused"
        said = notices(app)
        assert "Oxford Centre (V1) is the venue of December Linguaskill (S1), January Linguaskill (S2)" in said, said
        assert "a venue that a session uses is not removed" in said
        await press(pilot, "delete")  # the other key of Remove: the same
        assert app.screen is screen and notices(app).count("is the venue of") == 2
        assert "V1" in screen.found, "still listed"
    assert venue(venues, "V1") is not None and not events(venues, Action.VENUE_REMOVE)


async def test_a_venue_taken_into_use_after_the_question_is_refused_naming_the_session(venues):
    """Another operator holds a session at V2 after the list was read: asked, then refused."""
    app = make_app(venues)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_venues(pilot, row=1)
        add_session(
            Store(venues.path), name="March", test="Linguaskill", start="2100-03-10 09:00", venue="Cambridge Annexe"
        )
        await press(pilot, "x")
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "y")
        await wait_until(pilot, lambda: "Not removed" in notices(app), what="the refusal")
        said = notices(app)
        assert "Cambridge Annexe (V2) is the venue of March (S3); it cannot be removed" in said, said
        assert app.screen is screen
    assert venue(venues, "V2") is not None and not events(venues, Action.VENUE_REMOVE)


async def test_x_and_delete_in_the_filter_line_are_text(venues):
    app = make_app(venues)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_venues(pilot)
        await press(pilot, "slash")
        await type_into(pilot, "xa")
        await press(pilot, "left", "delete")
        assert app.screen is screen and screen.listing.filter.value == "x"


# ---- another operator changed the venue after the form opened ---------------------------------


async def stale_question(pilot, store: Store) -> ChangedMeanwhileDialog:
    """Open Oxford Centre's form, let another operator set its address, set its capacity, Save."""
    await open_venues(pilot)
    await press(pilot, "e")
    form = pilot.app.screen
    assert isinstance(form, EditVenueDialog)
    edit_venue(Store(store.path), "V1", address="12 High Street", actor=BOB)  # another process, meanwhile
    await press(pilot, "tab", "tab")
    await type_into(pilot, "40")
    await press(pilot, "ctrl+s")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChangedMeanwhileDialog), what="the question")
    text = static_text(pilot.app)
    assert "Oxford Centre (V1) was changed by another operator" in text, text
    assert "address: (none) → '12 High Street'  (by bob, 2026-12-01 13:40)" in text, text  # theirs, and who
    assert "capacity: (none) → '40'" in text, text  # mine
    assert venue(store, "V1").capacity is None, "nothing saved yet"
    return pilot.app.screen


async def test_save_mine_puts_my_change_on_top_of_theirs(venues):
    app = make_app(venues)
    async with app.run_test(size=(80, 24)) as pilot:
        await stale_question(pilot, venues)
        await press(pilot, "s")
        await wait_until(pilot, lambda: isinstance(app.screen, VenuesScreen), what="saved, back to the list")
        await wait_until(pilot, lambda: app.screen.found["V1"].venue.capacity == 40, what="the list shows it")
    oxford = venue(venues, "V1")
    assert (oxford.address, oxford.capacity) == ("12 High Street", 40), "theirs kept where I changed nothing"
    assert [e.who for e in events(venues, Action.VENUE_EDIT)] == [app.actor.who, "bob"]


async def test_reload_fills_the_form_with_theirs_and_saves_nothing(venues):
    app = make_app(venues)
    async with app.run_test(size=(80, 24)) as pilot:
        await stale_question(pilot, venues)
        await press(pilot, "r")
        form = app.screen
        assert isinstance(form, EditVenueDialog)
        assert form.typed() == {"name": "Oxford Centre", "address": "12 High Street", "capacity": ""}
        assert not form.has_unsaved_input() and "Reloaded" in static_text(app)
        await type_into(pilot, "44")  # the capacity, again, on top of what it holds now
        await press(pilot, "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, VenuesScreen), what="saved, back to the list")
    oxford = venue(venues, "V1")
    assert (oxford.address, oxford.capacity) == ("12 High Street", 44)


# ---- fits the terminal; keys in one burst ----------------------------------------------------


@pytest.mark.parametrize("size", [(60, 20), (80, 24)], ids=["60x20", "80x24"])
async def test_every_key_of_venues_is_in_its_footer_whole_and_names_sessions_and_seats_are_whole(venues, size):
    app = make_app(venues)
    async with app.run_test(size=size) as pilot:
        screen = await open_venues(pilot)
        footer = screen.query_one(Footer)
        shown = {key.key: key for key in footer.query(FooterKey) if key.display}
        wanted = {o.binding.key for o in offered_keys(screen)} - {"ctrl+p"}
        assert wanted == {"n", "e", "x", "slash", "escape", "f1"}
        assert wanted <= set(shown), f"left out: {wanted - set(shown)}"
        assert all(shown[k].region in footer.region for k in wanted), "each key whole"
        headings = screen.listing.headings
        assert headings[:2] == ["ID", "Venue"] and "Capacity" in headings and "Sessions" in headings, headings
        rows = [line for line in screen_text(app).splitlines() if line.lstrip().startswith(("V1 ", "V2 "))]
        assert len(rows) == 2, rows
        assert "Oxford Centre " in rows[0] and "S1, S2 " in rows[0], rows  # (the address may be cut, not these)
        assert "Cambridge Annexe " in rows[1] and " 30 " in rows[1], rows
        await press(pilot, "down", "e")
        assert isinstance(app.screen, EditVenueDialog) and app.screen.opened.id == "V2"


async def test_keys_typed_before_the_venues_are_read_act_on_them_in_order(venues, monkeypatch):
    read = threading.Event()

    def held_overview(store):
        read.wait(5)  # in the worker: a busy store, or a slow disk, until the keys are in
        return venue_overview(store)

    monkeypatch.setattr("entrytui.tui.screens.venues.venue_overview", held_overview)
    app = make_app(venues)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        started = time.monotonic()
        await pilot.press("u", "down", "e")  # at once: the list is not read yet when down and e arrive
        assert time.monotonic() - started < 4, "the keys went in before the venues were read"
        assert isinstance(app.screen, VenuesScreen) and app.screen.found is None
        read.set()
        await wait_until(pilot, lambda: isinstance(app.screen, EditVenueDialog), what="the form")
        assert app.screen.opened.id == "V2"


def test_u_down_e_in_one_burst_edits_the_second_venue_in_a_real_terminal(venues):
    term = Terminal("--data", str(venues.path))
    try:
        term.wait_for(r"December Linguask")
        term.child.send("u" + DOWN + "e")
        term.wait_for(r"Edit venue Cambridge Annexe \(V2\)")
    finally:
        term.child.sendcontrol("q")
        term.child.terminate(force=True)
