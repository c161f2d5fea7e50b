"""Child processes for the multi-process store tests: ``python tests/workers.py MODE ...``.

Each prints one line per acknowledged (committed) change and flushes at once, so the
parent knows exactly what was acknowledged before it killed or waited for the child.
"""

from __future__ import annotations

import fcntl
import os
import sys
import time

from entrytui.services.entries import add_entry
from entrytui.store import Store


def add_entries(path: str, session: str, prefix: str, count: str) -> None:
    store = Store(path, lock_timeout=60)
    for i in range(int(count)):
        added = add_entry(
            store, session, first_name="Ana", family_name="Silva", username=f"{prefix}_{i:04d}", password="Secret123"
        )
        print(added.entry.entry_code, flush=True)


def raw_writes(path: str, compaction: str = "") -> None:
    """Commit forever, one small document per transaction, until killed; with ``compaction``,
    compact the journal into a new snapshot after every commit."""
    store = Store(path, lock_timeout=60)
    print("ready", flush=True)
    i = 0
    while True:
        with store.transaction() as db:
            db.table("torture").insert({"key": f"{os.getpid()}-{i}"})
        print(f"{os.getpid()}-{i}", flush=True)
        if compaction:
            store.compact()
        i += 1


def operate(path: str, prefix: str, seconds: str, seed: str) -> None:
    """An operator for ``seconds``: adds new candidates, links its earlier ones into other
    sessions and withdraws some of its entries, at random.  Prints each acknowledged change:
    ``add CODE USERNAME SESSION``, ``link CODE USERNAME SESSION``, ``withdraw CODE``."""
    import random

    from entrytui.errors import InputRefused
    from entrytui.services.entries import withdraw_entry
    from entrytui.services.sessions import list_sessions

    store = Store(path, lock_timeout=60)
    rng = random.Random(int(seed))
    sessions = [s.session.id for s in list_sessions(store)][:5]
    mine: list[tuple[str, str, str]] = []  # (code, username, session) of active entries
    made, deadline = 0, time.monotonic() + float(seconds)
    while time.monotonic() < deadline:
        roll = rng.random()
        if roll < 0.6 or not mine:
            username, session = f"{prefix}_{made:05d}", rng.choice(sessions)
            made += 1
            added = add_entry(
                store, session, first_name="Ana", family_name="Silva", username=username, password="Secret123"
            )
            mine.append((added.entry.entry_code, username, session))
            print("add", added.entry.entry_code, username, session, flush=True)
        elif roll < 0.8:
            _, username, session = rng.choice(mine)
            other = rng.choice([s for s in sessions if s != session])
            try:
                added = add_entry(store, other, first_name="Ana", family_name="Silva", username=username, link=True)
            except InputRefused:
                continue  # entered there already
            mine.append((added.entry.entry_code, username, other))
            print("link", added.entry.entry_code, username, other, flush=True)
        else:
            code, _, _ = mine.pop(rng.randrange(len(mine)))
            withdraw_entry(store, code, "load test")
            print("withdraw", code, flush=True)


def hold_lock(path: str, seconds: str) -> None:
    fd = os.open(path + ".lock", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    print("locked", flush=True)
    time.sleep(float(seconds))


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    {"add-entries": add_entries, "raw-writes": raw_writes, "hold-lock": hold_lock, "operate": operate}[mode](*args)
