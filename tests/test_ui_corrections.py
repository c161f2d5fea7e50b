"""Corrections from the terminal UI (issue 13, PRODUCT §4): edit a candidate from the Session
screen and from Candidates, the question when another operator changed them after the form
opened, move an entry keeping its code, the Candidates screen, merge, and edit a session."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from entrytui.services.candidate_edits import list_candidates, show_candidate
from entrytui.services.entries import add_entry, list_entries, withdraw_entry
from entrytui.services.sessions import add_session, list_sessions
from entrytui.store import Store
from entrytui.tui.dialogs.base import ConfirmDialog
from entrytui.tui.dialogs.changed_meanwhile import ChangedMeanwhileDialog
from entrytui.tui.dialogs.edit_session import EditSessionDialog
from entrytui.tui.dialogs.move_entry import MoveEntryDialog
from entrytui.tui.screens.candidates import CandidateScreen, CandidatesScreen
from entrytui.tui.screens.edit_candidate import EditCandidateScreen
from entrytui.tui.screens.session_entries import SessionEntriesScreen
from entrytui.tui.screens.session_list import SessionListScreen
from entrytui.tui.widgets.field import Field
from helpers import run_entrytui
from ui_helpers import make_app, press, screen_text, settle, static_text, type_into, wait_until


@pytest.fixture
def two_sessions(store) -> Store:
    """S1 (December) holds Ana Silva (Cand1) and Bo Li (Cand2); S2 (January) holds Ana too."""
    add_session(store, name="January Linguaskill", test="Linguaskill", start="2100-01-10 09:00")
    add_entry(store, "S1", first_name="Ana", family_name="Silva", username="Cand1", password="Secret123")
    add_entry(store, "S1", first_name="Bo", family_name="Li", username="Cand2", password="Secret123")
    add_entry(store, "S2", first_name="Ana", family_name="Silva", username="Cand1", link=True)
    return store


def names_listed(app) -> list[str]:
    return [r.candidate.full_name for r in app.screen.entries.values()]


async def open_session(pilot, session_id: str = "S1", row: int = 0) -> None:
    """From Sessions: open a session, then highlight its ``row``."""
    await settle(pilot)
    if session_id == "S2":
        await pilot.press("down")
    await press(pilot, "enter")
    app = pilot.app
    await wait_until(
        pilot,
        lambda: (
            isinstance(app.screen, SessionEntriesScreen) and app.screen.session_id == session_id and app.screen.entries
        ),
        what=f"the entries of {session_id}",
    )
    for _ in range(row):
        await press(pilot, "down")


async def retype(pilot, text: str) -> None:
    """Replace what the field with focus holds."""
    await pilot.press("end", "ctrl+u")
    await type_into(pilot, text)


async def edit_form(pilot, username: str) -> EditCandidateScreen:
    await press(pilot, "e")
    form = pilot.app.screen
    assert isinstance(form, EditCandidateScreen)
    assert form.field("username").value == username
    return form


# ---- edit a candidate ------------------------------------------------------------------------


async def test_an_edit_from_the_session_screen_shows_in_its_list_and_in_the_other_session(two_sessions):
    app = make_app(two_sessions)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(pilot)
        form = await edit_form(pilot, "Cand1")
        assert (form.field("first-name").value, form.field("family-name").value) == ("Ana", "Silva")
        await press(pilot, "tab")  # first name -> family name
        await retype(pilot, "Sousa")
        await press(pilot, "ctrl+s")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, SessionEntriesScreen) and "Ana Sousa" in names_listed(app),
            what="the new name in the session's list",
        )
        assert "Ana Sousa" in screen_text(app)
        assert any("family name 'Silva' → 'Sousa'" in n.message for n in app._notifications)
        await press(pilot, "escape")
        await open_session(pilot, "S2")
        assert names_listed(app) == ["Ana Sousa"]
    assert show_candidate(Store(two_sessions.path), "Cand1").candidate.family_name == "Sousa"


async def test_an_edit_against_a_rule_or_onto_a_taken_username_is_refused_under_the_field(two_sessions):
    app = make_app(two_sessions)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(pilot)
        form = await edit_form(pilot, "Cand1")
        await retype(pilot, "Ana2")  # first name: no digits
        await press(pilot, "ctrl+s")
        assert app.screen is form and form.field("first-name").has_class("-invalid")
        assert "'2' at position 4 is not allowed" in static_text(app)
        await retype(pilot, "Ana")
        await press(pilot, "tab", "tab")  # to the username
        await retype(pilot, "Cand2")  # Bo's
        await press(pilot, "ctrl+s")
        await wait_until(pilot, lambda: form.field("username").has_class("-invalid"), what="the refusal under Username")
        assert app.screen is form
        assert "'Cand2' already belongs to Bo Li" in static_text(app)
    ana = show_candidate(Store(two_sessions.path), "Cand1").candidate
    assert (ana.first_name, ana.username) == ("Ana", "Cand1")


async def stale_question(pilot, store: Store) -> ChangedMeanwhileDialog:
    """Open Ana's form, let another process change her family name, change her first name, Save."""
    await open_session(pilot)
    await edit_form(pilot, "Cand1")
    other = run_entrytui("candidate", "edit", "Cand1", "--family-name", "Sousa", data=store.path)
    assert other.returncode == 0, other.stderr
    await retype(pilot, "Anna")
    await press(pilot, "ctrl+s")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChangedMeanwhileDialog), what="the question")
    text = static_text(pilot.app)
    assert "family name: 'Silva' → 'Sousa'  (by " in text, text  # theirs, and who
    assert "first name: 'Ana' → 'Anna'" in text, text  # mine
    assert show_candidate(Store(store.path), "Cand1").candidate.first_name == "Ana", "nothing saved yet"
    return pilot.app.screen


