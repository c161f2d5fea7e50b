"""Store benchmark: add one entry and list a session at 1k, 10k and 100k entries.

Every figure is printed next to a SQLite reference measured in the same run (stdlib
sqlite3, WAL, synchronous=FULL, one commit per insert, an index on the session) and as
a ratio to it, so the numbers compare across machines.  Run with ``make bench``.

* add one entry: ``services.entries.add_entry`` end to end (rules, uniqueness, entry code,
  audit, locked atomic durable write) with the scrypt hash taken out, since it runs
  outside the lock and costs the same at any size; its cost is printed on its own.
* list a session (cold): a new ``Store`` object, as a new CLI process or another
  operator's refresh sees it: parse the file, then the session's 1,000 entries.
* list a session (warm): the same ``Store`` again, the parsed file kept.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from entrytui import passwords  # noqa: E402
from entrytui.services import entries as entry_service  # noqa: E402
from entrytui.store import Store  # noqa: E402

SIZES = (1_000, 10_000, 100_000)
PER_SESSION = 1_000
REPEATS = {1_000: 15, 10_000: 9, 100_000: 5}


def median_ms(action, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def build_store(path: Path, size: int, password_hash: str) -> Store:
    sessions = [
        {"id": f"S{n + 1}", "name": f"Session {n + 1}", "test": "Linguaskill", "venue_id": "V1",
         "start": "2099-06-01 09:00", "end": "2099-06-01 11:00", "created_at": "", "created_by": "bench"}
        for n in range(max(1, size // PER_SESSION))
    ]
    candidates, entries = [], []
    for i in range(size):
        candidates.append({"id": f"C{i + 1}", "username": f"Bench_20990601_Cand{i + 1:06d}", "first_name": "Ana",
                           "family_name": "Silva", "email": "", "date_of_birth": "", "gender": "",
                           "password_hash": password_hash})
        entries.append({"id": f"E{i + 1}", "session_id": f"S{i // PER_SESSION + 1}", "candidate_id": f"C{i + 1}",
                        "entry_code": f"B{i:07d}", "status": "active", "created_at": "2026-01-01T00:00:00+00:00",
                        "created_by": "bench", "withdrawn_at": "", "withdrawn_by": "", "withdrawn_reason": ""})
    store = Store(path)
    store.create({
        "institution": [{"institution_id": "GB123", "name": "Bench Centre"}],
        "venues": [{"id": "V1", "name": "Bench", "address": "", "capacity": None}],
        "sessions": sessions, "candidates": candidates, "entries": entries,
    })
    with store.transaction() as db:  # counters so that new ids do not collide
        db.table("meta").update({"counters": {"S": len(sessions), "C": size, "E": size, "V": 1}}, doc_ids=[1])
    return store


def build_sqlite(path: Path, size: int) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE entries (id TEXT PRIMARY KEY, session_id TEXT, username TEXT UNIQUE, "
               "entry_code TEXT UNIQUE, status TEXT, password_hash TEXT)")
    db.execute("CREATE INDEX by_session ON entries (session_id)")
    db.execute("BEGIN")
    db.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?)",
                   ((f"E{i}", f"S{i // PER_SESSION + 1}", f"Bench_Cand{i:06d}", f"B{i:07d}", "active", "x" * 120)
                    for i in range(size)))
    db.execute("COMMIT")
    return db


def run(size: int, folder: Path, password_hash: str) -> dict[str, float]:
    repeats = REPEATS[size]
    store = build_store(folder / f"store-{size}.json", size, password_hash)
    sql = build_sqlite(folder / f"ref-{size}.sqlite", size)
    counter = iter(range(10**9))

    def add_entry():
        n = next(counter)
        entry_service.add_entry(store, "S1", first_name="Bo", family_name="Li", username=f"New{n}",
                                password="Secret123")

    def sql_add():
        n = next(counter)
        sql.execute("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?)",
                    (f"N{n}", "S1", f"New{n}", f"N{n:07d}", "active", password_hash))

    path = store.path
    figures = {
        "add": median_ms(add_entry, repeats),
        "sql_add": median_ms(sql_add, repeats * 3),
        "list_cold": median_ms(lambda: entry_service.list_entries(Store(path), "S1"), repeats),
        "list_warm": median_ms(lambda: entry_service.list_entries(store, "S1"), repeats),
        "sql_list": median_ms(
            lambda: sql.execute("SELECT * FROM entries WHERE session_id = ?", ("S1",)).fetchall(), repeats * 3),
        "file_mb": path.stat().st_size / 1e6,
    }
    sql.close()
    return figures


def upload_bench(folder: Path, password_hash: str) -> None:
    """Validate and commit a 25,000-row class list into a 10k-entry store, against SQLite
    inserting the same rows in one transaction.  Hashing runs on every core; it is measured
    on 500 passwords and scaled, and shown apart, since it does not depend on the store."""
    from entrytui.services import uploads

    rows = 25_000
    store = build_store(folder / "upload.json", 10_000, password_hash)
    lines = ["Login,Password,First name,Family name,Email address,Date of Birth,Gender"]
    lines += [f"Up{i:05d},Secret{i:05d}A,Ana,Silva,ana{i}@example.org,2008-05-01,Female" for i in range(rows)]
    data = ("\n".join(lines) + "\n").encode()
    start = time.perf_counter()
    plan = uploads.plan_upload(store, "S1", data, "list.csv")
    validate = time.perf_counter() - start
    assert plan.count("new") == rows, plan.totals()
    uploads.hash_passwords = lambda passwords, progress=None: [password_hash] * len(passwords)
    start = time.perf_counter()
    uploads.commit_upload(store, plan)
    commit = time.perf_counter() - start
    start = time.perf_counter()
    passwords.hash_passwords([f"Secret{i:05d}A" for i in range(500)])
    hashing = (time.perf_counter() - start) * rows / 500
    sql = build_sqlite(folder / "upload.sqlite", 10_000)
    start = time.perf_counter()
    sql.execute("BEGIN")
    sql.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?)",
                    ((f"U{i}", "S1", f"Up{i:05d}", f"U{i:07d}", "active", password_hash) for i in range(rows)))
    sql.execute("COMMIT")
    reference = time.perf_counter() - start
    print(f"\nupload of {rows:,} rows into a 10,000-entry store: validate {validate:.2f} s, "
          f"commit {commit:.2f} s (SQLite {reference * 1000:.0f} ms: {(validate + commit) / reference:.0f}x), "
          f"password hashing on {os.cpu_count()} cores {hashing:.0f} s (scaled from 500)")


def main() -> None:
    scrypt_ms = median_ms(lambda: passwords.hash_password("Secret123"), 5)
    password_hash = passwords.hash_password("Secret123")
    entry_service.hash_password = lambda _password: password_hash  # measured on its own above
    print(f"password hash (scrypt n={passwords.SCRYPT_N}), outside the lock, any size: {scrypt_ms:.1f} ms\n")
    header = f"{'entries':>8} {'file MB':>8} | {'add ms':>8} {'sqlite':>7} {'ratio':>7} | " \
             f"{'list cold':>9} {'warm':>7} {'sqlite':>7} {'cold ratio':>10}"
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as tmp:
        for size in SIZES:
            f = run(size, Path(tmp), password_hash)
            print(f"{size:>8,} {f['file_mb']:>8.1f} | {f['add']:>8.1f} {f['sql_add']:>7.2f} "
                  f"{f['add'] / f['sql_add']:>6.0f}x | {f['list_cold']:>9.1f} {f['list_warm']:>7.1f} "
                  f"{f['sql_list']:>7.2f} {f['list_cold'] / f['sql_list']:>9.0f}x", flush=True)
        upload_bench(Path(tmp), password_hash)
    print("\nms are medians; ratio = entrytui / SQLite in this run (lower is better).")


if __name__ == "__main__":
    main()
