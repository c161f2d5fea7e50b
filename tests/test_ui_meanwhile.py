"""What one operator sees of another's corrections (issue 13, PRODUCT §4): a candidate shown
follows a rename made elsewhere, a merge whose candidates changed after the question was asked
is asked again with what changed, and a session is removed from Sessions only without entries."""

from __future__ import annotations

import pytest

from entrytui.services.candidate_edits import edit_candidate, list_candidates
from entrytui.services.entries import add_entry, list_entries, withdraw_entry
from entrytui.services.merging import merge_candidates
from entrytui.services.sessions import add_session, list_sessions
from entrytui.store import Store, rows
from entrytui.tui.dialogs.base import ConfirmDialog
from entrytui.tui.screens.candidates import CandidateScreen, CandidatesScreen
from entrytui.tui.screens.session_list import SessionListScreen
from ui_helpers import make_app, press, screen_text, settle, wait_until


@pytest.fixture
def two_sessions(store) -> Store:
    """S1 (December) holds Ana Silva (Cand1) and Bo Li (Cand2); S2 (January) holds Ana Sylva (Cand3)."""
    add_session(store, name="January Linguaskill", test="Linguaskill", start="2100-01-10 09:00")
    add_entry(store, "S1", first_name="Ana", family_name="Silva", username="Cand1", password="Secret123")
    add_entry(store, "S1", first_name="Bo", family_name="Li", username="Cand2", password="Secret123")
    add_entry(store, "S2", first_name="Ana", family_name="Sylva", username="Cand3", password="Secret123")
    return store


async def candidates(pilot) -> CandidatesScreen:
    await settle(pilot)
    await press(pilot, "c")
    screen = pilot.app.screen
    assert isinstance(screen, CandidatesScreen)
    await wait_until(pilot, lambda: len(screen.listing.shown) == 3, what="the candidates")
    return screen


def usernames(screen: CandidatesScreen) -> list[str]:
    return [r.cells[2] for r in screen.listing.shown]


async def test_a_candidate_shown_follows_a_rename_another_operator_made_and_says_when_merged_away(two_sessions):
    app = make_app(two_sessions)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await candidates(pilot)
        await press(pilot, *["down"] * usernames(screen).index("Cand1"), "enter")
        one = app.screen
        assert isinstance(one, CandidateScreen)
        await wait_until(pilot, lambda: one.view is not None, what="Ana shown")
        other = Store(two_sessions.path)  # another operator, meanwhile
        edit_candidate(other, "Cand1", new_username="Ana.Silva", family_name="Sousa")
        await wait_until(pilot, lambda: "Ana Sousa · Ana.Silva" in screen_text(app), what="the rename shown")
        merge_candidates(other, "Cand3", "Ana.Silva")  # she goes into Cand3
        await wait_until(pilot, lambda: app.screen is screen, what="back on the list")
        await wait_until(  # (a notice is a message: it can reach the app after the screen is back)
            pilot,
            lambda: any("is no longer a candidate (merged meanwhile)" in n.message for n in app._notifications),
            what="the notice that she was merged away",
        )
        await wait_until(pilot, lambda: "Ana.Silva" not in usernames(screen), what="the list without her")


async def test_a_merge_whose_candidate_changed_after_the_question_is_asked_again_with_their_change(two_sessions):
    app = make_app(two_sessions)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await candidates(pilot)
        await press(pilot, *["down"] * usernames(screen).index("Cand3"), "space")
        await press(pilot, "home", *["down"] * usernames(screen).index("Cand1"), "m")
        assert isinstance(app.screen, ConfirmDialog)
        edit_candidate(Store(two_sessions.path), "Cand3", email="ana@example.org", actor=None)
        await press(pilot, "y")
        await wait_until(pilot, lambda: "changed meanwhile" in screen_text(app), what="asked again")
        text = screen_text(app)
        assert isinstance(app.screen, ConfirmDialog)
        assert "email" in text and "ana@example.org" in text, text
        assert {s.candidate.username for s in list_candidates(Store(two_sessions.path))} == {"Cand1", "Cand2", "Cand3"}
        await press(pilot, "y")  # merge, with her details as they are now
        await wait_until(pilot, lambda: "Cand3" not in usernames(screen), what="merged")
    assert {s.candidate.username for s in list_candidates(Store(two_sessions.path))} == {"Cand1", "Cand2"}


