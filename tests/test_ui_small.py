"""What a newcomer trips on: an empty list says what to do, the only venue is chosen, a session
in the past asks first, and the views follow the app's own changes."""

from __future__ import annotations

from textual.widgets import Select

from entrytui.services.sessions import list_sessions
from entrytui.store import Store
from entrytui.tui.dialogs.base import ConfirmDialog
from entrytui.tui.dialogs.new_session import NewSessionDialog
from entrytui.tui.screens.session_list import SessionListScreen
from entrytui.tui.widgets.search_pane import SearchPane
from helpers import GOOD, csv_bytes
from ui_helpers import make_app, open_form, press, settle, static_text, type_into, wait_until


async def test_an_empty_session_list_says_how_to_create_one(tmp_path):
    from entrytui.services.setup import init_store

    store = Store(tmp_path / "store.json")
    init_store(store, "GB123", "Oxford Language Centre")
    app = make_app(store)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert "n creates one" in static_text(app)


async def test_the_only_venue_is_chosen_and_a_session_in_the_past_asks_first(store):
    app = make_app(store)
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "n")
        assert isinstance(app.screen, NewSessionDialog)
        assert app.screen.query_one(Select).value == "V1", "Oxford Centre, the only venue"
        await type_into(pilot, "Last year", "tab")
        await type_into(pilot, "Linguaskill", "tab", "tab")
        await type_into(pilot, "2001-05-01 09:00")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmDialog) and "in the past" in static_text(app)
        await press(pilot, "n")
        assert isinstance(app.screen, NewSessionDialog), "kept, to change the start"
        assert len(list_sessions(store)) == 1
        await press(pilot, "ctrl+s")
        await press(pilot, "y")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionListScreen), 5, "the session list")
        [created] = [s for s in list_sessions(store) if s.session.name == "Last year"]
        assert created.venue and created.venue.name == "Oxford Centre"


async def test_search_existing_follows_an_upload_commit(store, tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(csv_bytes(GOOD, "utf-8", ","))
    app = make_app(store)
    async with app.run_test() as pilot:
        await open_form(pilot)
        await press(pilot, "f2", "f2")
        search = app.screen.query_one(SearchPane)
        assert search.total == 0
        await press(pilot, "f2")  # back to the form, then to Upload Entries
        await press(pilot, "f2")
        await type_into(pilot, str(path), "ctrl+o")
        await settle(pilot)
        await press(pilot, "ctrl+s")
        await press(pilot, "y")
        await wait_until(pilot, lambda: search.total == len(GOOD), 5, "the uploaded candidates in Search Existing")
        assert all(busy for _candidate, busy in search.found.values()), "shown as in this session"


async def test_after_a_filter_the_detail_line_describes_the_highlighted_row(ana_and_bo):
    app = make_app(ana_and_bo)
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "t")  # the audit trail: newest first, Bo's withdrawal on top
        detail = app.screen.query_one("#audit-detail")
        assert "entry.withdraw" in str(detail.content)
        await pilot.press("slash")
        await type_into(pilot, "venue.add")
        await settle(pilot)
        assert "venue.add" in str(detail.content) and "entry.withdraw" not in str(detail.content)
        await type_into(pilot, "nothing-matches-this")
        await settle(pilot)
        assert str(detail.content) == "", "no row, no description"
