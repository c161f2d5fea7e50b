"""Entries: a candidate's ticket into one session (add, link, list, withdraw, restore)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from typing import NamedTuple

from tinydb import TinyDB

from entrytui.codes import new_entry_code
from entrytui.domain import SESSION_RECOMMENDED_MAX, Candidate, Entry, Session
from entrytui.errors import CaseVariantExists, InputRefused, UsernameOwned
from entrytui.passwords import generate_password, hash_password
from entrytui.rules import (
    USERNAME_ALLOWED,
    Problem,
    check_candidate,
    check_password,
    check_reason,
)
from entrytui.services.candidates import case_variants, owner_of, sessions_of
from entrytui.services.common import (
    allocate_id,
    allocate_ids,
    audit_event,
    entry_by_code,
    get_candidate,
    get_session,
    get_venue,
    institution,
    os_user,
    record,
    utc_now,
)
from entrytui.services.sessions import SessionSummary
from entrytui.store import CodesInUse, Store, find, find_one, rows, update_where


@dataclass(frozen=True)
class AddedEntry:
    """What an operator is shown after Save."""

    entry: Entry
    candidate: Candidate
    session: Session
    linked: bool
    password: str | None = None  # only a password generated here, shown once
    warnings: list[str] = field(default_factory=list)


class EntryRow(NamedTuple):
    """One line of a session's list (a named tuple: 10,000 of them are made per refresh)."""

    entry: Entry
    candidate: Candidate


def add_entry(
    store: Store,
    session_id: str,
    *,
    first_name: str,
    family_name: str,
    username: str,
    email: str = "",
    date_of_birth: str = "",
    gender: str = "",
    password: str | None = None,
    generate: bool = False,
    link: bool = False,
    allow_case_variant: bool = False,
    who: str | None = None,
) -> AddedEntry:
    """Enter a candidate into a session, as the portal's Single Candidate Entry.

    A username owned by a candidate already is refused (:class:`UsernameOwned`) unless
    ``link``: then the entry is that candidate's, and a password given replaces theirs
    (none given keeps theirs).  A new candidate needs a password.
    A username differing only by case from another is refused (:class:`CaseVariantExists`)
    unless ``allow_case_variant``.
    """
    details, problems = check_candidate(
        first_name=first_name,
        family_name=family_name,
        username=username,
        email=email,
        date_of_birth=date_of_birth,
        gender=gender,
        today=date.today(),
    )
    if generate:
        password = generate_password()
    elif password is not None:
        password, more = check_password(password)
        problems += more
    if problems:
        raise InputRefused(problems)
    password_hash = hash_password(password) if password is not None else None  # slow: outside the lock
    who = who or os_user()

    with store.transaction() as db:
        session = get_session(db, session_id)
        refuse_complete(session)
        owner = owner_of(db, details.username)
        if owner is not None:
            if not link:
                raise UsernameOwned(owner, [f"{s.name} ({s.id})" for s in sessions_of(db, owner.id)])
            _refuse_second_active(db, owner, session)
            candidate = owner
            if password_hash:
                candidate = replace(owner, password_hash=password_hash)
                update_where(db, "candidates", "id", owner.id, {"password_hash": password_hash})
                record(db, who, "candidate.password_reset", owner.username, "new password set while linking", session.id)
        else:
            variants = case_variants(db, details.username)
            if variants and not allow_case_variant:
                raise CaseVariantExists(details.username, variants)
            if password_hash is None:
                raise InputRefused([Problem("password", "is required for a new candidate (or generate one)")])
            candidate = Candidate(id=allocate_id(db, "C"), password_hash=password_hash, **asdict(details))
            db.table("candidates").insert(candidate.to_doc())
        entry = Entry(
            id=allocate_id(db, "E"),
            session_id=session.id,
            candidate_id=candidate.id,
            entry_code=new_entry_code(CodesInUse(db)),
            created_at=utc_now(),
            created_by=who,
        )
        db.table("entries").insert(entry.to_doc())
        action = "entry.link" if owner else "entry.add"
        record(db, who, action, entry.entry_code, f"{candidate.username} ({candidate.full_name}) into {session.id}", session.id)
        active = sum(1 for e in find(db, "entries", "session_id", session.id) if e["status"] == "active")
    warnings = []
    if active > SESSION_RECOMMENDED_MAX:
        warnings.append(f"session {session.id} now has {active} active entries; at most {SESSION_RECOMMENDED_MAX:,} are recommended")
    return AddedEntry(entry, candidate, session, linked=owner is not None, password=password if generate else None, warnings=warnings)


def refuse_complete(session: Session) -> None:
    if session.status(datetime.now()) == "complete":
        raise InputRefused([Problem("session", f"{session.name} ({session.id}) ended at {session.end}; it takes no new entries")])


def _refuse_second_active(db: TinyDB, candidate: Candidate, session: Session) -> None:
    current = next(
        (e for e in find(db, "entries", "candidate_id", candidate.id)
         if e["session_id"] == session.id and e["status"] == "active"),
        None,
    )
    if current:
        raise InputRefused(
            [
                Problem(
                    "username",
                    f"{candidate.full_name} ('{candidate.username}') already has an active entry in "
                    f"{session.name} ({session.id}), entry code {current['entry_code']}",
                )
            ]
        )


def list_entries(store: Store, session_id: str) -> list[EntryRow]:
    """The session's entries in the order they were made, withdrawn ones included."""
    with store.reading() as db:
        return _entry_rows(db, get_session(db, session_id))


