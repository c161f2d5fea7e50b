"""What keeps the UI responsive on a big store: the first read off the UI thread, tables
sized as they are filled, and a row changed without rebuilding the list."""

from __future__ import annotations

import time

import pytest

from entrytui.services.entries import add_entry
from entrytui.store import Store
from entrytui.tui.screens.opening import OpeningScreen
from entrytui.tui.screens.session_list import SessionListScreen
from entrytui.tui.widgets.columns import PADDING
from entrytui.tui.widgets.filter_table import FilterTable, Row
from ui_helpers import make_app, press, settle, wait_until


async def test_the_store_is_first_read_in_a_worker_behind_an_opening_screen(store, monkeypatch):
    import entrytui.tui.app as app_module

    real = app_module.get_institution

    def slow(found_store):
        time.sleep(0.4)  # as reading a 50 MB store takes
        return real(found_store)

    monkeypatch.setattr(app_module, "get_institution", slow)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, OpeningScreen), "the screen is up while the store is read"
        assert "Opening" in str(app.screen.query_one("#opening").content)
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, SessionListScreen) and app.screen.listing.shown,
            timeout=5,
            what="the Sessions screen, once the store is read",
        )
        await settle(pilot)
        assert isinstance(app.screen, SessionListScreen)
        assert app.screen.listing.shown


async def test_columns_fit_their_cells_as_soon_as_the_rows_are_in(store):
    """DataTable measures new rows only once its queue runs empty; a frame drawn before
    that kept header-wide, cut columns (seen on a real terminal at start)."""
    app = make_app(store)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(FilterTable)
        test = "Cambridge English Placement Test"  # wider than any cell so far
        listing.set_rows([Row("K1", ("S9", "Placement", test, "-", "2099-01-01", "0"), "placement")])
        widths = dict(listing.widths)
        assert widths[2] == len(test), "as wide as its cell, at once"
        assert listing.drawn(0)[2] == test and listing.table.columns["line"].get_render_width(listing.table) == (
            sum(widths.values()) + 2 * PADDING * len(widths)
        ), "the table's line as wide as the columns, padded"
        listing.set_rows([])
        assert listing.widths == widths, "columns never shrink and jump"


@pytest.fixture
def silvas(store):
    """Three entries in S1, all Ana Silva (Cand000 to Cand002)."""
    for n in range(3):
        add_entry(store, "S1", first_name="Ana", family_name="Silva", username=f"Cand{n:03d}", password="Secret123")
    return store


async def test_marking_an_entry_changes_its_row_only(silvas):
    app = make_app(silvas)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        listing = app.screen.listing
        rows_before = listing.rows
        first = listing.selected_key
        await press(pilot, "space")
        assert listing.rows is rows_before, "not rebuilt"
        marked = next(r for r in listing.rows if r.key == first)
        assert marked.cells[0] == "✓"
        assert listing.drawn(listing.table.get_row_index(first))[0] == "✓"
        assert app.screen.marked == {first}


async def test_a_filter_keystroke_that_narrows_nothing_draws_nothing_again(silvas):
    """Each row drawn costs DataTable work on the UI thread: a key that leaves the same rows
    shown leaves the table alone; one that narrows them draws the table again."""
    app = make_app(silvas)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        listing = app.screen.listing
        await wait_until(pilot, lambda: len(listing.shown) == 3, what="the three entries")
        drawn = []
        real_add = listing.table.add_row
        listing.table.add_row = lambda *cells, **kwargs: drawn.append(kwargs["key"]) or real_add(*cells, **kwargs)
        await press(pilot, "slash", "s", "i", "l")  # every entry is a Silva
        assert len(listing.shown) == 3 and drawn == [], "nothing narrowed, nothing drawn"
        await press(pilot, "space", "c", "a", "n", "d", "0", "0", "1")
        assert [row.key for row in listing.shown] == drawn and len(drawn) == 1, "narrowed: drawn again"


async def test_sessions_builds_the_lookup_a_session_opens_with_while_the_operator_reads(store):
    from entrytui.store.tables import tables_of

    add_entry(store, "S1", first_name="Ana", family_name="Silva", username="Cand001", password="Secret123")
    app = make_app(Store(store.path))  # a process of its own: nothing looked up in it yet
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, SessionListScreen) and app.screen.listing.shown)
        await settle(pilot)
        with app.store.reading() as db:
            assert ("entries", "session_id") in tables_of(db.storage)._indexes, "built before Enter"


async def test_a_row_changed_in_place_wider_than_its_column_widens_it_and_every_row_stays(store):
    app = make_app(store)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(FilterTable)
        listing.set_rows([Row(f"K{n}", (f"S{n}", "Placement", "Test", "-", "2099-01-01", "0"), "p") for n in range(3)])
        await settle(pilot)
        narrow = listing.widths[1]
        longer = "Placement for the whole of the spring term"
        listing.replace_row(Row("K1", ("S1", longer, "Test", "-", "2099-01-01", "0"), "p"))
        await settle(pilot)
        assert listing.widths[1] > narrow, "the column widened"
        assert [listing.drawn(r)[1] for r in range(listing.table.row_count)] == ["Placement", longer, "Placement"]