async def test_a_merge_asked_again_and_declined_merges_nothing(two_sessions):
    app = make_app(two_sessions)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await candidates(pilot)
        await press(pilot, *["down"] * usernames(screen).index("Cand3"), "space")
        await press(pilot, "home", *["down"] * usernames(screen).index("Cand1"), "m")
        edit_candidate(Store(two_sessions.path), "Cand1", first_name="Anna")
        await press(pilot, "y")
        await wait_until(pilot, lambda: "changed meanwhile" in screen_text(app), what="asked again")
        await press(pilot, "n")
        await settle(pilot)
        assert app.screen is screen
    assert len(list_candidates(Store(two_sessions.path))) == 3


async def removal_asked(pilot, session_id: str) -> SessionListScreen:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SessionListScreen)
    await wait_until(pilot, lambda: screen.listing.shown, what="the sessions")
    ids = [r.key for r in screen.listing.shown]
    await press(pilot, *["down"] * ids.index(session_id), "x")
    return screen


async def test_a_session_without_entries_is_removed_after_asking_and_the_audit_keeps_it(two_sessions):
    add_session(two_sessions, name="Spare room test", test="Linguaskill", start="2100-02-10 09:00")
    app = make_app(two_sessions)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await removal_asked(pilot, "S3")
        assert isinstance(app.screen, ConfirmDialog)
        assert "Spare room test (S3)" in screen_text(app)
        await press(pilot, "n")  # kept
        await settle(pilot)
        assert "S3" in [s.session.id for s in list_sessions(Store(two_sessions.path))]
        await press(pilot, "x", "y")
        await wait_until(pilot, lambda: "S3" not in [r.key for r in screen.listing.shown], what="S3 gone")
        assert any("Session S3 removed" in n.message for n in app._notifications)
    after = Store(two_sessions.path)
    assert [s.session.id for s in list_sessions(after)] == ["S1", "S2"]
    with after.reading() as db:
        assert [e["subject"] for e in rows(db, "audit") if e["action"] == "session.remove"] == ["S3"]


async def test_a_session_with_entries_is_not_removed_and_the_refusal_counts_them(two_sessions):
    [row] = list_entries(two_sessions, "S2")
    withdraw_entry(two_sessions, row.entry.entry_code, "moved")  # a withdrawn entry is history: it counts
    app = make_app(two_sessions)
    async with app.run_test(size=(80, 24)) as pilot:
        await removal_asked(pilot, "S2")
        await settle(pilot)
        assert isinstance(app.screen, SessionListScreen), "no question: it cannot be removed"
        assert any("has 1 entry (0 active)" in n.message for n in app._notifications)
    assert [s.session.id for s in list_sessions(Store(two_sessions.path))] == ["S1", "S2"]


async def test_entries_added_by_another_operator_while_the_removal_was_asked_refuse_it(two_sessions):
    add_session(two_sessions, name="Spare room test", test="Linguaskill", start="2100-02-10 09:00")
    app = make_app(two_sessions)
    async with app.run_test(size=(80, 24)) as pilot:
        await removal_asked(pilot, "S3")
        add_entry(
            Store(two_sessions.path), "S3", first_name="Cy", family_name="Ng", username="Cand9", password="Secret123"
        )
        await press(pilot, "y")
        await wait_until(pilot, lambda: any("Not removed" in n.message for n in app._notifications), what="refusal")
    assert "S3" in [s.session.id for s in list_sessions(Store(two_sessions.path))]
