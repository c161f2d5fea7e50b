"""The Single Candidate Entry form (issue 13): the title, chosen with keys only, and the link
question's three answers when the typed details differ from the username owner's."""

from __future__ import annotations

from entrytui.domain import Candidate
from entrytui.errors import Difference, UsernameOwned
from entrytui.services.candidate_edits import show_candidate
from entrytui.services.entries import add_entry, list_entries
from entrytui.services.sessions import add_session
from entrytui.tui.dialogs.base import ConfirmDialog
from entrytui.tui.dialogs.link import LinkDialog
from entrytui.tui.dialogs.saved import SavedDialog
from entrytui.tui.screens.add_entries import AddEntriesScreen
from ui_helpers import make_app, open_form, press, screen_text, settle, static_text, type_into, wait_until

ZOE = dict(first_name="Zoë", family_name="Ñúñez", username="Zoe1", password="Secret123")


async def test_a_title_chosen_with_keys_is_saved_and_cleared_for_the_next_candidate(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        form = app.screen
        assert isinstance(form, AddEntriesScreen) and form.focused.id == "first-name-input", "names first"
        await press(pilot, "shift+tab")  # the title, above First name
        assert form.focused.id == "title"
        await press(pilot, "enter", "down", "down", "down", "enter")  # Mr, Mrs, Ms
        assert form.choice("title") == "Ms"
        await press(pilot, "escape")  # a title alone is unsaved input: asks
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "n")
        assert app.screen is form and form.choice("title") == "Ms"

        await press(pilot, "tab")
        await type_into(pilot, "Ana", "tab")
        await type_into(pilot, "Silva", "tab")
        await type_into(pilot, "Cand9", "tab")
        await type_into(pilot, "Secret123")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, SavedDialog)
        assert "Ms Ana Silva · Cand9" in static_text(app)
        [row] = list_entries(store, "S1")
        assert (row.candidate.title, row.candidate.full_name) == ("Ms", "Ana Silva")

        await press(pilot, "a")  # add another: the title is cleared with the rest
        assert app.screen is form and form.choice("title") == ""
        assert form.focused.id == "first-name-input"
        assert not form.has_unsaved_input()


async def typed_zoe_in_s2(pilot, store, first: str = "Zoe", family: str = "Nunez") -> LinkDialog:
    """Zoë Ñúñez (Zoe1) is in S1; the form of S2 gets her username with ``first family``."""
    await open_form(pilot, session_row=1)
    assert pilot.app.screen.session.id == "S2"
    await type_into(pilot, first, "tab")
    await type_into(pilot, family, "tab")
    await type_into(pilot, "Zoe1")
    await press(pilot, "ctrl+s")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, LinkDialog), 5, "the link question")
    return pilot.app.screen


def zoe_in_s1_and_s2(store):
    zoe = add_entry(store, "S1", **ZOE)
    add_session(store, name="January", test="Linguaskill", start="2099-12-11 09:00")
    return zoe