async def test_a_change_another_process_made_after_the_form_opened_is_shown_and_mine_goes_on_top(two_sessions):
    app = make_app(two_sessions)
    async with app.run_test(size=(80, 24)) as pilot:
        await stale_question(pilot, two_sessions)
        await press(pilot, "s")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionEntriesScreen), what="saved, back to the session")
        await wait_until(pilot, lambda: "Anna Sousa" in names_listed(app), what="both changes in the list")
    ana = show_candidate(Store(two_sessions.path), "Cand1").candidate
    assert (ana.first_name, ana.family_name) == ("Anna", "Sousa"), "theirs kept where I changed nothing"


async def test_reload_fills_the_form_with_their_change_and_saves_nothing(two_sessions):
    app = make_app(two_sessions)
    async with app.run_test(size=(80, 24)) as pilot:
        await stale_question(pilot, two_sessions)
        await press(pilot, "r")
        form = app.screen
        assert isinstance(form, EditCandidateScreen)
        assert (form.field("first-name").value, form.field("family-name").value) == ("Ana", "Sousa")
        assert not form.has_unsaved_input()
    ana = show_candidate(Store(two_sessions.path), "Cand1").candidate
    assert (ana.first_name, ana.family_name) == ("Ana", "Sousa")


# ---- move an entry ---------------------------------------------------------------------------


async def ask_to_move(pilot, row: int, targets: tuple[str, ...] = ("S2",)) -> MoveEntryDialog:
    """Open the move dialog on the session's ``row``: its sessions read (the question not asked)."""
    await open_session(pilot, row=row)
    await press(pilot, "m")
    dialog = pilot.app.screen
    assert isinstance(dialog, MoveEntryDialog)
    await wait_until(pilot, lambda: dialog.targets, what="the sessions to move to")
    assert [t.session.id for t in dialog.targets] == list(targets), "the other active sessions, not this one"
    return dialog


async def test_a_move_keeps_the_entry_code_and_both_sessions_list_it_where_it_is(two_sessions):
    [bo] = [r for r in list_entries(two_sessions, "S1") if r.candidate.username == "Cand2"]
    code = bo.entry.entry_code
    app = make_app(two_sessions)
    async with app.run_test(size=(80, 24)) as pilot:
        await ask_to_move(pilot, row=1)
        await press(pilot, "enter")
        assert isinstance(app.screen, ConfirmDialog)
        question = static_text(app)
        for named in ("Bo Li (Cand2)", f"entry code {code}", "December Linguaskill (S1)", "January Linguaskill (S2)"):
            assert named in question, question
        await press(pilot, "y")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, SessionEntriesScreen) and names_listed(app) == ["Ana Silva"],
            what="S1 without Bo",
        )
        await press(pilot, "escape")
        await open_session(pilot, "S2")
        assert sorted(names_listed(app)) == ["Ana Silva", "Bo Li"]
        assert code in app.screen.entries
    after = Store(two_sessions.path)
    assert [r.entry.entry_code for r in list_entries(after, "S2") if r.candidate.username == "Cand2"] == [code]
    assert all(r.candidate.username != "Cand2" for r in list_entries(after, "S1"))


