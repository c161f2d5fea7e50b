"""The lists with long values at 60x20, 80x24 and 120x40: what the operator reads when names
and usernames are longer than a column (cut ones keep their start and end, the line under
the list shows the highlighted row whole, the status column stays).

Update with ``--snapshot-update`` after an intended change of looks, and review the SVGs.
"""

from __future__ import annotations

import pytest

from entrytui.services.entries import add_entry, withdraw_entry
from entrytui.services.sessions import add_session
from entrytui.store import Store
from helpers import GOOD, build_store, csv_bytes
from test_ui_snapshots import ACTOR, FIXED, fixed_store, snap_app, steps  # noqa: F401  (fixed_store: a fixture)

SIZES = [(60, 20), (80, 24), (120, 40)]


@pytest.fixture
def long_values(fixed_store) -> Store:  # noqa: F811
    store = build_store(fixed_store.path, actor=ACTOR)  # S1: December Linguaskill at Oxford Centre
    for group, hour in (("A", "09:00"), ("B", "13:00")):
        add_session(
            store,
            name=f"December Linguaskill — Group {group}",
            test="Linguaskill",
            start=f"2099-12-10 {hour}",
            actor=ACTOR,
        )
    people = [("Ana", "Silva"), ("Bartholomew", "Featherstonehaugh-Cholmondeley"), ("Chloé", "Dubois")]
    for n, (first, family) in enumerate(people, 1):
        add_entry(
            store,
            "S2",
            first_name=first,
            family_name=family,
            username=f"OxfordCentre_20261210_Cand{n:03d}",
            password="Secret123",
            actor=ACTOR,
        )
    withdraw_entry(store, "7KQ2M003", "moved to Group B", actor=ACTOR)
    return store


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_sessions(snap_compare, long_values, size):
    assert snap_compare(snap_app(long_values), terminal_size=size, run_before=steps("down"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_session(snap_compare, long_values, size):
    assert snap_compare(snap_app(long_values), terminal_size=size, run_before=steps("down", "enter", "down"))


@pytest.mark.parametrize("size", [(60, 20), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_search_existing(snap_compare, long_values, size):
    assert snap_compare(
        snap_app(long_values), terminal_size=size, run_before=steps("enter", "a", "f2", "f2", "type:Oxford", "down")
    )


@pytest.mark.parametrize("size", [(60, 20), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_upload_preview(snap_compare, long_values, size):
    (FIXED / "class-list.csv").write_bytes(csv_bytes(GOOD, "utf-8"))
    assert snap_compare(
        snap_app(long_values),
        terminal_size=size,
        run_before=steps("enter", "a", "f2", f"type:{FIXED}/class-list.csv", "ctrl+o", "down"),
    )


@pytest.mark.parametrize("size", [(60, 20), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_audit(snap_compare, long_values, size):
    assert snap_compare(snap_app(long_values), terminal_size=size, run_before=steps("t", "down"))
