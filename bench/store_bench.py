"""Store benchmark at 1k, 10k and 100k entries, every figure next to a reference measured
in the same run, so the numbers compare across machines.  Run with ``make bench``.

* add one entry: ``services.entries.add_entry`` end to end (rules, uniqueness, entry code,
  audit, locked durable commit) with the scrypt hash taken out, since it runs outside the
  lock and costs the same at any size (printed on its own).  Reference: SQLite (stdlib,
  WAL, synchronous=FULL) committing one row; and the same figure at 1,000 entries.
* catch up: another process's ``Store``, up to date, reads one entry added by a writer
  (what an operator's refresh costs).  Reference: opening the store cold (a new process).
* list a session: the session's 1,000 entries, cold (a new ``Store``) and warm.
* memory: peak resident memory of a fresh process that opens the store, lists every
  session and one session.
* upload: 25,000 rows validated and committed into each store.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from entrytui import passwords
from entrytui.services import entries as entry_service
from entrytui.store import Store
from fixtures import ROOT, build_sqlite, build_store, median_ms

SIZES = (1_000, 10_000, 100_000)
REPEATS = {1_000: 21, 10_000: 21, 100_000: 21}
UPLOAD_ROWS = 25_000

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


def run(size: int, folder: Path, password_hash: str) -> dict[str, float]:
    repeats = REPEATS[size]
    store = build_store(folder / f"store-{size}.json", size, password_hash)
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
        sql.execute(
            "INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?)",
            (f"N{n}", "S1", f"New{n}", f"N{n:07d}", "active", password_hash),
        )

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


def upload_bench(folder: Path, size: int, password_hash: str) -> dict[str, float]:
    """Validate and commit a 25,000-row class list into the store of ``size`` entries (the one
    ``run`` left), against SQLite inserting the same rows in one transaction."""
    from entrytui.services import uploads

    store = Store(folder / f"store-{size}.json")
    lines = ["Login,Password,First name,Family name,Email address,Date of Birth,Gender"]
    lines += [f"Up{i:05d},Secret{i:05d}A,Ana,Silva,ana{i}@example.org,2008-05-01,Female" for i in range(UPLOAD_ROWS)]
    data = ("\n".join(lines) + "\n").encode()
    start = time.perf_counter()
    plan = uploads.plan_upload(store, "S1", data, "list.csv")
    validate = time.perf_counter() - start
    assert plan.count("new") == UPLOAD_ROWS, plan.totals()
    uploads.hash_passwords = lambda passwords, progress=None: [password_hash] * len(passwords)
    start = time.perf_counter()
    uploads.commit_upload(store, plan)
    commit = time.perf_counter() - start
    sql = build_sqlite(folder / f"upload-{size}.sqlite", size)
    start = time.perf_counter()
    sql.execute("BEGIN")
    sql.executemany(
        "INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?)",
        ((f"U{i}", "S1", f"Up{i:05d}", f"U{i:07d}", "active", password_hash) for i in range(UPLOAD_ROWS)),
    )
    sql.execute("COMMIT")
    sql.close()
    return {"validate": validate, "commit": commit, "sql": time.perf_counter() - start}


def main() -> None:
    scrypt_ms = median_ms(lambda: passwords.hash_password("Secret123"), 5)
    password_hash = passwords.hash_password("Secret123")
    entry_service.hash_password = lambda _password: password_hash  # measured on its own above
    print(f"password hash (scrypt n={passwords.SCRYPT_N}), outside the lock, any size: {scrypt_ms:.1f} ms\n")
    header = (
        f"{'entries':>7} {'MB':>5} | {'add ms':>6} {'sqlite':>6} {'ratio':>5} {'vs 1k':>5} | "
        f"{'catch-up':>8} {'cold open':>9} | {'list cold':>9} {'warm':>5} | {'compact ms':>7} | {'RSS MB':>6}"
    )
    print(header)
    print("-" * len(header))
    first_add, uploaded = None, {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in SIZES:
            f = run(size, Path(tmp), password_hash)
            first_add = first_add or f["add"]
            print(
                f"{size:>7,} {f['file_mb']:>5.1f} | {f['add']:>6.2f} {f['sql_add']:>6.2f} "
                f"{f['add'] / f['sql_add']:>4.1f}x {f['add'] / first_add:>4.1f}x | "
                f"{f['catch_up']:>8.2f} {f['open_cold']:>9.1f} | {f['list_cold']:>9.1f} {f['list_warm']:>5.1f} | "
                f"{f['compaction']:>7.0f} | {f['memory_mb']:>6.0f}",
                flush=True,
            )
            uploaded[size] = upload_bench(Path(tmp), size, password_hash)
    print(f"\nupload of {UPLOAD_ROWS:,} rows (target: validate + commit < 10 s; reference: SQLite inserting them)")
    for size, u in uploaded.items():
        print(
            f"  into {size:>7,} entries: validate {u['validate']:.2f} s + commit {u['commit']:.2f} s = "
            f"{u['validate'] + u['commit']:.2f} s   (SQLite {u['sql'] * 1000:.0f} ms)"
        )
    start = time.perf_counter()
    passwords.hash_passwords([f"Secret{i:05d}A" for i in range(500)])
    hashing = (time.perf_counter() - start) * UPLOAD_ROWS / 500
    print(
        f"  password hashing (scrypt, {os.cpu_count()} cores, before the commit, with progress shown): "
        f"{hashing:.0f} s at any size, scaled from 500"
    )
    print(
        "\nms are medians. ratio = add / SQLite commit of one row in this run (target <= 20x); vs 1k = add / "
        "add at 1,000 entries (target <= 2x);\ncatch-up = another process reading one new entry (target: "
        "what changed, not cold open = reading the whole store); RSS = peak memory of a\nfresh process "
        "holding the store (target < 500 MB). A compaction (journal -> new snapshot) happens once the journal "
        "reaches a quarter of the snapshot."
    )


if __name__ == "__main__":
    main()
