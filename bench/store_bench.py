"""Store benchmark at 1k, 10k and 100k entries, every figure next to a reference measured
in the same run, so the numbers compare across machines.  Run with ``make bench``.

The stores are built by ``fixtures.build_store``: every candidate holds a sealed password.

* add one entry: ``services.entries.add_entry`` end to end (rules, uniqueness, entry code,
  the password sealed, audit, locked durable commit).  Reference: SQLite (stdlib, WAL,
  synchronous=FULL) committing one row; and the same figure at 1,000 entries.
* catch up: another process's ``Store``, up to date, reads one entry added by a writer
  (what an operator's refresh costs).  Reference: opening the store cold (a new process).
* list a session: the session's 1,000 entries, cold (a new ``Store``) and warm.
* memory: peak resident memory of a fresh process that opens the store, lists every
  session and one session.
* upload, end to end: a 25,000-row class list, each row with its own password, from the
  file's bytes to the commit returning (``uploads.plan_upload`` reads and checks every row,
  ``uploads.commit_upload`` checks them again, seals every password and commits them in one
  transaction), with a progress callback as the UI gives; also the longest time between
  two progress reports.  Reference: SQLite inserting the same 25,000 rows (password
  included) in one transaction into a table of as many rows as the store, in this run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from entrytui.services import entries as entry_service
from entrytui.services import uploads
from entrytui.store import Store
from fixtures import ROOT, build_sqlite, build_store, median_ms, sql_insert

SIZES = (1_000, 10_000, 100_000)
REPEATS = {1_000: 21, 10_000: 21, 100_000: 21}
UPLOAD_ROWS = 25_000
UPLOAD_TARGET_S = 10.0

MEMORY_PROBE = """
import sys
from entrytui.store import Store
from entrytui.services.sessions import list_sessions
from entrytui.services.entries import list_entries
store = Store(sys.argv[1])
list_sessions(store)
list_entries(store, "S1")
from fixtures import peak_mb
print(peak_mb())
"""


def run(size: int, folder: Path) -> dict[str, float]:
    repeats = REPEATS[size]
    store = build_store(folder / f"store-{size}.json", size)
    store.compact_minimum = 10**12  # measure appends; compactions are measured on their own
    sql = build_sqlite(folder / f"ref-{size}.sqlite", size)
    counter = iter(range(10**9))

    def add_entry():
        n = next(counter)
        entry_service.add_entry(
            store, "S1", first_name="Bo", family_name="Li", username=f"New{n}", password="Secret123"
        )

    def sql_add():
        n = next(counter)
        sql_insert(sql, [(f"N{n}", "S1", f"New{n}", f"N{n:07d}", "active", "Secret123", "Bo", "Li", "", "", "")])

    path = store.path

    def open_cold():
        with Store(path).reading():
            pass

    add_entry()  # the indexes are built once per process, on the first lookup
    other = Store(path)
    entry_service.list_entries(other, "S1")
    catch_up = []
    for _ in range(repeats):
        add_entry()
        start = time.perf_counter()
        with other.reading():
            pass
        catch_up.append((time.perf_counter() - start) * 1000)
    catch_up.sort()
    figures = {
        "add": median_ms(add_entry, repeats),
        "sql_add": median_ms(sql_add, repeats * 3),
        "catch_up": catch_up[len(catch_up) // 2],
        "open_cold": median_ms(open_cold, 3 if size == 100_000 else repeats),
        "list_cold": median_ms(lambda: entry_service.list_entries(Store(path), "S1"), 3 if size == 100_000 else 7),
        "list_warm": median_ms(lambda: entry_service.list_entries(store, "S1"), repeats),
        "sql_list": median_ms(
            lambda: sql.execute("SELECT * FROM entries WHERE session_id = ?", ("S1",)).fetchall(), repeats * 3
        ),
        "compaction": median_ms(store.compact, 3),
        "file_mb": path.stat().st_size / 1e6,
        "memory_mb": float(
            subprocess.run(
                [sys.executable, "-c", MEMORY_PROBE, str(path)],
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, "PYTHONPATH": str(ROOT / "bench")},
            ).stdout
        ),
    }
    sql.close()
    return figures


def upload_bench(folder: Path, size: int) -> dict[str, float]:
    """A 25,000-row class list uploaded end to end into the store of ``size`` entries (the one
    ``run`` left): from the file's bytes to the commit returning, against SQLite inserting the
    same rows in one transaction."""
    store = Store(folder / f"store-{size}.json")
    rows = [
        (f"Up{i:05d}", f"Secret{i:05d}A", "Ana", "Silva", f"ana{i}@example.org", "2008-05-01", "Female")
        for i in range(UPLOAD_ROWS)
    ]
    lines = ["Login,Password,First name,Family name,Email address,Date of Birth,Gender"]
    data = ("\n".join(lines + [",".join(row) for row in rows]) + "\n").encode()
    reports: list[float] = []

    def progress(_stage: str, _done: int, _total: int) -> None:
        reports.append(time.perf_counter())

    start, cpu = time.perf_counter(), time.process_time()
    plan = uploads.plan_upload(store, "S1", data, "list.csv", progress=progress)
    checked = time.perf_counter()
    uploads.commit_upload(store, plan, progress=progress)
    end, cpu = time.perf_counter(), time.process_time() - cpu
    assert plan.count(uploads.RowStatus.NEW) == UPLOAD_ROWS, plan.totals()
    assert len(entry_service.list_entries(store, "S1")) >= UPLOAD_ROWS
    marks = [start, *reports, end]
    sql = build_sqlite(folder / f"upload-{size}.sqlite", size)
    sql_start = time.perf_counter()
    sql.execute("BEGIN")
    sql_insert(
        sql,
        (
            (f"U{i}", "S1", login, f"U{i:07d}", "active", password, *rest)
            for i, (login, password, *rest) in enumerate(rows)
        ),
    )
    sql.execute("COMMIT")
    sql_s = time.perf_counter() - sql_start
    sql.close()
    return {
        "check": checked - start,
        "commit": end - checked,
        "total": end - start,
        "cpu": cpu,
        "sql": sql_s,
        "silent": max(b - a for a, b in zip(marks, marks[1:])),
    }


def main() -> None:
    header = (
        f"{'entries':>7} {'MB':>5} | {'add ms':>6} {'sqlite':>6} {'ratio':>5} {'vs 1k':>5} | "
        f"{'catch-up':>8} {'cold open':>9} | {'list cold':>9} {'warm':>5} | {'compact ms':>7} | {'RSS MB':>6}"
    )
    print(header)
    print("-" * len(header))
    first_add, uploaded = None, {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in SIZES:
            f = run(size, Path(tmp))
            first_add = first_add or f["add"]
            print(
                f"{size:>7,} {f['file_mb']:>5.1f} | {f['add']:>6.2f} {f['sql_add']:>6.2f} "
                f"{f['add'] / f['sql_add']:>4.1f}x {f['add'] / first_add:>4.1f}x | "
                f"{f['catch_up']:>8.2f} {f['open_cold']:>9.1f} | {f['list_cold']:>9.1f} {f['list_warm']:>5.1f} | "
                f"{f['compaction']:>7.0f} | {f['memory_mb']:>6.0f}",
                flush=True,
            )
            uploaded[size] = upload_bench(Path(tmp), size)
    print(
        f"\nupload of {UPLOAD_ROWS:,} rows with passwords, end to end: the file's bytes read, checked, sealed and "
        f"committed\n(target < {UPLOAD_TARGET_S:.0f} s; ratio = end to end / SQLite inserting the same rows, password "
        "included, in one transaction, this run; CPU = the process's own CPU time in those seconds)"
    )
    for size, u in uploaded.items():
        print(
            f"  into {size:>7,} entries: {u['total']:5.2f} s = read and check {u['check']:.2f} s + commit "
            f"{u['commit']:.2f} s (CPU {u['cpu']:.2f} s) | SQLite {u['sql'] * 1000:.0f} ms, ratio "
            f"{u['total'] / u['sql']:.0f}x | longest without a progress report {u['silent']:.2f} s",
            flush=True,
        )
    print(
        "\nms are medians. ratio = add / SQLite commit of one row in this run (target <= 20x); vs 1k = add / "
        "add at 1,000 entries (target <= 2x);\ncatch-up = another process reading one new entry (target: "
        "what changed, not cold open = reading the whole store); RSS = peak memory of a\nfresh process "
        "holding the store (target < 500 MB). A compaction (journal -> new snapshot) happens once the journal "
        "reaches a quarter of the snapshot.\nEach upload is one run (it changes the store)."
    )


if __name__ == "__main__":
    main()