async def test_a_session_the_candidate_is_in_already_is_greyed_and_enter_says_why_without_asking(two_sessions):
    [ana_s2] = list_entries(two_sessions, "S2")
    held = ana_s2.entry.entry_code
    app = make_app(two_sessions)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await ask_to_move(pilot, row=0)  # Ana, who is in S2 already
        assert [t.held for t in dialog.targets] == [held]
        shown = screen_text(app)
        assert f"already in it, entry code {held}" in shown, shown
        assert "They hold an active entry in every other active session: there is" in shown, shown
        assert "Move (enter)" not in shown and "Cancel (esc)" in shown, "no Move button with nowhere to go"
        await press(pilot, "enter")
        assert app.screen is dialog, "no question for a move that would be refused"
        said = static_text(app)
        assert "Not moved: Ana Silva ('Cand1') already has an active entry in January Linguaskill (S2)" in said
        assert f"entry code {held}." in said
    assert [r.candidate.username for r in list_entries(Store(two_sessions.path), "S1")] == ["Cand1", "Cand2"]


async def test_beside_a_session_to_move_to_one_they_are_in_is_greyed_and_the_free_one_highlighted(two_sessions):
    add_session(two_sessions, name="March Linguaskill", test="Linguaskill", start="2100-03-10 09:00")
    app = make_app(two_sessions)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await ask_to_move(pilot, row=0, targets=("S2", "S3"))
        assert [bool(t.held) for t in dialog.targets] == [True, False]
        assert "Move (enter)" in screen_text(app)
        assert dialog.query_one(OptionList).highlighted == 1, "the first session it can go to"
        assert "Greyed: 1 session they are in already: a move there is refused." in static_text(app)
        await press(pilot, "up", "enter")
        assert app.screen is dialog and "Not moved: Ana Silva ('Cand1') already has" in static_text(app)
        await press(pilot, "down", "enter")
        assert isinstance(app.screen, ConfirmDialog) and "March Linguaskill (S3)" in static_text(app)


async def test_a_move_refused_after_the_question_is_said_in_one_message(two_sessions):
    """Bo is entered into S2 by another operator after the sessions were read: the question is
    asked, the service refuses, and the dialog says why."""
    app = make_app(two_sessions)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await ask_to_move(pilot, row=1)
        assert not dialog.targets[0].held
        add_entry(Store(two_sessions.path), "S2", first_name="Bo", family_name="Li", username="Cand2", link=True)
        await press(pilot, "enter")
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "y")
        await wait_until(pilot, lambda: "Not moved" in static_text(app), what="the refusal")
        assert app.screen is dialog
        assert "Not moved: Bo Li ('Cand2') already has an active entry in January Linguaskill (S2)" in static_text(app)
    assert [r.candidate.username for r in list_entries(Store(two_sessions.path), "S1")] == ["Cand1", "Cand2"]


# ---- Candidates ------------------------------------------------------------------------------


async def test_candidates_filter_as_you_type_and_enter_shows_one_candidate_with_every_entry(two_sessions):
    [ana_s2] = list_entries(two_sessions, "S2")
    app = make_app(two_sessions)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "c")
        screen = app.screen
        assert isinstance(screen, CandidatesScreen)
        await wait_until(pilot, lambda: len(screen.listing.shown) == 2, what="both candidates")
        await press(pilot, "slash")
        await type_into(pilot, "bo")
        await settle(pilot)
        assert [r.cells[2] for r in screen.listing.shown] == ["Cand2"]
        await pilot.press("ctrl+u")
        await type_into(pilot, ana_s2.entry.entry_code.lower())  # by one of her entry codes
        await settle(pilot)
        assert [r.cells[2] for r in screen.listing.shown] == ["Cand1"]
        await press(pilot, "enter")
        one = app.screen
        assert isinstance(one, CandidateScreen)
        await wait_until(pilot, lambda: one.view is not None and len(one.listing.shown) == 2, what="her entries")
        text = screen_text(app)
        assert "Ana Silva · Cand1" in text and "December Linguaskill (S1)" in text and "January Linguask" in text
        assert ana_s2.entry.entry_code in text
        form = await edit_form(pilot, "Cand1")
        await press(pilot, "tab")
        await retype(pilot, "Sousa")
        await press(pilot, "ctrl+s")
        await wait_until(
            pilot,
            lambda: app.screen is one and one.view.candidate.family_name == "Sousa",
            what="the candidate shown again, edited",
        )
        assert form.opened.family_name == "Silva"
        await press(pilot, "escape")
        await wait_until(pilot, lambda: "Ana Sousa" in [r.cells[1] for r in screen.listing.shown], what="the list")
        await press(pilot, "escape", "escape", "escape")  # leave the filter, clear it, back
        assert isinstance(app.screen, SessionListScreen)


