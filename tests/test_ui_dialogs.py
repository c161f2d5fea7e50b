"""Link, case confirmation, withdraw, store errors, refresh from another process, palette and F1."""

from __future__ import annotations

import errno
import os
import subprocess
import sys

from entrytui.services.entries import add_entry, list_entries
from entrytui.services.sessions import add_session
from entrytui.store import Store
from entrytui.tui.app import screen_actions
from entrytui.tui.dialogs.base import ConfirmDialog
from entrytui.tui.dialogs.entry_status import WithdrawDialog
from entrytui.tui.dialogs.link import LinkDialog
from entrytui.tui.dialogs.saved import SavedDialog
from entrytui.tui.screens.add_entries import AddEntriesScreen
from entrytui.tui.screens.help import HelpScreen
from entrytui.tui.screens.session_entries import SessionEntriesScreen
from entrytui.tui.screens.session_list import SessionListScreen
from entrytui.tui.screens.store_error import StoreErrorScreen
from entrytui.tui.widgets.field import Field
from helpers import corrupt, entry_add, run_entrytui
from ui_helpers import (
    make_app,
    open_form,
    press,
    screen_text,
    settle,
    static_text,
    type_into,
    wait_until,
)

ANA = dict(first_name="Ana", family_name="Silva", username="Cand1", password="Secret123")


async def fill_form(pilot, first: str, family: str, username: str, password: str = "") -> None:
    await type_into(pilot, first, "tab")
    await type_into(pilot, family, "tab")
    await type_into(pilot, username, "tab")
    if password:
        await type_into(pilot, password)


async def test_an_owned_username_offers_link_naming_the_owner(store):
    first = add_entry(store, "S1", **ANA)
    add_session(store, name="January", test="Linguaskill", start="2099-12-11 09:00")
    app = make_app(store)
    async with app.run_test() as pilot:
        await open_form(pilot, session_row=1)
        assert app.screen.session.id == "S2"
        await fill_form(pilot, "Ana", "Silva", "Cand1")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, LinkDialog)
        text = static_text(app)
        assert "belongs to [b]Ana Silva" in text and "December Linguaskill (S1)" in text
        assert "Their current password is kept" in text

        await pilot.press("c")  # change: back on the form, on the username
        await settle(pilot)
        assert isinstance(app.screen, AddEntriesScreen) and app.screen.focused.id == "username-input"
        assert list_entries(store, "S2") == []

        await press(pilot, "ctrl+s")
        await press(pilot, "l")
        assert isinstance(app.screen, SavedDialog)
        [row] = list_entries(store, "S2")
        assert row.candidate.id == first.candidate.id
        assert "linked to the existing candidate" in static_text(app)


async def test_a_case_variant_asks_for_confirmation(store):
    add_entry(store, "S1", **ANA)
    app = make_app(store)
    async with app.run_test() as pilot:
        await open_form(pilot)
        await fill_form(pilot, "Bo", "Li", "cand1", "Secret123")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmDialog)
        assert "differs only by case from 'Cand1'" in static_text(app)
        await press(pilot, "n")
        assert len(list_entries(store, "S1")) == 1
        assert app.screen.focused.id == "username-input"
        await press(pilot, "ctrl+s")
        await press(pilot, "y")
        assert isinstance(app.screen, SavedDialog)
        assert sorted(r.candidate.username for r in list_entries(store, "S1")) == ["Cand1", "cand1"]


async def test_withdraw_asks_with_a_reason_and_keeps_the_entry_visible(store):
    added = add_entry(store, "S1", **ANA)
    app = make_app(store)
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        await press(pilot, "w")
        assert isinstance(app.screen, WithdrawDialog)
        assert added.entry.entry_code in static_text(app)
        await pilot.press("escape")  # cancel changes nothing
        await settle(pilot)
        assert list_entries(store, "S1")[0].entry.status == "active"
        await press(pilot, "w")
        await type_into(pilot, "ill", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SessionEntriesScreen)
        [row] = list_entries(store, "S1")
        assert (row.entry.status, row.entry.withdrawn_reason) == ("withdrawn", "ill")
        assert "withdrawn" in screen_text(app)
        assert "Withdrawn: 1" in screen_text(app)
        assert app.screen.check_action("withdraw", ()) is False  # a withdrawn entry offers Restore instead
        assert app.screen.check_action("restore", ()) is True


