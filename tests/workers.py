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
        added = add_entry(store, session, first_name="Ana", family_name="Silva",
                          username=f"{prefix}_{i:04d}", password="Secret123")
        print(added.entry.entry_code, flush=True)


def raw_writes(path: str, fold: str = "") -> None:
    """Commit forever, one small document per transaction, until killed; with ``fold``,
    fold the journal into a new snapshot after every commit."""
    store = Store(path, lock_timeout=60)
    print("ready", flush=True)
    i = 0
    while True:
        with store.transaction() as db:
            db.table("torture").insert({"key": f"{os.getpid()}-{i}"})
        print(f"{os.getpid()}-{i}", flush=True)
        if fold:
            store.fold()
        i += 1


def hold_lock(path: str, seconds: str) -> None:
    fd = os.open(path + ".lock", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    print("locked", flush=True)
    time.sleep(float(seconds))


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    {"add-entries": add_entries, "raw-writes": raw_writes, "hold-lock": hold_lock}[mode](*args)