# ---- merge two candidates ---------------------------------------------------------------------


async def ask_to_merge(pilot, keep: str, other: str) -> CandidatesScreen:
    """On Candidates: mark ``other``, highlight ``keep``, press m."""
    await settle(pilot)
    await press(pilot, "c")
    screen = pilot.app.screen
    await wait_until(pilot, lambda: screen.listing.shown, what="the candidates")
    usernames = [r.cells[2] for r in screen.listing.shown]
    await press(pilot, *["down"] * usernames.index(other), "space")  # marks it, then the next row
    if usernames.index(other) < len(usernames) - 1:
        assert screen.highlighted().candidate.username == usernames[usernames.index(other) + 1], "as on a session"
    await press(pilot, "home", *["down"] * usernames.index(keep), "m")
    assert isinstance(pilot.app.screen, ConfirmDialog)
    return screen


async def test_merge_gives_the_marked_candidates_entries_to_the_highlighted_one_with_their_codes(two_sessions):
    sylva = add_entry(two_sessions, "S2", first_name="Ana", family_name="Sylva", username="Cand3", password="Secret123")
    withdraw_in_s2(two_sessions, "Cand1")  # else both would be active in S2
    ana_codes = {e.entry.entry_code for e in show_candidate(two_sessions, "Cand1").entries}
    app = make_app(two_sessions)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ask_to_merge(pilot, keep="Cand1", other="Cand3")
        question = screen_text(app)
        for shown in ("Cand3's entries go to Cand1", "Kept", "Goes", "Sylva", "Silva"):
            assert shown in question, question
        await press(pilot, "y")
        await wait_until(pilot, lambda: "Cand3" not in [r.cells[2] for r in screen.listing.shown], what="Cand3 gone")
        assert any("merged into 'Cand1'" in n.message for n in app._notifications)
    after = Store(two_sessions.path)
    usernames = {s.candidate.username for s in list_candidates(after)}
    assert usernames == {"Cand1", "Cand2"}
    ana = show_candidate(after, "Cand1")
    codes = {e.entry.entry_code for e in ana.entries}
    assert codes == ana_codes | {sylva.entry.entry_code}, "hers kept, Cand3's moved, every code unchanged"


def withdraw_in_s2(store: Store, username: str) -> None:
    [row] = [r for r in list_entries(store, "S2") if r.candidate.username == username]
    withdraw_entry(store, row.entry.entry_code, "moved")


async def test_merge_refused_where_both_are_active_in_one_session_says_so_and_changes_nothing(two_sessions):
    add_entry(two_sessions, "S2", first_name="Ana", family_name="Sylva", username="Cand3", password="Secret123")
    app = make_app(two_sessions)
    async with app.run_test(size=(80, 24)) as pilot:
        await ask_to_merge(pilot, keep="Cand1", other="Cand3")  # both active in S2
        await press(pilot, "y")
        await wait_until(
            pilot,
            lambda: any(
                "Not merged: both hold an active entry in January Linguaskill" in n.message for n in app._notifications
            ),
            what="the refusal",
        )
        assert isinstance(app.screen, CandidatesScreen)
    assert {s.candidate.username for s in list_candidates(Store(two_sessions.path))} == {"Cand1", "Cand2", "Cand3"}


# ---- edit a session ---------------------------------------------------------------------------


async def edit_session_form(pilot) -> EditSessionDialog:
    await settle(pilot)
    await press(pilot, "e")  # the first session, S1
    dialog = pilot.app.screen
    assert isinstance(dialog, EditSessionDialog)
    await wait_until(pilot, lambda: dialog.venue_names, what="the venues")
    assert dialog.query_one("#session-name-input").value == "December Linguaskill"
    assert str(dialog.query_one("#session-venue").value) == "V1", "its venue chosen"
    return dialog


async def test_a_session_edited_from_sessions_shows_the_new_name_and_its_end_moves_with_its_start(two_sessions):
    app = make_app(two_sessions)
    async with app.run_test(size=(80, 24)) as pilot:
        await edit_session_form(pilot)
        await retype(pilot, "December Linguaskill AM")
        await press(pilot, "tab", "tab", "tab")  # test, venue, start
        await retype(pilot, "2099-12-11 10:00")
        await press(pilot, "ctrl+s")
        await wait_until(
            pilot,
            lambda: (
                isinstance(app.screen, SessionListScreen)
                and "December Linguaskill AM" in [r.cells[1] for r in app.screen.listing.shown]
            ),
            what="the new name in the list",
        )
        assert any("start '2099-12-10 09:00' → '2099-12-11 10:00'" in n.message for n in app._notifications)
    [s1] = [s for s in list_sessions(Store(two_sessions.path)) if s.session.id == "S1"]
    assert (s1.session.name, s1.session.start, s1.session.end) == (
        "December Linguaskill AM",
        "2099-12-11 10:00",
        "2099-12-11 12:00",
    )
    assert s1.venue is not None and s1.venue.id == "V1", "the venue kept"