async def test_views_refresh_when_another_process_changes_the_store(store):
    app = make_app(store, poll_seconds=0.1)
    async with app.run_test() as pilot:
        await open_form(pilot)
        await type_into(pilot, "Typ")  # the operator is typing on the form
        await press(pilot, "escape", "y")  # ...then goes back to the list (discarding)
        assert isinstance(app.screen, SessionEntriesScreen)
        assert app.screen.listing.table.row_count == 0
        added = run_entrytui(
            *entry_add("Bo", "Li", "Other1"),
            "--generate-password",
            data=store.path,
        )
        assert added.returncode == 0, added.stderr
        await wait_until(
            pilot,
            lambda: app.screen.listing.table.row_count > 0,
            timeout=1.5,
            what="the list to show the entry another process added",
        )
        await settle(pilot)
        assert app.screen.listing.table.row_count == 1
        assert "Other1" in screen_text(app)


async def test_a_refresh_never_touches_what_the_operator_is_typing(store):
    app = make_app(store, poll_seconds=0.1)
    async with app.run_test() as pilot:
        await open_form(pilot)
        await type_into(pilot, "Ana", "tab")
        await type_into(pilot, "Sil")
        add_entry(Store(store.path), "S1", **ANA)  # another operator saves meanwhile
        await wait_until(
            pilot,
            lambda: app._seen == store.signature(),
            timeout=2,
            what="the app to notice the other operator's change",
        )
        await settle(pilot)  # ...and the screen to refresh
        assert app.screen.query_one("#first-name", Field).value == "Ana"
        assert app.screen.query_one("#family-name", Field).value == "Sil"
        assert app.screen.focused.id == "family-name-input"


async def test_a_corrupt_store_is_reported_not_overwritten(store):
    data = corrupt(store, "truncated")
    app = make_app(Store(store.path))
    async with app.run_test() as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StoreErrorScreen)
        assert "cannot be read" in static_text(app) and "left untouched" in static_text(app)
        await pilot.press("q")
    assert store.path.read_bytes() == data


async def test_a_locked_store_keeps_the_form_and_says_so(store):
    app = make_app(Store(store.path, lock_timeout=0.2))
    async with app.run_test() as pilot:
        await open_form(pilot)
        await fill_form(pilot, "Ana", "Silva", "Cand9", "Secret123")
        holder = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import fcntl,sys,time\n"
                f"fd=open({str(store.lock_path)!r},'r+');fcntl.flock(fd,fcntl.LOCK_EX);"
                "print('locked',flush=True);time.sleep(30)",
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert holder.stdout.readline().strip() == "locked"
            await press(pilot, "ctrl+s")
            status = str(app.screen.query_one("#form-status").content)
            assert status.startswith("Not saved:") and "locked by another operator" in status
            assert app.screen.query_one("#username", Field).value == "Cand9"
        finally:
            holder.kill()
            holder.wait()
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, SavedDialog)


