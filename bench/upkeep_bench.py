"""``entrytui check`` and ``entrytui backup`` on a store of 100,000 entries (and as many
candidates and audit events), next to what the same work costs SQLite in the same run:
``PRAGMA integrity_check`` and its online backup API on the same rows.  Run with ``make bench``.

* open: a new ``Store`` reading the store whole (what both commands pay first);
* check: ``services.check.check_store``, cold (a new process's work: open, references,
  uniqueness, indexes against scans, the audit chain, every sealed password opened);
* backup: ``store.write_backup`` of the store, caught up, to a new private file, fsynced.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from entrytui.services.check import check_store
from entrytui.store import Store, insert_chained, rows, write_backup
from fixtures import build_sqlite, build_store

SIZE = 100_000


def seconds(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def with_audit(store: Store) -> None:
    """One audit event per entry, as the services write them, chained."""
    with store.reading() as db:
        codes = [e["entry_code"] for e in rows(db, "entries")]
    events = (
        {"at": "2026-12-01T09:00:00+00:00", "who": "bench", "action": "entry.add", "subject": code,
         "summary": "Bulk into S1", "session_id": "S1", "changes": {}, "entries": []}
        for code in codes
    )  # fmt: skip
    with store.transaction() as db:
        insert_chained(db, events)
    store.compact()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = build_store(folder / "store.json", SIZE)
        with_audit(store)
        size_mb = store.path.stat().st_size / 1e6
        opened = seconds(lambda: Store(store.path).reading().__enter__())
        report = None

        def check() -> None:
            nonlocal report
            report = check_store(Store(store.path))

        checked = seconds(check)
        assert report is not None and report.sound, report.problems[:5] if report else None
        backed = seconds(lambda: write_backup(Store(store.path), folder / "backup.json"))
        sql = build_sqlite(folder / "ref.sqlite", SIZE)
        sql.close()
        ref = sqlite3.connect(folder / "ref.sqlite")
        integrity = seconds(lambda: ref.execute("PRAGMA integrity_check").fetchall())

        def sqlite_backup() -> None:
            target = sqlite3.connect(folder / "ref-backup.sqlite")
            ref.backup(target)
            target.close()

        sql_backup = seconds(sqlite_backup)
        ref.close()
    counted = report.counted
    print(f"check and backup at {SIZE:,} entries ({size_mb:.0f} MB store; {counted['audit']:,} audit events, "
          f"{counted['sealed passwords opened']:,} sealed passwords opened)")  # fmt: skip
    print(f"  open (read the store whole):  {opened:6.2f} s")
    print(f"  check, cold:                  {checked:6.2f} s   (SQLite integrity_check {integrity:.2f} s: "
          f"{checked / integrity:.0f}x)")  # fmt: skip
    print(f"  backup:                       {backed:6.2f} s   (SQLite backup API {sql_backup:.2f} s: "
          f"{backed / sql_backup:.0f}x)")  # fmt: skip
    sys.stdout.flush()


if __name__ == "__main__":
    main()
