"""The portal's click path driven with keys only, from an empty store to a saved entry."""

from __future__ import annotations

from textual.widgets import Input

from entrytui.services.candidates import password_matches
from entrytui.services.entries import list_entries
from entrytui.store import Store
from entrytui.tui.dialogs.base import ConfirmDialog
from entrytui.tui.dialogs.new_session import NewSessionDialog
from entrytui.tui.dialogs.saved import SavedDialog
from entrytui.tui.screens.add_entries import AddEntriesScreen
from entrytui.tui.screens.session_entries import SessionEntriesScreen
from entrytui.tui.screens.session_list import SessionListScreen
from entrytui.tui.screens.setup import SetupScreen
from entrytui.tui.widgets.field import Field
from ui_helpers import make_app, open_form, press, settle, type_into


async def test_empty_store_to_saved_entry_with_keys_only(tmp_path):
    store = Store(tmp_path / "store.json")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        await type_into(pilot, "gb123", "tab")
        await type_into(pilot, "Oxford Language Centre", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SessionListScreen)

        await press(pilot, "n")
        assert isinstance(app.screen, NewSessionDialog)
        await type_into(pilot, "December Linguaskill", "tab")
        await type_into(pilot, "Linguaskill", "tab")
        await pilot.press("ctrl+n")  # a new venue, from inside the dialog
        await settle(pilot)
        await type_into(pilot, "Oxford Centre", "ctrl+s")
        await settle(pilot)
        await pilot.press("tab")
        await type_into(pilot, "2099-12-10 09:00")
        await settle(pilot)
        assert "Ends 2099-12-10 11:00" in str(app.screen.query_one("#session-end").content)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, SessionListScreen)

        await press(pilot, "enter")
        assert isinstance(app.screen, SessionEntriesScreen)
        await press(pilot, "a")
        assert isinstance(app.screen, AddEntriesScreen)
        assert app.screen.focused.id == "first-name-input"
        await type_into(pilot, "Ana", "tab")
        await type_into(pilot, "Silva", "tab")
        await press(pilot, "ctrl+n")
        assert app.screen.query_one("#username", Field).value == "OxfordCentre_20991210_Cand001"
        await pilot.press("tab")
        await type_into(pilot, "Secret123", "tab")
        await type_into(pilot, "ana@example.org", "ctrl+s")
        await settle(pilot)

        assert isinstance(app.screen, SavedDialog)
        [row] = list_entries(store, "S1")
        code = row.entry.entry_code
        assert str(app.screen.query_one("#entry-code").content).replace(" ", "") == code
        assert row.candidate.username == "OxfordCentre_20991210_Cand001"
        assert row.candidate.email == "ana@example.org"
        assert row.entry.session_id == "S1"
        assert password_matches(store, "OxfordCentre_20991210_Cand001", "Secret123")

        await pilot.press("a")  # add another: cleared form, focus on the first field
        await settle(pilot)
        assert isinstance(app.screen, AddEntriesScreen)
        assert all(f.value == "" for f in app.screen.query(Field))
        assert app.screen.focused.id == "first-name-input"

        await press(pilot, "escape")
        assert isinstance(app.screen, SessionEntriesScreen)
        assert app.screen.listing.table.row_count == 1
        await press(pilot, "escape")
        assert isinstance(app.screen, SessionListScreen)


async def test_a_generated_password_is_shown_once_and_works(store):
    app = make_app(store)
    async with app.run_test() as pilot:
        await open_form(pilot)
        await type_into(pilot, "Bo", "tab")
        await type_into(pilot, "Li", "tab")
        await type_into(pilot, "Cand002", "tab", "ctrl+g", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SavedDialog)
        shown = str(app.screen.query_one("#generated-password").content)
        password = shown.split("[b]")[1].split("[/b]")[0]
        assert password_matches(store, "Cand002", password)


async def test_field_messages_appear_after_leaving_the_field_then_follow_typing(store):
    app = make_app(store)
    async with app.run_test() as pilot:
        await open_form(pilot)
        await pilot.press("tab", "tab")
        field = app.screen.query_one("#username", Field)
        await type_into(pilot, "Cand:1")
        await settle(pilot)
        assert not field.has_class("-invalid")  # not while typing the first time
        await press(pilot, "tab")
        assert field.has_class("-invalid")
        assert "':' at position 5 is not allowed" in str(field.query_one(".message").content)
        await pilot.press("shift+tab", "backspace", "backspace")
        await type_into(pilot, "1")
        await settle(pilot)
        assert not field.has_class("-invalid")


async def test_save_refuses_with_every_message_and_writes_nothing(store):
    before = store.path.read_bytes()
    app = make_app(store)
    async with app.run_test() as pilot:
        await open_form(pilot)
        await type_into(pilot, "Ana2", "ctrl+s")
        await settle(pilot)
        invalid = [f.id for f in app.screen.query(Field) if f.has_class("-invalid")]
        assert invalid == ["first-name", "family-name", "username"]
        assert app.screen.focused.id == "first-name-input"
    assert store.path.read_bytes() == before


async def test_leaving_a_form_with_input_asks_first(store):
    app = make_app(store)
    async with app.run_test() as pilot:
        await open_form(pilot)
        await type_into(pilot, "Ana", "escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "n")
        assert isinstance(app.screen, AddEntriesScreen)
        assert app.screen.query_one("#first-name", Field).value == "Ana"
        await press(pilot, "escape", "y")
        assert isinstance(app.screen, SessionEntriesScreen)


async def test_an_empty_form_leaves_without_asking(store):
    app = make_app(store)
    async with app.run_test() as pilot:
        await open_form(pilot)
        await press(pilot, "escape")
        assert isinstance(app.screen, SessionEntriesScreen)


async def test_setup_refuses_a_bad_institution_id_and_creates_nothing(tmp_path):
    store = Store(tmp_path / "store.json")
    app = make_app(store)
    async with app.run_test() as pilot:
        await settle(pilot)
        await type_into(pilot, "12", "tab")
        await type_into(pilot, "Centre", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        assert "must be 2 letters" in str(app.screen.query_one("#institution-id .message").content)
        assert isinstance(app.screen.focused, Input)
    assert not store.path.exists()
