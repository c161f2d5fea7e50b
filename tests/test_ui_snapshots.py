"""One snapshot per screen and dialog at 80x24, plus NO_COLOR and 60x20.

Update after an intended change of looks with ``.venv/bin/pytest tests/test_ui_snapshots.py
--snapshot-update`` and review the SVGs in ``tests/__snapshots__``.
"""

from __future__ import annotations

import fcntl
import itertools
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.widgets import Input

from entrytui.services import entering
from entrytui.services.candidate_edits import edit_candidate
from entrytui.services.common import Actor
from entrytui.services.entries import add_entry, withdraw_entry
from entrytui.services.sessions import add_session
from entrytui.services.venues import add_venue, edit_venue
from entrytui.store import Store
from helpers import BAD, GOOD, build_store, csv_bytes
from ui_helpers import make_app, press, settle, type_into

# Paths, codes, the operator and the time appear on screen: keep them the same on every run.
FIXED = Path("/tmp/entrytui-snapshots")
ACTOR = Actor("examops", lambda: datetime(2026, 11, 25, 9, 30, tzinfo=UTC))


def snap_app(store: Store):
    """The app as the operator 'examops' at a fixed time."""
    return make_app(store, actor=ACTOR)


@pytest.fixture
def fixed_store(monkeypatch):
    """One test at a time in the fixed folder, even across test runs on the same machine."""
    with open(FIXED.with_name(FIXED.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield _fresh_fixed_store(monkeypatch)


def _fresh_fixed_store(monkeypatch) -> Store:
    shutil.rmtree(FIXED, ignore_errors=True)
    FIXED.mkdir(parents=True)
    counter = itertools.count(1)
    monkeypatch.setattr(entering, "new_entry_code", lambda taken: f"7KQ2M{next(counter):03d}")
    monkeypatch.setattr("entrytui.tui.screens.add_entries.generate_password", lambda: "Km7pQx3Rz9Ta")
    monkeypatch.setattr(
        "entrytui.tui.dialogs.login_information.default_path", lambda stem, suffix: str(FIXED / f"{stem}{suffix}")
    )
    monkeypatch.chdir(FIXED)
    # A focused line's cursor stays on: a screenshot taken half a second after the last key
    # (a loaded machine) would otherwise catch it mid-blink and differ from the reference.
    monkeypatch.setattr(Input, "_toggle_cursor", _cursor_stays_on)
    return Store(FIXED / "store.json")


def _cursor_stays_on(line: Input) -> None:
    line._cursor_visible = True


@pytest.fixture
def filled(fixed_store) -> Store:
    store = build_store(fixed_store.path, actor=ACTOR)  # S1: December Linguaskill at Oxford Centre
    add_session(
        store, name="January Placement", test="Cambridge English Placement Test", start="2099-01-15 14:00", actor=ACTOR
    )
    for first, family, user in [("Ana", "Silva", "Cand001"), ("Bo", "Li", "Cand002"), ("Chloé", "Dubois", "Cand003")]:
        add_entry(store, "S1", first_name=first, family_name=family, username=user, password="Secret123", actor=ACTOR)
    return store


def steps(*keys: str, text: dict | None = None):
    """A run_before that presses keys (a str item is typed as text) and waits for the workers."""

    async def run(pilot) -> None:
        await settle(pilot)
        for key in keys:
            if key.startswith("type:"):
                await type_into(pilot, key[5:])
            else:
                await press(pilot, key)

    return run


def test_setup_screen(snap_compare, fixed_store):
    assert snap_compare(snap_app(fixed_store), run_before=steps())


def test_store_error_screen(snap_compare, filled):
    filled.path.write_bytes(b"{ half a store")
    assert snap_compare(snap_app(Store(filled.path)), run_before=steps())


def test_sessions_screen(snap_compare, filled):
    assert snap_compare(snap_app(filled), run_before=steps())


def test_new_session_dialog(snap_compare, filled):
    assert snap_compare(
        snap_app(filled),
        run_before=steps("n", "type:Spring", "tab", "type:Linguaskill", "tab", "tab", "type:2099-04-01 09:30"),
    )


def test_add_venue_dialog(snap_compare, filled):
    assert snap_compare(snap_app(filled), run_before=steps("n", "ctrl+n", "type:Cambridge"))


def test_session_screen(snap_compare, filled):
    assert snap_compare(snap_app(filled), run_before=steps("down", "enter"))


def test_session_screen_with_marks_and_a_withdrawn_entry(snap_compare, filled):
    withdraw_entry(filled, "7KQ2M002", "ill", actor=ACTOR)
    assert snap_compare(snap_app(filled), run_before=steps("down", "enter", "space", "down", "down"))


def test_restore_dialog(snap_compare, filled):
    withdraw_entry(filled, "7KQ2M002", "ill", actor=ACTOR)
    assert snap_compare(snap_app(filled), run_before=steps("down", "enter", "down", "r"))


def test_logins_dialog(snap_compare, filled):
    assert snap_compare(snap_app(filled), run_before=steps("down", "enter", "space", "l"))


def test_slip_dialog(snap_compare, filled):
    assert snap_compare(
        snap_app(filled),
        run_before=steps("down", "enter", "a", "type:Dan", "tab", "type:Roe", "tab", "ctrl+n", "ctrl+g", "ctrl+s", "p"),
    )


def test_audit_screen(snap_compare, filled):
    withdraw_entry(filled, "7KQ2M002", "moved to January", actor=ACTOR)
    assert snap_compare(snap_app(filled), run_before=steps("t"))


def test_withdraw_dialog(snap_compare, filled):
    assert snap_compare(snap_app(filled), run_before=steps("down", "enter", "down", "w", "type:ill"))


def test_add_entries_form(snap_compare, filled):
    assert snap_compare(snap_app(filled), run_before=steps("down", "enter", "a"))


def test_add_entries_form_with_messages(snap_compare, filled):
    assert snap_compare(snap_app(filled), run_before=steps("down", "enter", "a", "type:Ana2", "ctrl+s"))


def test_link_dialog(snap_compare, filled):
    assert snap_compare(
        snap_app(filled),
        run_before=steps("enter", "a", "type:Ana", "tab", "type:Silva", "tab", "type:Cand001", "ctrl+s"),
    )


# Ms (title), then Anna Silva typed for Ana Silva's username Cand001
TYPED_OTHERWISE = ("shift+tab", "enter", "down", "down", "down", "enter", "tab", "type:Anna", "tab", "type:Silva")


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_link_dialog_with_differences(snap_compare, filled, size):
    """Typed details that are not the owner's: listed typed → theirs, and u offered."""
    assert snap_compare(
        snap_app(filled),
        terminal_size=size,
        run_before=steps("enter", "a", *TYPED_OTHERWISE, "tab", "type:Cand001", "ctrl+s"),
    )


def test_case_variant_dialog(snap_compare, filled):
    assert snap_compare(
        snap_app(filled),
        run_before=steps(
            "down", "enter", "a", "type:Dan", "tab", "type:Roe", "tab", "type:cand001", "ctrl+g", "ctrl+s"
        ),
    )


def test_saved_dialog(snap_compare, filled):
    assert snap_compare(
        snap_app(filled),
        run_before=steps("down", "enter", "a", "type:Dan", "tab", "type:Roe", "tab", "ctrl+n", "ctrl+g", "ctrl+s"),
    )


def test_discard_dialog(snap_compare, filled):
    assert snap_compare(snap_app(filled), run_before=steps("down", "enter", "a", "type:Dan", "escape"))


def test_help_screen(snap_compare, filled):
    assert snap_compare(snap_app(filled), run_before=steps("down", "enter", "f1"))


def test_form_without_colour(snap_compare, filled, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = snap_app(filled)
    assert app.no_color
    assert snap_compare(app, run_before=steps("down", "enter", "a", "type:Ana", "tab", "type:x1", "tab"))


def test_form_at_60x20(snap_compare, filled):
    assert snap_compare(
        snap_app(filled),
        terminal_size=(60, 20),
        run_before=steps("down", "enter", "a", "tab", "tab", "tab", "tab", "tab", "tab"),
    )


def test_upload_preview(snap_compare, filled):
    (FIXED / "class-list.csv").write_bytes(csv_bytes(GOOD + BAD, "utf-8"))
    assert snap_compare(
        snap_app(filled),
        run_before=steps(
            "down", "enter", "a", "f2", "type:/tmp/entrytui-snapshots/class-list.csv", "ctrl+o", "down", "down"
        ),
    )


def test_search_existing(snap_compare, filled):
    assert snap_compare(snap_app(filled), run_before=steps("enter", "a", "f2", "f2", "type:cand00"))


# ---- corrections (issue 13) ------------------------------------------------------------------


def test_edit_candidate_screen(snap_compare, filled):
    assert snap_compare(snap_app(filled), run_before=steps("down", "enter", "down", "e"))


def test_edit_candidate_screen_at_60x20(snap_compare, filled):
    assert snap_compare(snap_app(filled), terminal_size=(60, 20), run_before=steps("down", "enter", "down", "e"))


def test_changed_meanwhile_dialog(snap_compare, filled):
    async def run(pilot) -> None:
        await steps("down", "enter", "e")(pilot)
        edit_candidate(filled, "Cand001", family_name="Sousa", actor=Actor("bob", ACTOR.clock))  # another operator
        await press(pilot, "end", "ctrl+u")
        await type_into(pilot, "Anna")
        await press(pilot, "ctrl+s")

    assert snap_compare(snap_app(filled), run_before=run)


def test_move_dialog(snap_compare, filled):
    assert snap_compare(snap_app(filled), run_before=steps("down", "enter", "down", "m"))


def test_move_question(snap_compare, filled):
    assert snap_compare(snap_app(filled), run_before=steps("down", "enter", "down", "m", "enter"))


def test_candidates_screen(snap_compare, filled):
    assert snap_compare(snap_app(filled), run_before=steps("c"))


def test_candidate_screen(snap_compare, filled):
    assert snap_compare(snap_app(filled), run_before=steps("c", "down", "enter"))


def test_merge_question(snap_compare, filled):
    assert snap_compare(snap_app(filled), run_before=steps("c", "space", "down", "m"))


def test_edit_session_dialog(snap_compare, filled):
    assert snap_compare(snap_app(filled), run_before=steps("down", "e"))


def test_venues_screen(snap_compare, filled):
    add_venue(filled, "Cambridge Annexe", "Mill Road, Cambridge", actor=ACTOR, capacity=30)
    assert snap_compare(snap_app(filled), run_before=steps("u", "down"))


def test_register_dialog(snap_compare, filled):
    assert snap_compare(snap_app(filled), run_before=steps("down", "enter", "p"))


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_session_screen_with_its_seats(snap_compare, filled, size):
    """The venue seats 4: the bar under the session's details, 3 of 4."""
    edit_venue(filled, "V1", capacity="4", actor=ACTOR)
    assert snap_compare(snap_app(filled), terminal_size=size, run_before=steps("down", "enter"))
