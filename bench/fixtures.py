"""Stores of any size, for the benchmarks and the tests alike (``build_store``), the SQLite
reference the benchmarks compare with, and their timers."""

from __future__ import annotations

import resource
import sqlite3
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from entrytui.domain import Candidate, Entry  # noqa: E402
from entrytui.passwords import seal  # noqa: E402
from entrytui.services.common import Actor, acting, allocate_ids  # noqa: E402
from entrytui.services.sessions import add_session  # noqa: E402
from entrytui.services.setup import init_store  # noqa: E402
from entrytui.services.venues import add_venue  # noqa: E402
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


def _waited_for_a_cpu() -> float:
    """Seconds this thread has spent ready to run but waiting for a CPU (Linux), or 0."""
    try:
        with open("/proc/thread-self/schedstat") as stat:
            return int(stat.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


class Ticks:
    """The longest gap between ticks of a 10 ms timer on the UI thread, and what happened in
    it: the UI thread's own CPU time (the UI's code held it), the whole process's (a worker
    thread held the GIL), and the time the UI thread was ready but waiting for a CPU (the
    machine was busy with other processes).  ``held`` is the longest gap less that waiting:
    what the process itself kept the screen from answering."""

    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.last_use = self._use()
        self.worst = self.held = 0.0
        self.worst_use = (0.0, 0.0, 0.0)

    @staticmethod
    def _use() -> tuple[float, float, float]:
        return time.thread_time(), time.process_time(), _waited_for_a_cpu()

    def tick(self) -> None:
        now, use = time.perf_counter(), self._use()
        gap = now - self.last
        if gap > self.worst:
            self.worst = gap
            self.worst_use = (use[0] - self.last_use[0], use[1] - self.last_use[1], use[2] - self.last_use[2])
        self.held = max(self.held, gap - (use[2] - self.last_use[2]))
        self.last, self.last_use = now, use

    def take(self) -> float:
        """The worst gap since the last take, in ms (less the timer's own 10 ms)."""
        worst, self.worst = self.worst, 0.0
        return max(0.0, worst - 0.010) * 1000

    def describe(self) -> str:
        ui, process, waiting = (round(x * 1000) for x in self.worst_use)
        return (
            f"{self.worst * 1000:.0f} ms (in it the UI thread ran {ui} ms, the whole process {process} ms, and the "
            f"UI thread waited {waiting} ms for a CPU); the longest held by the process itself {self.held * 1000:.0f} ms"
        )


def build_store(
    path: Path,
    size: int = 0,
    first_session: int = PER_SESSION,
    actor: Actor | None = None,
) -> Store:
    """The one store builder of the tests and the benchmarks.

    Set up through the services, as an operator does: institution GB123 (Oxford Language
    Centre), venue V1 (Oxford Centre), session S1 (December Linguaskill, 2099-12-10 09:00),
    which is the tests' ``store`` fixture.  With ``size``, then ``size`` entries of as many
    candidates (each with the password Secret123, sealed), written in one transaction and
    compacted into the snapshot: S1 holds ``first_session`` of them, sessions S2, S3...
    (later than S1, so S1 stays the soonest) 1,000 each."""
    store = Store(path)
    init_store(store, "GB123", "Oxford Language Centre", actor=actor)
    add_venue(store, "Oxford Centre", actor=actor)
    add_session(
        store,
        name="December Linguaskill",
        test="Linguaskill",
        start="2099-12-10 09:00",
        venue="Oxford Centre",
        actor=actor,
    )
    if size <= 0:
        return store
    counts = [min(first_session, size)]
    while sum(counts) < size:
        counts.append(min(PER_SESSION, size - sum(counts)))
    sessions = ["S1"] + [
        add_session(
            store,
            name=f"Session {n}",
            test="Linguaskill",
            venue="Oxford Centre",
            actor=actor,
            start=f"2099-12-11 {9 + n // 60 % 10:02d}:{n % 60:02d}",
        ).id
        for n in range(2, len(counts) + 1)
    ]
    owners = [session for session, count in zip(sessions, counts) for _ in range(count)]
    actor = acting(actor)
    key = store.key()
    candidate = Candidate(id="", username="", first_name="Ana", family_name="").to_doc()
    entry = Entry(
        id="", session_id="", candidate_id="", entry_code="", created_at=actor.stamp(), created_by=actor.who
    ).to_doc()  # every field, as the services write them
    with store.transaction() as db:
        candidate_ids, entry_ids = allocate_ids(db, "C", size), allocate_ids(db, "E", size)
        db.table("candidates").insert_multiple(
            {
                **candidate,
                "id": cid,
                "username": f"Bulk{i + 1:06d}",
                "family_name": f"Silva{i % 997}",
                "password_sealed": seal(key, cid, "Secret123"),
            }
            for i, cid in enumerate(candidate_ids)
        )
        db.table("entries").insert_multiple(
            {**entry, "id": eid, "session_id": owner, "candidate_id": cid, "entry_code": f"B{i:07d}"}
            for i, (eid, owner, cid) in enumerate(zip(entry_ids, owners, candidate_ids))
        )
    store.compact()  # the bulk in the snapshot, as in a store that has been in use for a while
    return store


SQL_COLUMNS = (
    "id, session_id, username, entry_code, status, password, first_name, family_name, email, date_of_birth, gender"
)


def build_sqlite(path: Path, size: int) -> sqlite3.Connection:
    """The reference: stdlib sqlite3, WAL, synchronous=FULL, one commit per insert; one table
    of entries with their candidate's fields and password (as text), indexed by username,
    entry code and session."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute(
        "CREATE TABLE entries (id TEXT PRIMARY KEY, session_id TEXT, username TEXT UNIQUE, entry_code TEXT UNIQUE, "
        "status TEXT, password TEXT, first_name TEXT, family_name TEXT, email TEXT, date_of_birth TEXT, gender TEXT)"
    )
    db.execute("CREATE INDEX by_session ON entries (session_id)")
    db.execute("BEGIN")
    sql_insert(
        db,
        (
            (f"E{i}", f"S{i // PER_SESSION + 1}", f"Bench_Cand{i:06d}", f"B{i:07d}", "active", "Secret123")
            + ("Ana", f"Silva{i % 997}", "", "", "")
            for i in range(size)
        ),
    )
    db.execute("COMMIT")
    return db


def sql_insert(db: sqlite3.Connection, rows) -> None:
    """Insert rows of every column of the reference's table (see :func:`build_sqlite`)."""
    db.executemany(f"INSERT INTO entries ({SQL_COLUMNS}) VALUES ({', '.join('?' * 11)})", rows)
