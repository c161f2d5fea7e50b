"""The terminal UI for an operator who may read the store but not write it (issue 16): every
view opens, every change key is greyed out on every screen and F1 says it needs write access,
and the header says "read-only" wherever one is.  (The refusal itself, by a real OS user, is
in tests/test_read_only.py.)"""

from __future__ import annotations

import pytest

from entrytui.services.entries import add_entry
from entrytui.store import Store
from entrytui.tui.screens.audit import AuditScreen
from entrytui.tui.screens.help import HelpScreen
from entrytui.tui.screens.session_entries import SessionEntriesScreen
from entrytui.tui.screens.session_list import SessionListScreen
from ui_helpers import make_app, press, screen_lines, settle, wait_until


@pytest.fixture
def reader(store, monkeypatch) -> Store:
    add_entry(store, "S1", first_name="Ana", family_name="Silva", username="Cand1", password="Secret123")
    monkeypatch.setattr(Store, "writable", lambda self: False)
    return store


async def test_a_read_only_operator_sees_everything_and_no_key_changes_anything(reader):
    app = make_app(reader)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.read_only and "Sessions — GB123 · Oxford Language Centre · read-only" in screen_lines(app)
        await press(pilot, "n", "e", "x")  # new, edit, remove a session: greyed out
        assert isinstance(app.screen, SessionListScreen)
        await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, SessionEntriesScreen)
        await wait_until(pilot, lambda: screen.entries, what="the entries")
        assert "December Linguaskill · read-only" in screen_lines(app), "on every screen"
        await press(pilot, "a", "w", "l", "m", "e")
        assert app.screen is screen, "no change opens"
        await press(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        rows = dict(app.screen.rows)
        assert rows["a"].endswith("(read-only: needs write access to the store)"), rows
        assert rows["l"].startswith("Login information") and "needs write access" in rows["l"]
        assert "needs write access" not in rows["t"]
        await press(pilot, "escape", "t")
        assert isinstance(app.screen, AuditScreen), "views still open"
