"""Helpers every service uses: who is acting, the time, ids, lookups and the audit trail."""

from __future__ import annotations

import os
import pwd
from datetime import datetime, timezone

from tinydb import TinyDB, where

from entrytui.domain import AuditEvent, Candidate, Entry, Institution, Session, Venue
from entrytui.errors import NotFound
from entrytui.store import find_one


def os_user() -> str:
    """The operator, as the OS knows them (not from environment variables, which lie)."""
    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:
        return f"uid {os.getuid()}"


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def allocate_id(db: TinyDB, prefix: str) -> str:
    """The next id of a kind (``S1``, ``S2``...); never reused, kept in the meta table."""
    return allocate_ids(db, prefix, 1)[0]


def allocate_ids(db: TinyDB, prefix: str, count: int) -> list[str]:
    """``count`` consecutive new ids of a kind, in one update of the meta table."""
    meta = db.table("meta")
    counters = dict(meta.get(doc_id=1).get("counters", {}))
    first = counters.get(prefix, 0) + 1
    counters[prefix] = first + count - 1
    meta.update({"counters": counters}, doc_ids=[1])
    return [f"{prefix}{n}" for n in range(first, first + count)]


def audit_event(who: str, action: str, subject: str, summary: str = "", session_id: str = "") -> AuditEvent:
    return AuditEvent(at=utc_now(), who=who, action=action, subject=subject, summary=summary, session_id=session_id)


def record(db: TinyDB, who: str, action: str, subject: str, summary: str = "", session_id: str = "") -> None:
    """Append one audit event inside the change's own transaction. Never pass a password."""
    db.table("audit").insert(audit_event(who, action, subject, summary, session_id).to_doc())


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
    return Candidate.from_doc(find_one(db, "candidates", "id", candidate_id))


def entry_by_code(db: TinyDB, code: str) -> Entry:
    wanted = code.strip().upper()
    doc = find_one(db, "entries", "entry_code", wanted)
    if doc is None:
        raise NotFound("entry code", f"there is no entry with code '{code.strip()}'")
    return Entry.from_doc(doc)