def session_entries(store: Store, session_id: str, now: datetime | None = None) -> tuple[SessionSummary, list[EntryRow]]:
    """What the session screen shows: the session with its counts, and its entries, from
    one read of the store (the counts are derived from the rows, not scanned again)."""
    with store.reading() as db:
        session = get_session(db, session_id)
        found = _entry_rows(db, session)
        venue = get_venue(db, session.venue_id)
    active = sum(1 for r in found if r.entry.status == "active")
    summary = SessionSummary(session, venue, session.status(now or datetime.now()), active, len(found) - active)
    return summary, found


def _entry_rows(db: TinyDB, session: Session) -> list[EntryRow]:
    return [EntryRow(Entry.from_doc(doc), get_candidate(db, doc["candidate_id"]))
            for doc in find(db, "entries", "session_id", session.id)]


def withdraw_entry(store: Store, code: str, reason: str = "", who: str | None = None) -> Entry:
    """Take an entry out of its session; it stays listed as withdrawn."""

    def change(db: TinyDB, entry: Entry, who: str, why: str) -> Entry:
        if entry.status == "withdrawn":
            raise InputRefused([Problem("entry code", f"{entry.entry_code} is withdrawn already")])
        return replace(entry, status="withdrawn", withdrawn_at=utc_now(), withdrawn_by=who, withdrawn_reason=why)

    return _change_status(store, code, reason, who, "entry.withdraw", change)


def restore_entry(store: Store, code: str, reason: str = "", who: str | None = None) -> Entry:
    """Undo a withdrawal, unless the candidate was entered into the session again since."""

    def change(db: TinyDB, entry: Entry, who: str, why: str) -> Entry:
        if entry.status == "active":
            raise InputRefused([Problem("entry code", f"{entry.entry_code} is active already")])
        _refuse_second_active(db, get_candidate(db, entry.candidate_id), get_session(db, entry.session_id))
        return replace(entry, status="active", withdrawn_at="", withdrawn_by="", withdrawn_reason="")

    return _change_status(store, code, reason, who, "entry.restore", change)


def _change_status(store: Store, code: str, reason: str, who: str | None, action: str, change) -> Entry:
    """One step with a reason: find the entry, change it, record why, in one transaction."""
    why, problems = check_reason(reason)
    if problems:
        raise InputRefused(problems)
    who = who or os_user()
    with store.transaction() as db:
        entry = change(db, entry_by_code(db, code), who, why)
        update_where(db, "entries", "id", entry.id, entry.to_doc())
        record(db, who, action, entry.entry_code, why or "no reason given", entry.session_id)
    return entry


def propose_username(store: Store, session_id: str) -> str:
    """The next free ``ClientName_TestDate_Cand001`` for a session (venue, start date, number)."""
    with store.reading() as db:
        session = get_session(db, session_id)
        venue = get_venue(db, session.venue_id)
        owner = institution(db)
        usernames = [d["username"] for d in rows(db, "candidates")]
    client_source = venue.name if venue else (owner.name if owner else "Centre")
    client = "".join(c for c in "".join(w[:1].upper() + w[1:] for w in client_source.split()) if c in USERNAME_ALLOWED)
    prefix = f"{client[:100] or 'Centre'}_{session.start[:10].replace('-', '')}_Cand"
    pattern = re.compile(re.escape(prefix.casefold()) + r"([0-9]+)$")
    numbers = [int(m.group(1)) for name in usernames if (m := pattern.match(name.casefold()))]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def enter_existing(store: Store, session_id: str, candidate_ids: list[str], who: str | None = None) -> list[Entry]:
    """Search Existing: enter candidates of the institution into a session, each as a
    linked entry with a new entry code, in one transaction (all or none)."""
    who = who or os_user()
    with store.transaction() as db:
        session = get_session(db, session_id)
        refuse_complete(session)
        known = {c: find_one(db, "candidates", "id", c) for c in candidate_ids}
        busy = _busy(db, session)
        problems = [Problem("candidate", f"{known[c]['username']} is in this session already") for c in candidate_ids
                    if c in busy] + [Problem("candidate", f"there is no candidate {c}") for c in candidate_ids
                                     if not known[c]]
        if problems:
            raise InputRefused(problems)
        taken = CodesInUse(db)
        made = []
        for entry_id, candidate_id in zip(allocate_ids(db, "E", len(candidate_ids)), candidate_ids):
            code = new_entry_code(taken)
            taken.add(code)
            made.append(Entry(id=entry_id, session_id=session.id, candidate_id=candidate_id, entry_code=code,
                              created_at=utc_now(), created_by=who))
        db.table("entries").insert_multiple(e.to_doc() for e in made)
        db.table("audit").insert_multiple(
            audit_event(who, "entry.link", e.entry_code, f"{known[e.candidate_id]['username']} into {session.id} "
                        "(search existing)", session.id).to_doc() for e in made)
    return made


def search_candidates(store: Store, session_id: str, text: str, limit: int = 200) -> tuple[list[tuple], int]:
    """Candidates whose name, username or email holds every word of ``text``; each with
    whether they are in the session already.  Returns (at most ``limit`` rows, how many matched)."""
    words = text.casefold().split()
    found, total = [], 0
    with store.reading() as db:
        busy = _busy(db, get_session(db, session_id))
        for doc in rows(db, "candidates"):
            haystack = f"{doc['first_name']} {doc['family_name']} {doc['username']} {doc['email']}".casefold()
            if all(w in haystack for w in words):
                total += 1
                if len(found) < limit:
                    found.append((Candidate.from_doc(doc), doc["id"] in busy))
    return found, total


def _busy(db: TinyDB, session: Session) -> set[str]:
    """The candidates with an active entry in the session."""
    return {e["candidate_id"] for e in find(db, "entries", "session_id", session.id) if e["status"] == "active"}
