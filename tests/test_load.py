"""Load: eight operator processes adding, linking and withdrawing at once on a big store,
while the terminal UI runs on the same store in this process.

The shortened run (CI, ``make test``) lasts 8 s on 10,000 entries; ``make torture`` runs a
minute on 100,000 (``ENTRYTUI_LOAD_SECONDS``, ``ENTRYTUI_LOAD_ENTRIES``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from entrytui.store import Store, rows
from entrytui.tui.screens.session_entries import SessionEntriesScreen
from helpers import WORKERS, Ticks, build_store, child_env
from ui_helpers import make_app, press, settle, wait_until

OPERATORS = 8
SECONDS = float(os.environ.get("ENTRYTUI_LOAD_SECONDS", "8"))
ENTRIES = int(os.environ.get("ENTRYTUI_LOAD_ENTRIES", "10000"))
# While the operators write, the UI process may hold its screen (its own code, or a worker
# thread holding the GIL) for at most HELD; counting the time the machine gives its CPUs to
# the operators' processes instead, the screen answers within BLOCK.
HELD, BLOCK = 0.15, 1.0


def acknowledged(outputs: list[Path]) -> tuple[dict[str, tuple[str, str]], set[str]]:
    entered, withdrawn = {}, set()
    for output in outputs:
        for line in output.read_text().splitlines():
            kind, code, *rest = line.split()
            if kind == "withdraw":
                withdrawn.add(code)
            else:
                assert code not in entered, f"code {code} acknowledged twice"
                entered[code] = (rest[0], rest[1])
    return entered, withdrawn


@pytest.mark.slow
async def test_eight_operators_at_once_lose_nothing_and_the_ui_stays_responsive(tmp_path):
    store = build_store(tmp_path / "store.json", ENTRIES)
    outputs = [tmp_path / f"operator{n}.out" for n in range(OPERATORS)]
    handles = [open(o, "w") for o in outputs]  # noqa: SIM115 - closed below, once every operator has ended
    workers: list[subprocess.Popen] = []
    app = make_app(Store(store.path), poll_seconds=0.5)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await press(pilot, "enter")  # S1, the soonest session, refreshed as operators write
            assert isinstance(app.screen, SessionEntriesScreen)
            await wait_until(pilot, lambda: app.screen.listing.rows, timeout=20, what="the session's entries")
            ticks = Ticks()  # from here: the UI shows the session while the operators write
            timer = app.set_interval(0.01, ticks.tick)
            started = time.monotonic()
            workers = [
                subprocess.Popen(
                    [sys.executable, str(WORKERS), "operate", str(store.path), f"op{n}", str(SECONDS), str(n)],
                    stdout=handle,
                    stderr=subprocess.PIPE,
                    text=True,
                    env=child_env(),
                )
                for n, handle in enumerate(handles)
            ]
            await wait_until(
                pilot,
                lambda: all(w.poll() is not None for w in workers),
                timeout=SECONDS + 120 - (time.monotonic() - started),
                what="the operators to finish (a deadlock?)",
            )
            await settle(pilot)  # the last catch-up and refresh count too
            timer.stop()  # the test's own checks below run on the UI thread: they are not the UI's blocks
            worst = ticks.describe()
            with Store(store.path).reading() as db:
                s1 = {e["entry_code"] for e in rows(db, "entries") if e["session_id"] == "S1"}
            await wait_until(
                pilot,
                lambda: {r.key for r in app.screen.listing.rows} == s1,
                timeout=2,
                what="the open session to show every operator's changes",
            )
            await settle(pilot)
            shown = {r.key for r in app.screen.listing.rows}
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
        for handle in handles:
            handle.close()
    for worker in workers:
        assert worker.wait() == 0, worker.stderr.read()

    entered, withdrawn = acknowledged(outputs)
    with Store(store.path).reading() as db:
        entries = {e["entry_code"]: e for e in rows(db, "entries")}
        usernames = {c["id"]: c["username"] for c in rows(db, "candidates")}
        codes = Counter(e["entry_code"] for e in rows(db, "entries"))
        active_pairs = Counter(
            (e["candidate_id"], e["session_id"]) for e in rows(db, "entries") if e["status"] == "active"
        )
    assert len(entries) == ENTRIES + len(entered), "no entry lost, none made twice"
    assert max(codes.values()) == 1, "no entry code twice"
    assert max(active_pairs.values()) == 1, "no candidate twice active in a session"
    assert len(set(usernames.values())) == len(usernames), "no username twice"
    for code, (username, session) in entered.items():
        entry = entries[code]
        assert (usernames[entry["candidate_id"]], entry["session_id"]) == (username, session)
        assert entry["status"] == ("withdrawn" if code in withdrawn else "active")
    assert s1 == {code for code, e in entries.items() if e["session_id"] == "S1"}
    assert shown == s1, "the open session shows every operator's changes"
    links = sum(1 for line in "".join(o.read_text() for o in outputs).splitlines() if line.startswith("link"))
    print(
        f"\nload: {OPERATORS} operators for {SECONDS:g} s on {ENTRIES:,} entries: {len(entered) - links} adds, "
        f"{links} links, {len(withdrawn)} withdrawals acknowledged; 0 lost, 0 duplicated; the UI's longest "
        f"block {worst}"
    )
    assert ticks.held < HELD, f"the UI process never held its screen long; the longest block: {worst}"
    assert ticks.worst < BLOCK, f"the UI stayed responsive while others wrote; the longest block: {worst}"