async def test_the_link_question_lists_what_differs_and_l_keeps_their_details(store):
    zoe = zoe_in_s1_and_s2(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await typed_zoe_in_s2(pilot, store)
        text = screen_text(app)
        assert "first name: 'Zoe' → 'Zoë'" in text and "family name: 'Nunez' → 'Ñúñez'" in text
        assert "(typed → theirs)" in text
        assert {"link", "update", "change"} == {b.id for b in dialog.query("Button")}
        assert dialog.check_action("answer", ("update",)) is True

        await press(pilot, "l")
        assert isinstance(app.screen, SavedDialog)
        said = static_text(app)
        assert "Zoë Ñúñez · Zoe1 (linked" in said and "whose details were kept" in said
        assert "first name: typed 'Zoe', theirs is 'Zoë'" in said
        [row] = list_entries(store, "S2")
        assert row.candidate.id == zoe.candidate.id
        assert show_candidate(store, "Zoe1").candidate.full_name == "Zoë Ñúñez"


async def test_u_links_and_writes_the_typed_details_over_theirs(store):
    zoe = zoe_in_s1_and_s2(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await typed_zoe_in_s2(pilot, store)
        await press(pilot, "u")
        assert isinstance(app.screen, SavedDialog)
        said = static_text(app)
        assert "Zoe Nunez · Zoe1 (linked" in said
        assert "Their details were updated: first name 'Zoë' → 'Zoe'; family name 'Ñúñez' → 'Nunez'." in said
        assert "kept" not in said
        [row] = list_entries(store, "S2")
        assert row.candidate.id == zoe.candidate.id
        assert show_candidate(store, "Zoe1").candidate.full_name == "Zoe Nunez"
        assert [e.session.id for e in show_candidate(store, "Zoe1").entries] == ["S1", "S2"]


async def test_a_password_typed_for_a_link_is_said_to_make_the_other_sessions_slips_stale(store):
    """Zoë holds an entry in S1: the question names S1's slips, and so does Saved after l."""
    zoe_in_s1_and_s2(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot, session_row=1)
        await type_into(pilot, "Zoë", "tab")
        await type_into(pilot, "Ñúñez", "tab")
        await type_into(pilot, "Zoe1", "tab")
        await type_into(pilot, "Newer4567")
        await press(pilot, "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, LinkDialog), 5, "the link question")
        asked = static_text(app)
        assert "replaces theirs in every session: the slips printed for [b]December Linguaskill (S1)[/b] stop" in asked
        await press(pilot, "l")
        await wait_until(pilot, lambda: isinstance(app.screen, SavedDialog), 5, "Saved")
        said = static_text(app)
        assert "the password typed replaced Zoë Ñúñez's password in every session" in said, said
        assert "the slips printed before for December Linguaskill (S1) show the old one and no longer work" in said
        assert app.screen.added.stale_sessions == ["December Linguaskill (S1)"]
        assert "Secret123" not in screen_text(app)


async def test_c_changes_the_username_and_saves_nothing(store):
    zoe_in_s1_and_s2(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await typed_zoe_in_s2(pilot, store)
        await press(pilot, "c")
        assert isinstance(app.screen, AddEntriesScreen) and app.screen.focused.id == "username-input"
        assert list_entries(store, "S2") == []
        assert show_candidate(store, "Zoe1").candidate.full_name == "Zoë Ñúñez"
        await press(pilot, "ctrl+s")  # and escape answers the same
        await wait_until(pilot, lambda: isinstance(app.screen, LinkDialog), 5, "the link question again")
        await press(pilot, "escape")
        assert isinstance(app.screen, AddEntriesScreen) and app.screen.focused.id == "username-input"
        assert list_entries(store, "S2") == []


async def test_a_form_changed_after_save_is_not_linked(store):
    """The answer is about the form the question was asked for: a key typed ahead into a field
    before the question opened stops the link instead of entering whoever the field now names."""
    zoe_in_s1_and_s2(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await typed_zoe_in_s2(pilot, store)
        form = app.screen_stack[-2]
        form.field("username").value = "Zoe1u"  # as a key that overtook the question would
        await press(pilot, "l")
        assert app.screen is form and form.focused.id == "username-input"
        assert "Not linked: the form changed after Save" in static_text(app)
        assert list_entries(store, "S2") == []


async def test_with_nothing_different_update_is_not_offered(store):
    add_entry(store, "S1", first_name="Ana", family_name="Silva", username="Zoe1", password="Secret123")
    add_session(store, name="January", test="Linguaskill", start="2099-12-11 09:00")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await typed_zoe_in_s2(pilot, store, "Ana", "Silva")
        assert {"link", "change"} == {b.id for b in dialog.query("Button")}
        assert dialog.check_action("answer", ("update",)) is False
        shown = screen_text(app)
        assert "u Link, update" not in shown and "Nothing you typed differs from their details" in shown
        await press(pilot, "u")  # not offered: nothing happens
        assert app.screen is dialog and list_entries(store, "S2") == []
        await press(pilot, "l")
        assert isinstance(app.screen, SavedDialog)
        assert show_candidate(store, "Zoe1").candidate.full_name == "Ana Silva"
        assert [e.session.id for e in show_candidate(store, "Zoe1").entries] == ["S1", "S2"]


async def test_the_link_question_shows_markup_and_controls_in_values_literally(store):
    owner = Candidate(id="C9", username="Odd1", first_name="Ana", family_name="[b]Silva[/b]", email="x@y.org")
    owned = UsernameOwned(
        owner,
        ["[red]Group A[/red] (S1)"],
        [Difference("family_name", "family name", "Silva", "[b]Silva[/b]\x1b]2;x\x07")],
    )
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(LinkDialog(owned, False))
        await wait_until(pilot, lambda: isinstance(app.screen, LinkDialog), 5, "the link question")
        await settle(pilot)
        text = screen_text(app)
        assert "[red]Group A[/red] (S1)" in text and "Ana [b]Silva[/b]" in text
        assert "family name: 'Silva' → '[b]Silva[/b]\ufffd]2;x\ufffd'" in text
