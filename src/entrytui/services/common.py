"""What every service shares: who is acting and when, ids, lookups and the audit trail."""

from __future__ import annotations

import os
import pwd
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from tinydb import TinyDB, where

from entrytui.domain import ACTIVE, Action, AuditEvent, Candidate, Entry, Institution, Session, Venue
from entrytui.errors import NotFound
from entrytui.store import find, find_one, insert_chained


def os_user() -> str:
    """The operator, as the OS knows them (not from environment variables, which lie)."""
    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:
        return f"uid {os.getuid()}"


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Actor:
    """Who acts, and their clock (aware datetimes).  Every service that changes the store or
    depends on the time takes one; the UI and the command line make theirs once
    (:meth:`from_os`), tests pass a name and a fixed clock."""

    who: str
    clock: Callable[[], datetime] = system_clock

    @classmethod
    def from_os(cls) -> Actor:
        return cls(os_user())

    def stamp(self) -> str:
        """Now, as the audit trail records it: UTC, to the second."""
        return self.clock().astimezone(UTC).isoformat(timespec="seconds")

    def local_now(self) -> datetime:
        """Now on the centre's wall clock (naive, as sessions' start and end are written)."""
        return self.clock().astimezone().replace(tzinfo=None)

    def today(self) -> date:
        return self.local_now().date()


def acting(actor: Actor | None) -> Actor:
    """The given actor, or the operator this process runs as with the system clock."""
    return actor or Actor.from_os()


def allocate_id(db: TinyDB, prefix: str) -> str:
    """The next id of a kind (``S1``, ``S2``...); never reused, kept in the meta table."""
    return allocate_ids(db, prefix, 1)[0]


def allocate_ids(db: TinyDB, prefix: str, count: int) -> list[str]:
    """``count`` consecutive new ids of a kind, in one update of the meta table."""
    meta = db.table("meta")
    doc = meta.get(doc_id=1)
    assert doc is not None  # every store has meta document 1 (Store.create)
    counters = dict(doc.get("counters", {}))
    first = counters.get(prefix, 0) + 1
    counters[prefix] = first + count - 1
    meta.update({"counters": counters}, doc_ids=[1])
    return [f"{prefix}{n}" for n in range(first, first + count)]


def audit_event(
    actor: Actor,
    action: Action,
    subject: str,
    summary: str = "",
    session_id: str = "",
    changes: dict | None = None,
    entries: list[str] | None = None,
) -> AuditEvent:
    return AuditEvent(
        at=actor.stamp(),
        who=actor.who,
        action=action,
        subject=subject,
        summary=summary,
        session_id=session_id,
        changes=changes or {},
        entries=list(entries or []),
    )


def record(
    db: TinyDB,
    actor: Actor,
    action: Action,
    subject: str,
    summary: str = "",
    session_id: str = "",
    changes: dict | None = None,
    entries: list[str] | None = None,
) -> None:
    """Append one audit event inside the change's own transaction; ``changes`` holds a
    correction's fields as ``{field: [before, after]}``, ``entries`` a printout's entry
    codes.  Never pass a password."""
    insert_chained(db, [audit_event(actor, action, subject, summary, session_id, changes, entries).to_doc()])


def institution(db: TinyDB) -> Institution | None:
    doc = db.table("institution").get(doc_id=1)
    return Institution.from_doc(doc) if doc else None


def get_session(db: TinyDB, session_id: str) -> Session:
    wanted = session_id.strip().upper()
    doc = find_one(db, "sessions", "id", wanted)
    if doc is None:
        raise NotFound("session", f"there is no session '{session_id.strip()}' (see 'entrytui session list')")
    return Session.from_doc(doc)


def get_venue(db: TinyDB, venue_id: str | None) -> Venue | None:
    if not venue_id:
        return None
    doc = db.table("venues").get(where("id") == venue_id)
    return Venue.from_doc(doc) if doc else None


def get_candidate(db: TinyDB, candidate_id: str) -> Candidate:
    doc = find_one(db, "candidates", "id", candidate_id)
    if doc is None:
        raise NotFound("candidate", f"there is no candidate {candidate_id}")
    return Candidate.from_doc(doc)


def entry_by_code(db: TinyDB, code: str) -> Entry:
    wanted = code.strip().upper()
    doc = find_one(db, "entries", "entry_code", wanted)
    if doc is None:
        raise NotFound("entry code", f"there is no entry with code '{code.strip()}'")
    return Entry.from_doc(doc)


def active_entries(db: TinyDB, session_id: str) -> list[dict]:
    """The active entries of a session (documents, read only), oldest first."""
    return [e for e in find(db, "entries", "session_id", session_id) if e["status"] == ACTIVE]


def sessions_elsewhere(db: TinyDB, candidate_ids, session_id: str) -> list[tuple[Session, int]]:
    """The other sessions where these candidates hold an active entry, soonest first, each with
    how many of them: the sessions whose printed slips new passwords for them make stale."""
    held: dict[str, set[str]] = {}
    for candidate_id in candidate_ids:
        for e in find(db, "entries", "candidate_id", candidate_id):
            if e["status"] == ACTIVE and e["session_id"] != session_id:
                held.setdefault(e["session_id"], set()).add(candidate_id)
    sessions = sorted((get_session(db, sid) for sid in held), key=lambda s: (s.start, s.id))
    return [(s, len(held[s.id])) for s in sessions]


def stale_said(db: TinyDB, candidate_ids, session_id: str) -> list[str]:
    """:func:`sessions_elsewhere` as said: 'January Linguaskill (S2): 3 candidates'."""
    return [
        f"{s.name} ({s.id}): {count} {'candidate' if count == 1 else 'candidates'}"
        for s, count in sessions_elsewhere(db, candidate_ids, session_id)
    ]
