"""Login information, the slip after a save, restore, and the audit screen, with keys only."""

from __future__ import annotations

from textual.widgets import Button

from entrytui.passwords import hash_password
from entrytui.services.candidates import password_matches
from entrytui.services.entries import add_entry, list_entries, withdraw_entry
from entrytui.services.sessions import add_session
from entrytui.store import Store, update_where
from entrytui.tui.dialogs.base import ConfirmDialog
from entrytui.tui.dialogs.entry_status import RestoreDialog
from entrytui.tui.dialogs.login_information import LoginInformationDialog, SlipDialog
from entrytui.tui.dialogs.saved import SavedDialog
from entrytui.tui.screens.audit import AuditScreen
from entrytui.tui.screens.session_entries import SessionEntriesScreen
from helpers import pages
from ui_helpers import make_app, open_form, press, settle, static_text, type_into, wait_until


def enter_three(store) -> list[str]:
    return [
        add_entry(
            store, "S1", first_name=n, family_name="Silva", username=f"Cand_{n}", password="Secret123"
        ).entry.entry_code
        for n in ("Ana", "Bo", "Cy")
    ]


async def marked_logins(pilot, codes: list[str]) -> LoginInformationDialog:
    """On S1, Ana and Cy marked, l: the dialog."""
    app = pilot.app
    await settle(pilot)
    await press(pilot, "enter")
    await pilot.press("space", "down", "space")  # mark Ana and Cy
    await settle(pilot)
    assert app.screen.marked == {codes[0], codes[2]}
    await press(pilot, "l")
    assert isinstance(app.screen, LoginInformationDialog)
    return app.screen


async def test_login_information_for_marked_entries_shows_their_current_passwords(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    codes = enter_three(store)
    app = make_app(store)
    async with app.run_test() as pilot:
        await marked_logins(pilot, codes)
        text = static_text(app)
        assert "The 2 marked entries" in text and "current password: printing again changes nothing" in text
        assert "Ana Silva (Cand_Ana" in text and "Cy Silva (Cand_Cy" in text and "Bo Silva" not in text  # named
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionEntriesScreen), what="written")
    [pdf] = list(tmp_path.glob("logins-S1-*.pdf"))
    assert list(tmp_path.glob("logins-S1-*.csv")) == [], "a CSV (passwords in clear) only when one is named"
    slips = pages(pdf)
    assert [(s["User ID"], s["Password"]) for s in slips] == [("Cand_Ana", "Secret123"), ("Cand_Cy", "Secret123")]
    assert all(password_matches(store, s["User ID"], "Secret123") for s in slips), "nothing reset"


async def test_new_passwords_are_a_choice_that_names_the_sessions_whose_slips_go_stale(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    codes = enter_three(store)
    add_session(store, name="January Linguaskill", test="Linguaskill", start="2100-01-10 09:00")
    add_entry(store, "S2", first_name="Ana", family_name="Silva", username="Cand_Ana", link=True)
    app = make_app(store)
    async with app.run_test() as pilot:
        dialog = await marked_logins(pilot, codes)
        await wait_until(pilot, lambda: dialog.stale is not None, what="the other sessions read")
        await press(pilot, "ctrl+n")
        text = static_text(app)
        assert "sets new passwords for 2 candidates" in text, text
        assert "in these sessions too: January Linguaskill (S2): 1 candidate" in text
        assert str(dialog.query_one("#produce", Button).label) == "Set new passwords and write (ctrl+s)"
        assert password_matches(store, "Cand_Ana", "Secret123"), "nothing happens before ctrl+s"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionEntriesScreen), what="written")
    slips = pages(next(tmp_path.glob("logins-S1-*.pdf")))
    assert [s["User ID"] for s in slips] == ["Cand_Ana", "Cand_Cy"]
    for slip in slips:
        assert slip["Password"] != "Secret123" and password_matches(store, slip["User ID"], slip["Password"])
    assert password_matches(store, "Cand_Bo", "Secret123"), "only the chosen entries"


async def test_candidates_from_a_version_1_store_are_named_and_given_new_passwords_when_asked(
    store, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    codes = enter_three(store)
    with store.transaction() as db:  # Cy's password as a version 1 store kept it: a hash, nothing sealed
        update_where(
            db,
            "candidates",
            "username",
            "Cand_Cy",
            {"password_hash": hash_password("Secret123"), "password_sealed": ""},
        )
    app = make_app(store)
    async with app.run_test() as pilot:
        await marked_logins(pilot, codes)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the question")
        assert "Cy Silva (Cand_Cy)" in static_text(app) and "Set new passwords for them only?" in static_text(app)
        assert list(tmp_path.glob("*.pdf")) == []
        await press(pilot, "y")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionEntriesScreen), what="written")
    ana, cy = pages(next(tmp_path.glob("logins-S1-*.pdf")))
    assert ana["Password"] == "Secret123" and cy["Password"] != "Secret123"
    assert password_matches(Store(store.path), "Cand_Cy", cy["Password"])


async def test_cancelling_login_information_changes_nothing(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    enter_three(store)
    app = make_app(store)
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        await press(pilot, "l")
        assert "All 3 active entries" in static_text(app)
        await press(pilot, "escape")
        assert isinstance(app.screen, SessionEntriesScreen)
    assert list(tmp_path.glob("*.pdf")) == []
    assert password_matches(store, "Cand_Ana", "Secret123")


async def test_a_slip_right_after_save_carries_the_password_just_typed(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(store)
    async with app.run_test() as pilot:
        await open_form(pilot)
        await type_into(pilot, "Ana", "tab")
        await type_into(pilot, "Silva", "tab")
        await type_into(pilot, "Cand1", "tab")
        await type_into(pilot, "Secret123", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SavedDialog)
        await press(pilot, "p")
        assert isinstance(app.screen, SlipDialog)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, SavedDialog)
    [row] = list_entries(store, "S1")
    [slip] = pages(tmp_path / f"slip-{row.entry.entry_code}.pdf")
    assert (slip["User ID"], slip["Password"]) == ("Cand1", "Secret123")
    assert password_matches(store, "Cand1", "Secret123")


async def test_restore_in_one_step_with_a_reason(store):
    code = enter_three(store)[0]
    withdraw_entry(store, code, "ill")
    app = make_app(store)
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        assert app.screen.check_action("withdraw", ()) is False
        await press(pilot, "r")
        assert isinstance(app.screen, RestoreDialog)
        await type_into(pilot, "better", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SessionEntriesScreen)
    assert list_entries(store, "S1")[0].entry.status == "active"


async def test_the_audit_screen_filters_as_you_type(store):
    code = enter_three(store)[1]
    withdraw_entry(store, code, "moved")
    app = make_app(store)
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "t")
        assert isinstance(app.screen, AuditScreen)
        listing = app.screen.listing
        assert listing.table.row_count == 7  # setup, venue, session, 3 entries, withdraw
        await pilot.press("slash")
        await type_into(pilot, "withdraw")
        await settle(pilot)
        assert [r.cells[2] for r in listing.shown] == ["entry.withdraw"]
        assert listing.shown[0].cells[3] == code
        await press(pilot, "escape", "escape", "escape")
        assert type(app.screen).__name__ == "SessionListScreen"
        await press(pilot, "enter")
        await press(pilot, "t")
        assert isinstance(app.screen, AuditScreen) and app.screen.session_id == "S1"
        assert app.screen.listing.table.row_count == 5  # session, 3 entries, withdraw
