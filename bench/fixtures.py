"""Stores of a given size for the benchmarks, and the SQLite reference they are compared with."""

from __future__ import annotations

import resource
import sqlite3
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from entrytui.store import Store  # noqa: E402

PER_SESSION = 1_000


def median_ms(action, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def peak_mb() -> float:
    """This process's peak resident memory so far (VmHWM: unlike ru_maxrss, it does not
    count the parent's memory before the exec)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Ticks:
    """The longest gap between ticks of a 10 ms timer on the UI thread."""

    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.worst = 0.0

    def tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last)
        self.last = now

    def take(self) -> float:
        """The worst gap since the last take, in ms (less the timer's own 10 ms)."""
        worst, self.worst = self.worst, 0.0
        return max(0.0, worst - 0.010) * 1000


def build_store(path: Path, size: int, password_hash: str, first_session: int = PER_SESSION) -> Store:
    """``size`` entries of as many candidates: session S1 (the soonest) holds
    ``first_session`` of them, the others 1,000 each."""
    counts = [min(first_session, size)]
    while sum(counts) < size:
        counts.append(min(PER_SESSION, size - sum(counts)))
    sessions = [
        {"id": f"S{n + 1}", "name": f"Session {n + 1}", "test": "Linguaskill", "venue_id": "V1",
         "start": f"2099-06-01 {9 + n // 60 % 10:02d}:{n % 60:02d}", "end": "2099-06-01 20:00",
         "created_at": "", "created_by": "bench"}
        for n in range(len(counts))
    ]
    candidates, entries = [], []
    owners = [f"S{n + 1}" for n, count in enumerate(counts) for _ in range(count)]
    for i, session_id in enumerate(owners):
        candidates.append({"id": f"C{i + 1}", "username": f"Bench_20990601_Cand{i + 1:06d}", "first_name": "Ana",
                           "family_name": f"Silva{i % 997}", "email": "", "date_of_birth": "", "gender": "",
                           "password_hash": password_hash})
        entries.append({"id": f"E{i + 1}", "session_id": session_id, "candidate_id": f"C{i + 1}",
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
    """The reference: stdlib sqlite3, WAL, synchronous=FULL, one commit per insert."""
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
