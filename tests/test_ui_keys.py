"""Every screen, dialog and tab has its own keys: F1 lists what is in front, under its human
title; the footer shows them; the palette (ctrl+p) offers them, once each."""

from __future__ import annotations

import pytest
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from entrytui.services.entries import add_entry
from entrytui.tui.dialogs.base import Dialog
from entrytui.tui.screens.help import HelpScreen
from entrytui.tui.screens.session_entries import SessionEntriesScreen
from entrytui.tui.widgets.footer import KeysFooter
from ui_helpers import make_app, settle, wait_until
from ui_openers import OPENERS


def palette(app) -> list[str]:
    return [command.title for command in app.get_system_commands(app.screen)]


def footer_keys(app) -> set[str]:
    return {b.binding.key for b in app.screen.active_bindings.values() if b.binding.show}


@pytest.mark.parametrize("case", sorted(name for name in OPENERS if name not in ("help", "store error", "setup")))
async def test_f1_the_footer_and_the_palette_speak_of_what_is_in_front(ana_and_bo, case):
    prepare, expected = OPENERS[case]
    app = make_app(ana_and_bo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first, open_it = prepare(app)
        await pilot.press(*first)
        await settle(pilot)
        await open_it(pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, expected), 5, expected.__name__)
        await settle(pilot)
        front = app.screen
        offered = palette(app)
        assert len(offered) == len(set(offered)), f"listed twice: {offered}"
        assert offered.count("Quit") <= 1
        if isinstance(front, Dialog):
            assert front.query(Footer), "the dialog has a footer of its own"
            own = {key for key, _binding in front._bindings} - {"f1"}
            assert own & footer_keys(app), "the footer shows the dialog's keys"
            assert not {"n", "t", "w", "a"} & footer_keys(app) - own, "not the keys of the screen underneath"
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), 2, "F1 opened the keys")
        title = str(app.screen.query_one(".dialog-title").content)
        assert title == f"Keys — {front.title}" and type(front).__name__ not in title
        listed = {text for _key, text in app.screen.rows}
        own = {b.tooltip or b.description for _key, b in front._bindings if b.show and b.description}
        assert own & listed, f"F1 lists the keys of {front.title}: {own} in {listed}"


async def test_each_tab_of_add_entries_offers_its_own_actions(ana_and_bo):
    app = make_app(ana_and_bo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = "Check every field and save the entry"
        assert form in palette(app)
        await pilot.press("f2")
        await settle(pilot)
        upload = palette(app)
        assert form not in upload
        for action in ("Read and check the file", "Add every accepted row", "Save the refused rows"):
            assert any(t.startswith(action) for t in upload), (action, upload)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("tab")  # from the search line to the results: marking is theirs
        await settle(pilot)
        search = palette(app)
        assert form not in search and "Read and check the file; nothing is written yet" not in search
        for action in ("Mark or unmark the highlighted candidate", "Enter the marked candidates"):
            assert any(t.startswith(action) for t in search), (action, search)
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), 2, "F1")
        shown = [text for _key, text in app.screen.rows]
        assert any(s.startswith("Mark or unmark") for s in shown)


async def test_the_footer_follows_the_highlight_and_is_rebuilt_only_when_it_changes(ana_and_bo):
    """Ana's entry is active (w Withdraw), Bo's withdrawn (r Restore): the footer says which
    on each row, and moving between rows whose keys are the same rebuilds nothing (each
    rebuild made a dozen widgets, tens of ms of a keystroke)."""
    add_entry(ana_and_bo, "S1", first_name="Cy", family_name="Lo", username="Cand3", password="Secret123")
    app = make_app(ana_and_bo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionEntriesScreen) and app.screen.listing.shown)
        await settle(pilot)
        footer = app.screen.query_one(KeysFooter)
        rebuilt = []
        real = footer.recompose

        async def counted():
            rebuilt.append(app.screen.listing.selected_key)
            await real()

        footer.recompose = counted
        shown = lambda: {key.key for key in footer.query(FooterKey)}  # noqa: E731
        assert "w" in shown() and "r" not in shown(), "Ana, active"
        await pilot.press("down")  # Bo, withdrawn
        await settle(pilot)
        assert "r" in shown() and "w" not in shown() and len(rebuilt) == 1
        await pilot.press("down")  # Cy, active
        await settle(pilot)
        assert "w" in shown() and len(rebuilt) == 2
        await pilot.press("up", "up")  # Bo, then Ana: the keys change twice
        await settle(pilot)
        assert len(rebuilt) == 4 and "w" in shown(), rebuilt
        await pilot.press("slash")  # typing in the filter: its keys differ (one rebuild)
        await settle(pilot)
        typing = len(rebuilt)
        await pilot.press("a", "n")  # each keystroke filters; the highlight stays on Ana: same keys
        await settle(pilot)
        assert len(rebuilt) == typing, rebuilt