async def test_a_full_disk_keeps_the_form_and_says_so_in_one_sentence(store, monkeypatch):
    app = make_app(store)
    async with app.run_test() as pilot:
        await open_form(pilot)
        await fill_form(pilot, "Ana", "Silva", "Cand9", "Secret123")
        real_write = os.write

        def full(fd, data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(os, "write", full)
        await press(pilot, "ctrl+s")
        monkeypatch.setattr(os, "write", real_write)
        status = str(app.screen.query_one("#form-status").content)
        assert status.startswith("Not saved: cannot write the store") and "the disk is full" in status
        assert app.screen.query_one("#username", Field).value == "Cand9"
        assert app.screen.query_one("#password", Field).value == "Secret123"
        await press(pilot, "ctrl+s")  # space freed: the same form saves
        assert isinstance(app.screen, SavedDialog)
    assert [r.candidate.username for r in list_entries(Store(store.path), "S1")] == ["Cand9"]


async def test_every_footer_action_is_in_the_palette_and_in_f1(store):
    add_entry(store, "S1", **ANA)
    app = make_app(store)
    async with app.run_test() as pilot:
        await settle(pilot)
        for keys in ([], ["enter"], ["a"]):
            await press(pilot, *keys)
            screen = app.screen
            offered = {b.action for _n, b in screen_actions(screen)}
            titles = {c.title for c in app.get_system_commands(screen)}
            footer = {b.binding.action for b in screen.active_bindings.values() if b.binding.show and b.enabled}
            assert footer <= offered | {"command_palette"}, type(screen)
            for _node, binding in screen_actions(screen):
                assert (binding.tooltip or binding.description) in titles
            await press(pilot, "f1")
            assert isinstance(app.screen, HelpScreen)
            help_text = screen_text(app)
            for _node, binding in screen_actions(screen):
                assert (binding.tooltip or binding.description)[:30] in help_text
            await press(pilot, "escape")
            assert app.screen is screen


async def test_the_palette_runs_an_action(store):
    app = make_app(store)
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        await type_into(pilot, "Create a session")
        await settle(pilot)
        await press(pilot, "enter")
        assert type(app.screen).__name__ == "NewSessionDialog"


async def test_sessions_filter_as_you_type_and_switch_views(store):
    add_session(store, name="Past exam", test="Linguaskill", start="2020-01-01 09:00")
    add_session(store, name="Spring", test="Linguaskill", start="2099-03-01 09:00")
    app = make_app(store)
    async with app.run_test() as pilot:
        await settle(pilot)
        listing = app.screen.listing
        assert listing.table.row_count == 2
        await pilot.press("slash")
        await type_into(pilot, "spr")
        assert [r.key for r in listing.shown] == ["S3"]
        await press(pilot, "enter")
        assert isinstance(app.screen, SessionEntriesScreen) and app.screen.session_id == "S3"
        await press(pilot, "escape")
        await pilot.press("escape")  # leave the filter
        await pilot.press("escape")  # clear it
        await settle(pilot)
        assert listing.table.row_count == 2
        await press(pilot, "v")
        assert [r.key for r in listing.shown] == ["S2"]
        assert isinstance(app.screen, SessionListScreen)


async def test_a_store_broken_while_open_is_a_message_not_a_crash(store):
    app = make_app(store, poll_seconds=0.1)
    async with app.run_test() as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        data = corrupt(store, "garbage")
        await wait_until(
            pilot,
            lambda: any("cannot be read" in n.message for n in app._notifications),
            timeout=2,
            what="a notification that the store cannot be read",
        )
        await settle(pilot)
        assert isinstance(app.screen, SessionEntriesScreen)  # still running, still on the same screen
        messages = [n.message for n in app._notifications]
        assert any("cannot be read" in m and str(store.path) in m for m in messages), messages
    assert store.path.read_bytes() == data


async def test_the_discard_question_names_the_tab_whose_input_would_be_lost(store):
    app = make_app(store)
    async with app.run_test() as pilot:
        await open_form(pilot)
        await type_into(pilot, "Zoe")  # on the Single Candidate Entry tab
        await press(pilot, "f2", "f2")  # to Search Existing, where nothing was typed
        await press(pilot, "escape")
        assert isinstance(app.screen, ConfirmDialog)
        assert "What you typed on the Single Candidate Entry tab will be lost" in screen_text(app)


async def test_a_dialog_opening_clears_the_notices_that_would_cover_it(store):
    from entrytui.tui.dialogs.new_session import NewSessionDialog

    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.notify("About what was done before", timeout=30)
        await settle(pilot)
        assert len(app._notifications) == 1
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NewSessionDialog), what="the New session dialog")
        assert len(app._notifications) == 0
