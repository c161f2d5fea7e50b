"""Big lists are windowed: the table holds at most WINDOW rows and slides over the rest."""

from __future__ import annotations

import pytest
from ui_helpers import make_app, press, settle, type_into

from entrytui.passwords import hash_password
from entrytui.store import Store

SIZE, WINDOW = 60, 20


@pytest.fixture(autouse=True)
def small_window(monkeypatch):
    """The same code as the real 200-row window, with fewer key presses to test it."""
    monkeypatch.setattr("entrytui.widgets.filter_table.WINDOW", WINDOW)


def big_store(tmp_path) -> Store:
    """A store whose session S1 holds SIZE entries, written directly (no scrypt per entry)."""
    digest = hash_password("Secret123")
    store = Store(tmp_path / "store.json")
    store.create({
        "institution": [{"institution_id": "GB1", "name": "Centre"}],
        "sessions": [{"id": "S1", "name": "Big", "test": "Linguaskill", "venue_id": None,
                      "start": "2099-06-01 09:00", "end": "2099-06-01 11:00"}],
        "candidates": [{"id": f"C{i}", "username": f"Big{i:04d}", "first_name": "Ana", "family_name": "Silva",
                        "password_hash": digest} for i in range(SIZE)],
        "entries": [{"id": f"E{i}", "session_id": "S1", "candidate_id": f"C{i}", "entry_code": f"BG{i:06d}",
                     "status": "active"} for i in range(SIZE)],
    })
    return store


def window_line(app) -> str:
    return str(app.screen.listing.query_one(".window").content)


async def test_a_big_session_is_windowed_and_every_row_is_reachable_by_keys(tmp_path):
    app = make_app(big_store(tmp_path))
    async with app.run_test() as pilot:
        await settle(pilot)  # the store is opened in a worker
        await press(pilot, "enter")
        listing = app.screen.listing
        assert listing.table.row_count == WINDOW and len(listing.shown) == SIZE
        assert window_line(app) == f"rows 1–{WINDOW} of {SIZE} (filter to narrow)"
        await press(pilot, "end")
        assert listing.selected_key == f"BG{SIZE - 1:06d}"
        assert window_line(app) == f"rows {SIZE - WINDOW + 1}–{SIZE} of {SIZE} (filter to narrow)"
        await press(pilot, "home")
        for _ in range(WINDOW + 5):  # past the window's end, one row at a time
            await pilot.press("down")
        await settle(pilot)
        assert listing.selected_key == f"BG{WINDOW + 5:06d}"
        await press(pilot, "pageup")
        assert listing.position < WINDOW + 5
        await press(pilot, "slash")
        await type_into(pilot, "big005")
        await settle(pilot)
        assert [r.key for r in listing.shown] == [f"BG{i:06d}" for i in range(50, 60)]
        assert not listing.query_one(".window").has_class("-shown")
        await press(pilot, "escape", "down", "w")
        assert type(app.screen).__name__ == "WithdrawDialog"
        assert app.screen.row.entry.entry_code == "BG000051"
