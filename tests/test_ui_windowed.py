"""Big lists are windowed: the table holds at most WINDOW rows and slides over the rest."""

from __future__ import annotations

import pytest

from entrytui.store import Store
from helpers import build_store
from ui_helpers import make_app, press, settle, type_into

SIZE, WINDOW = 60, 20


@pytest.fixture(autouse=True)
def small_window(monkeypatch):
    """The same code as the real 200-row window, with fewer key presses to test it."""
    monkeypatch.setattr("entrytui.tui.widgets.filter_table.WINDOW", WINDOW)


def big_store(tmp_path) -> Store:
    """A store whose session S1 holds SIZE entries (Bulk000001..., codes B0000000...)."""
    return build_store(tmp_path / "store.json", SIZE, first_session=SIZE)


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
        assert listing.selected_key == f"B{SIZE - 1:07d}"
        assert window_line(app) == f"rows {SIZE - WINDOW + 1}–{SIZE} of {SIZE} (filter to narrow)"
        await press(pilot, "home")
        for _ in range(WINDOW + 5):  # past the window's end, one row at a time
            await pilot.press("down")
        await settle(pilot)
        assert listing.selected_key == f"B{WINDOW + 5:07d}"
        await press(pilot, "pageup")
        assert listing.position < WINDOW + 5
        await press(pilot, "slash")
        await type_into(pilot, "bulk00005")  # Bulk000050 to Bulk000059
        await settle(pilot)
        assert [r.key for r in listing.shown] == [f"B{i:07d}" for i in range(49, 59)]
        assert not listing.query_one(".window").has_class("-shown")
        await press(pilot, "escape", "down", "w")
        assert type(app.screen).__name__ == "WithdrawDialog"
        assert app.screen.row.entry.entry_code == "B0000050"
