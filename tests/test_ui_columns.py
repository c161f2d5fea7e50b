"""Full values: columns share the terminal's width, cut values keep their start and end, the
least important columns go first, and the line under every list shows the highlighted row whole."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from entrytui.rules import collation_key
from entrytui.services.entries import add_entry
from entrytui.services.sessions import add_session
from entrytui.tui.widgets.columns import PADDING, Column, Row, fit, line, line_width, matching, plan_widths
from entrytui.tui.widgets.filter_table import FilterTable
from ui_helpers import make_app, press, settle, wait_until

LONG_USERNAME = "OxfordCentre_20261210_Cand001"  # 29 characters
LONG_NAME = "Bartholomew Featherstonehaugh-Cholmondeley"  # 42


def test_a_cut_name_keeps_its_start_and_its_end():
    assert fit(LONG_USERNAME, 25, ends=True) == "OxfordCentre…1210_Cand001"
    assert fit("December Linguaskill — Group B", 20, ends=True).endswith("Group B")
    assert fit("Cambridge English Placement Test", 10) == "Cambridge…", "other values keep their start"
    assert fit("short", 20) == "short"
    assert cell_len(fit("日本語テキスト", 7, ends=True)) == 7  # wide characters take two cells


@given(
    st.lists(st.tuples(st.text(max_size=30), st.integers(0, 20), st.booleans()), min_size=1, max_size=6),
    st.data(),
)
def test_a_row_is_drawn_as_one_line_with_each_cell_in_its_column(spec, data):
    """The table draws a row as one cell (columns.line): every column starts where its width
    and the padding before it say, whatever the cells hold (wide characters, controls)."""
    columns = [Column(f"C{i}", 1, ends=ends) for i, (_, _, ends) in enumerate(spec)]
    shown = sorted(data.draw(st.sets(st.integers(0, len(spec) - 1), min_size=1)))
    widths = {i: spec[i][1] for i in shown}
    cells = tuple(text for text, _, _ in spec)
    drawn = line(columns, widths, cells)
    assert cell_len(drawn.plain) == line_width(widths)
    at = 0
    for i, width in widths.items():
        cut = fit(cells[i], width, columns[i].ends)
        assert cell_len(cut) <= width
        assert cell_len(drawn.plain[: len(_chars_before(drawn.plain, at))]) == at, "each column starts at its place"
        assert drawn.plain[len(_chars_before(drawn.plain, at)) :].startswith(cut)
        at += width + 2 * PADDING


def _chars_before(text: str, cells: int) -> str:
    taken = 0
    for n, character in enumerate(text):
        if taken >= cells:
            return text[:n]
        taken += cell_len(character)
    return text


columns_strategy = st.lists(
    st.tuples(st.integers(1, 12), st.integers(0, 3), st.integers(0, 80)), min_size=1, max_size=7
)


@given(columns_strategy, st.integers(10, 200))
def test_the_plan_fits_the_room_whenever_the_least_widths_do(spec, room):
    columns = [Column(f"C{i}", least, drop) for i, (least, drop, _) in enumerate(spec)]
    natural = [max(2, want) for *_, want in spec]
    widths = plan_widths(columns, natural, room)
    taken = sum(w + 2 * PADDING for w in widths.values())
    keepers = [i for i, c in enumerate(columns) if not c.drop]
    assert set(keepers) <= set(widths), "a column that may not be left out never is"
    for i, width in widths.items():
        assert min(columns[i].least, natural[i]) <= width <= natural[i]
    if sum(natural[i] + 2 * PADDING for i in range(len(columns))) <= room:
        assert widths == dict(enumerate(natural)), "all whole when all fit"
    elif sum(min(columns[i].least, natural[i]) + 2 * PADDING for i in keepers) <= room:
        assert taken <= room
    dropped = [i for i in range(len(columns)) if i not in widths]
    for i in dropped:  # left out: none kept that may go before it
        assert all(columns[k].drop <= columns[i].drop for k in widths if columns[k].drop)


def test_a_short_column_is_not_cut_while_a_long_one_gives_up_width():
    columns = [Column("Name", 10), Column("Code", 8), Column("Status", 9)]
    assert plan_widths(columns, [40, 8, 9], 60) == {0: 37, 1: 8, 2: 9}


def test_less_important_columns_go_before_an_important_one_is_cut():
    columns = [
        Column("Session", 12, ends=True),
        Column("Test", 6, drop=1),
        Column("Venue", 6, drop=2),
        Column("Start", 16),
    ]
    assert plan_widths(columns, [30, 11, 13, 16], 56) == {0: 30, 3: 16}, "both go, the session shows whole"
    assert list(plan_widths(columns, [30, 11, 13, 16], 64)) == [0, 1, 3], "the venue goes first"


@pytest.fixture
def long_values(store):
    add_session(store, name="December Linguaskill — Group A", test="Linguaskill", start="2100-12-10 09:00")
    add_session(store, name="December Linguaskill — Group B", test="Linguaskill", start="2100-12-10 13:00")
    for i, (first, family) in enumerate([("Ana", "Silva"), ("Bartholomew", "Featherstonehaugh-Cholmondeley")]):
        add_entry(
            store,
            "S2",
            first_name=first,
            family_name=family,
            username=f"{LONG_USERNAME[:-1]}{i + 1}",
            password="Secret123",
        )
    return store


def cells(listing: FilterTable) -> list[list[str]]:
    return [listing.drawn(r) for r in range(listing.table.row_count)]


def detail(listing: FilterTable) -> str:
    return str(listing.query_one(".detail").render())


@pytest.mark.parametrize("size", [(120, 40), (80, 24), (60, 20)])
async def test_every_size_shows_the_status_and_the_highlighted_row_whole(long_values, size):
    app = make_app(long_values)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        sessions = app.screen.listing
        assert "Session" in sessions.headings
        await press(pilot, "down")  # Group A (S2), whole under the table at any size
        assert "December Linguaskill — Group A" in detail(sessions).replace("\\n", " ")
        shown = [row[1] for row in cells(sessions)]
        assert shown[1] != shown[2], "Group A and Group B read differently in the table"
        await press(pilot, "enter")
        await wait_until(pilot, lambda: app.screen.listing.shown, what="the session's entries")
        entries = app.screen.listing
        headings = entries.headings
        assert "Status" in headings and "Entry code" in headings
        await press(pilot, "down")
        assert LONG_NAME in detail(entries) and f"{LONG_USERNAME[:-1]}2" in detail(entries)
        if size[0] >= 120:
            assert [LONG_NAME, f"{LONG_USERNAME[:-1]}2"] == cells(entries)[1][1:3], "whole in the table at 120"
        else:
            assert cells(entries)[1][2].endswith("Cand002"), "a cut username keeps its end"


async def test_columns_widen_with_the_terminal(long_values):
    app = make_app(long_values)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "down", "enter")
        await wait_until(pilot, lambda: app.screen.listing.shown, what="the session's entries")
        narrow = cells(app.screen.listing)[0][2]
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert narrow != cells(app.screen.listing)[0][2] == f"{LONG_USERNAME[:-1]}1"


def test_without_names_the_widest_column_gives_first():
    columns = [Column("When", 16), Column("Who", 6, drop=2), Column("Summary", 12)]
    assert plan_widths(columns, [16, 7, 90], 60) == {0: 16, 1: 7, 2: 31}, "'examops' stays whole"


def matches(typed: str, text: str) -> bool:
    found = matching([Row("k", (), text)], typed)
    assert found is not None
    return bool(found)


def test_a_short_filter_word_matches_the_start_of_a_word():
    assert matches("Group B", "s2 december linguaskill — group b")
    assert not matches("Group B", "s1 december linguaskill — group a"), "the b of December is not the group"
    assert matches("cand001", "ana silva oxfordcentre_20261210_cand001 7kq2m001"), "a longer word anywhere"
    assert matches("7k", "ana silva cand001 7kq2m001") and not matches("q2", "ana silva cand001 7kq2m001")
    assert matching([Row("k", (), "x")], "  ") is None


def test_every_word_must_match_in_any_order_and_the_rows_keep_their_order():
    rows = [
        Row(str(i), (), text) for i, text in enumerate(["ana silva b1", "zoe silva a1", "ana costa a2", "silva ana"])
    ]
    assert [r.key for r in matching(rows, "SILVA ana")] == ["0", "3"]
    assert [r.key for r in matching(rows, "a")] == ["0", "1", "2", "3"]  # "a" starts ana (and a1)
    assert [r.key for r in matching(rows, "a a")] == ["0", "1", "2", "3"], "a repeated word is one word"
    assert matching(rows, "nobody") == []


def test_a_filter_sets_accents_aside_on_both_sides():
    rows = [Row("1", (), collation_key("Carla Núñez carla1")), Row("2", (), collation_key("Chloe Dubois chloe1"))]
    assert [r.key for r in matching(rows, "nunez")] == ["1"]
    assert [r.key for r in matching(rows, "Núñez")] == ["1"]
    assert [r.key for r in matching(rows, "chloé")] == ["2"]


def test_free_text_gives_width_before_names_do():
    columns = [Column("Row", 3), Column("Login", 10, ends=True), Column("Name", 10, ends=True), Column("Reason", 12)]
    widths = plan_widths(columns, [2, 29, 35, 36], 100)
    assert (widths[1], widths[2]) == (29, 35), "the names whole; the reasons are cut"
    assert widths[3] == 100 - 8 - 2 - 29 - 35
