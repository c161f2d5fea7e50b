"""``entrytui check``: everything the store's promises rely on, verified, each problem named
by its document and field.

Reading the store already verifies its files: the snapshot's layout and every journal
line's checksum (a damaged or tampered file is a problem here, not a crash).  Then:
references (entry → session and candidate, session → venue), ids, usernames and entry codes
unique, at most one active entry per candidate and session, the lookups' indexes equal to
a scan, the audit trail's hash chain whole, and the key opening every sealed password.  Nothing is written: a read-only
operator can run it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from entrytui.domain import ACTIVE, EntryStatus
from entrytui.errors import KeyMissing, PasswordUnreadable, StoreError
from entrytui.passwords import unseal
from entrytui.services.candidates import FOLDED_USERNAME
from entrytui.store import Store, chain_problems, find, index_problems, rows

Progress = Callable[[str, int, int], None]
STATUSES = {s.value for s in EntryStatus}


@dataclass(frozen=True)
class CheckReport:
    problems: list[str]  # one line each, naming the document and the field
    counted: dict[str, int] = field(default_factory=dict)  # what was checked
    notes: list[str] = field(default_factory=list)  # not problems (e.g. no key here to open passwords)

    @property
    def sound(self) -> bool:
        return not self.problems


def _duplicates(values: Iterable[str]) -> list[str]:
    return sorted(v for v, n in Counter(values).items() if n > 1)


def check_store(store: Store, progress: Progress | None = None) -> CheckReport:
    try:
        with store.reading() as db:
            tables = {name: list(rows(db, name)) for name in ("venues", "sessions", "candidates", "entries", "audit")}
            problems = _references(tables) + _uniqueness(tables)
            for name, doc_field, value in (
                ("entries", "entry_code", ""),
                ("entries", "session_id", ""),
                ("entries", "candidate_id", ""),
                ("candidates", FOLDED_USERNAME, ""),
            ):
                find(db, name, doc_field, value)  # builds the services' indexes, then compared with a scan
            problems += index_problems(db) + chain_problems(db)
            institutions = len(list(rows(db, "institution")))
    except StoreError as exc:
        return CheckReport([str(exc)])
    if institutions != 1:
        problems.append(f"institution: the store holds {institutions} institutions, not one")
    opened, notes = _passwords(store, tables["candidates"], problems, progress)
    counted = {name: len(docs) for name, docs in tables.items()} | {"sealed passwords opened": opened}
    return CheckReport(problems, counted, notes)


def _references(t: dict[str, list[dict]]) -> list[str]:
    venues = {v["id"] for v in t["venues"]}
    sessions = {s["id"] for s in t["sessions"]}
    candidates = {c["id"] for c in t["candidates"]}
    found = [
        f"session {s['id']}: venue_id '{s['venue_id']}' is no venue"
        for s in t["sessions"]
        if s.get("venue_id") and s["venue_id"] not in venues
    ]
    for e in t["entries"]:
        name = f"entry {e.get('id')} ({e.get('entry_code')})"
        if e.get("session_id") not in sessions:
            found.append(f"{name}: session_id '{e.get('session_id')}' is no session")
        if e.get("candidate_id") not in candidates:
            found.append(f"{name}: candidate_id '{e.get('candidate_id')}' is no candidate")
        if e.get("status") not in STATUSES:
            found.append(f"{name}: status '{e.get('status')}' is neither active nor withdrawn")
    return found


def _uniqueness(t: dict[str, list[dict]]) -> list[str]:
    found = []
    for table in ("venues", "sessions", "candidates", "entries"):
        found += [
            f"{table}: id '{i}' is held by more than one document" for i in _duplicates(d["id"] for d in t[table])
        ]
    found += [
        f"candidates: username '{u}' is held by more than one candidate"
        for u in _duplicates(c["username"] for c in t["candidates"])
    ]
    found += [
        f"entries: entry code '{c}' is held by more than one entry"
        for c in _duplicates(e["entry_code"] for e in t["entries"])
    ]
    active = Counter((e["candidate_id"], e["session_id"]) for e in t["entries"] if e.get("status") == ACTIVE)
    found += [
        f"entries: candidate {c} has {n} active entries in session {s}" for (c, s), n in sorted(active.items()) if n > 1
    ]
    return found


def _passwords(store: Store, candidates: list[dict], problems: list[str], progress: Progress | None):
    sealed = [c for c in candidates if c.get("password_sealed")]
    if not sealed:
        return 0, []
    try:
        key = store.key()
    except KeyMissing:
        return 0, [f"no password key at {store.key_path}: the {len(sealed)} sealed passwords were not opened"]
    except StoreError as exc:
        problems.append(str(exc))
        return 0, []
    opened = 0
    for done, c in enumerate(sealed, start=1):
        try:
            unseal(key, c["id"], c["password_sealed"], c["username"])
            opened += 1
        except PasswordUnreadable as exc:
            problems.append(f"candidate {c['id']} ({c['username']}): password_sealed: {exc}")
        if progress and done % 5000 == 0:
            progress("Opening sealed passwords", done, len(sealed))
    return opened, []