async def test_a_session_edit_ending_before_it_starts_is_refused_under_the_end(two_sessions):
    app = make_app(two_sessions)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await edit_session_form(pilot)
        await press(pilot, "tab", "tab", "tab", "tab")  # to the end
        await retype(pilot, "2099-12-10 08:00")
        await press(pilot, "ctrl+s")
        end = dialog.query_one("#session-end-at", Field)
        await wait_until(pilot, lambda: end.has_class("-invalid"), what="the refusal under End")
        assert app.screen is dialog and "must be after the start" in static_text(app)
    [s1] = [s for s in list_sessions(Store(two_sessions.path)) if s.session.id == "S1"]
    assert s1.session.end == "2099-12-10 11:00"


async def session_changed_meanwhile(pilot, store: Store) -> EditSessionDialog:
    """The start retyped while another process renames S1; Save: the question."""
    dialog = await edit_session_form(pilot)
    other = run_entrytui("session", "edit", "S1", "--name", "December Linguaskill PM", data=store.path)
    assert other.returncode == 0, other.stderr
    await press(pilot, "tab", "tab", "tab")  # to the start
    await retype(pilot, "2099-12-11 10:00")
    await press(pilot, "ctrl+s")
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, ChangedMeanwhileDialog), what="the question")
    text = static_text(app)
    assert "Session S1 (December Linguaskill PM) was changed by another operator" in text, text
    assert "session name: 'December Linguaskill' → 'December Linguaskill PM'" in text
    assert "start: '2099-12-10 09:00' → '2099-12-11 10:00'" in text, "theirs and mine, side by side"
    [s1] = [s for s in list_sessions(Store(store.path)) if s.session.id == "S1"]
    assert (s1.session.name, s1.session.start) == ("December Linguaskill PM", "2099-12-10 09:00"), "nothing saved"
    return dialog


async def test_a_session_changed_by_another_process_meanwhile_is_asked_about_and_mine_goes_on_top(two_sessions):
    app = make_app(two_sessions)
    async with app.run_test(size=(80, 24)) as pilot:
        await session_changed_meanwhile(pilot, two_sessions)
        await press(pilot, "s")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionListScreen), what="saved")
    [s1] = [s for s in list_sessions(Store(two_sessions.path)) if s.session.id == "S1"]
    assert (s1.session.name, s1.session.start) == ("December Linguaskill PM", "2099-12-11 10:00"), "both kept"


async def test_a_session_changed_meanwhile_reloaded_shows_theirs_and_saves_nothing(two_sessions):
    app = make_app(two_sessions)
    async with app.run_test(size=(60, 20)) as pilot:
        dialog = await session_changed_meanwhile(pilot, two_sessions)
        await press(pilot, "r")
        await wait_until(pilot, lambda: app.screen is dialog, what="back on the form")
        assert dialog.query_one("#session-name-input").value == "December Linguaskill PM"
        assert dialog.query_one("#session-start-input").value == "2099-12-10 09:00"
        assert not dialog.has_unsaved_input()
        await press(pilot, "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionListScreen), what="closed")
    [s1] = [s for s in list_sessions(Store(two_sessions.path)) if s.session.id == "S1"]
    assert (s1.session.name, s1.session.start) == ("December Linguaskill PM", "2099-12-10 09:00")


async def test_the_session_and_candidates_filters_find_an_accented_name_typed_without_accents(two_sessions):
    add_entry(two_sessions, "S1", first_name="Carla", family_name="Núñez", username="Carla1", password="Secret123")
    app = make_app(two_sessions)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(pilot)
        await press(pilot, "slash")
        await type_into(pilot, "nunez")
        await wait_until(pilot, lambda: [r.cells[1] for r in app.screen.listing.shown] == ["Carla Núñez"])
        await press(pilot, "escape", "escape", "escape", "c")  # back to Sessions, then Candidates
        await wait_until(pilot, lambda: isinstance(app.screen, CandidatesScreen) and app.screen.listing.shown)
        await press(pilot, "slash")
        await type_into(pilot, "NUNEZ")
        await wait_until(pilot, lambda: [r.cells[2] for r in app.screen.listing.shown] == ["Carla1"])
