"""Entries: a candidate's ticket into one session (add, link, list, withdraw, restore, move)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import NamedTuple

from tinydb import TinyDB

from entrytui.domain import (
    ACTIVE,
    SESSION_RECOMMENDED_MAX,
    Action,
    Candidate,
    Entry,
    EntryStatus,
    Session,
    SessionStatus,
)
from entrytui.errors import CaseVariantExists, Difference, UsernameOwned, refuse, refuse_any
from entrytui.passwords import generate_password, sealed_fields
from entrytui.rules import Problem, check_candidate, check_password, check_reason
from entrytui.services.candidate_edits import change_details, differences
from entrytui.services.candidates import case_variants, owner_of, sessions_of
from entrytui.services.changes import refuse_if_changed
from entrytui.services.common import (
    Actor,
    acting,
    active_entries,
    allocate_id,
    entry_by_code,
    get_candidate,
    get_session,
    get_venue,
    record,
    sessions_elsewhere,
)
from entrytui.services.entering import NewEntry, enter_candidates, refuse_complete, refuse_second_active
from entrytui.services.sessions import SessionSummary
from entrytui.store import Store, build_index, find, find_one, rows, update_where


@dataclass(frozen=True)
class AddedEntry:
    """What an operator is shown after Save."""

    entry: Entry
    candidate: Candidate
    session: Session
    linked: bool
    password: str | None = None  # only a password generated here, shown once
    warnings: list[str] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)  # typed details not the owner's (linked)
    updated: bool = False  # linked, and the owner's details were updated to those typed
    password_replaced: bool = False  # linked with a password: it replaced the owner's in every session
    stale_sessions: list[str] = field(default_factory=list)  # then: the other sessions whose slips stopped working


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
    title: str = "",
    password: str | None = None,
    generate: bool = False,
    link: bool = False,
    update_details: bool = False,
    allow_case_variant: bool = False,
    actor: Actor | None = None,
) -> AddedEntry:
    """Enter a candidate into a session, as the portal's Single Candidate Entry.

    A username owned by a candidate already is refused (:class:`UsernameOwned`) unless
    ``link``: then the entry is that candidate's, and a password given replaces theirs
    (none given keeps theirs).  The refusal names the typed details that differ from the
    owner's; ``update_details`` (with ``link``) writes them over theirs, else theirs are kept
    and the differences come back as warnings.  A password replacing theirs comes back as a
    warning naming their other sessions, whose printed slips it makes stale.  A new candidate
    needs a password.
    A username differing only by case from another is refused (:class:`CaseVariantExists`)
    unless ``allow_case_variant``.
    """
    actor = acting(actor)
    details, problems = check_candidate(
        first_name=first_name,
        family_name=family_name,
        username=username,
        email=email,
        date_of_birth=date_of_birth,
        gender=gender,
        title=title,
        today=actor.today(),
    )
    if generate:
        password = generate_password()
    elif password is not None:
        password, more = check_password(password)
        problems += more
    refuse_any(problems)
    key = store.key(create=True) if password is not None else None

    with store.transaction() as db:
        session = get_session(db, session_id)
        refuse_complete(session, actor)
        owner = owner_of(db, details.username)
        differ: list[Difference] = []
        stale: list[str] = []
        if owner is not None:
            refuse_second_active(db, owner, session)  # before the link question: a link could only be refused
            differ = differences(owner, details)
            held = held_elsewhere(db, owner.id, session.id)
            if not link:
                raise UsernameOwned(owner, [f"{s.name} ({s.id})" for s in sessions_of(db, owner.id)], differ, held)
            candidate = owner
            if update_details and differ:
                candidate = change_details(db, actor, owner, {d.field: d.typed for d in differ}, session.id).candidate
            if key is not None and password is not None:
                sealed = sealed_fields(key, owner.id, password)
                candidate = replace(candidate, **sealed)
                update_where(db, "candidates", "id", owner.id, sealed)
                record(db, actor, Action.PASSWORD_RESET, owner.username, "new password set while linking", session.id)
                stale = held
        else:
            variants = case_variants(db, details.username)
            if variants and not allow_case_variant:
                raise CaseVariantExists(details.username, variants)
            if key is None or password is None:
                refuse("password", "is required for a new candidate (or generate one)")
            candidate_id = allocate_id(db, "C")
            candidate = Candidate(id=candidate_id, **sealed_fields(key, candidate_id, password), **asdict(details))
            db.table("candidates").insert(candidate.to_doc())
        label = f"{candidate.username} ({candidate.full_name})"
        [entry] = enter_candidates(db, session, [NewEntry(candidate.id, label, linked=owner is not None)], actor)
        active = len(active_entries(db, session.id))
    replaced = owner is not None and password is not None
    warnings = [replaced_warning(candidate, stale)] if replaced else []
    if differ and not update_details:
        warnings.append(
            f"linked to {candidate.full_name}, whose details were kept; typed differently: "
            + "; ".join(str(d) for d in differ)
        )
    if active > SESSION_RECOMMENDED_MAX:
        warnings.append(
            f"session {session.id} now has {active} active entries; at most {SESSION_RECOMMENDED_MAX:,} are recommended"
        )
    return AddedEntry(
        entry,
        candidate,
        session,
        linked=owner is not None,
        password=password if generate else None,
        warnings=warnings,
        differences=differ,
        updated=bool(update_details and differ),
        password_replaced=replaced,
        stale_sessions=stale,
    )


def held_elsewhere(db: TinyDB, candidate_id: str, session_id: str) -> list[str]:
    """'January Linguaskill (S2)' for each other session the candidate holds an active entry in,
    soonest first: the sessions whose printed slips a new password of theirs makes stale."""
    return [f"{s.name} ({s.id})" for s, _count in sessions_elsewhere(db, [candidate_id], session_id)]


def replaced_warning(candidate: Candidate, stale: list[str]) -> str:
    """What a link with a password says: theirs is replaced, and which slips stopped working."""
    said = f"the password typed replaced {candidate.full_name}'s password in every session"
    if not stale:
        return said + " (they hold no active entry in another session: no slip printed before is stale)"
    return (
        said + ": the slips printed before for " + ", ".join(stale) + " show the old one and no longer work "
        "(print their login information again)"
    )


def enter_existing(store: Store, session_id: str, candidate_ids: list[str], actor: Actor | None = None) -> list[Entry]:
    """Search Existing: enter candidates of the institution into a session, each as a
    linked entry with a new entry code, in one transaction (all or none)."""
    actor = acting(actor)
    with store.transaction() as db:
        session = get_session(db, session_id)
        refuse_complete(session, actor)
        known = {c: doc for c in candidate_ids if (doc := find_one(db, "candidates", "id", c)) is not None}
        busy = {e["candidate_id"] for e in active_entries(db, session.id)}
        refuse_any(
            [
                Problem("candidate", f"{known[c]['username']} is in this session already")
                for c in candidate_ids
                if c in busy
            ]
            + [Problem("candidate", f"there is no candidate {c}") for c in candidate_ids if c not in known]
        )
        wanted = [NewEntry(c, known[c]["username"], linked=True, note="search existing") for c in candidate_ids]
        return enter_candidates(db, session, wanted, actor)


def list_entries(store: Store, session_id: str) -> list[EntryRow]:
    """The session's entries in the order they were made, withdrawn ones included."""
    with store.reading() as db:
        return _entry_rows(db, get_session(db, session_id))


def session_entries(store: Store, session_id: str, actor: Actor | None = None) -> tuple[SessionSummary, list[EntryRow]]:
    """What the session screen shows: the session with its counts, and its entries, from
    one read of the store (the counts are derived from the rows, not scanned again)."""
    actor = acting(actor)
    with store.reading() as db:
        session = get_session(db, session_id)
        found = _entry_rows(db, session)
        venue = get_venue(db, session.venue_id)
    active = sum(1 for r in found if r.entry.status == ACTIVE)
    summary = SessionSummary(session, venue, session.status(actor.local_now()), active, len(found) - active)
    return summary, found


def prepare_session_lookups(store: Store) -> None:
    """Build the lookup every session's list reads (the entries by session) now, while the
    operator reads Sessions: at 100,000 entries the first session opened waited 0.2 s for it."""
    with store.reading() as db:
        build_index(db, "entries", "session_id")


def _entry_rows(db: TinyDB, session: Session) -> list[EntryRow]:
    return [
        EntryRow(Entry.from_doc(doc), get_candidate(db, doc["candidate_id"]))
        for doc in find(db, "entries", "session_id", session.id)
    ]


def withdraw_entry(store: Store, code: str, reason: str = "", actor: Actor | None = None) -> Entry:
    """Take an entry out of its session; it stays listed as withdrawn."""

    def change(db: TinyDB, entry: Entry, actor: Actor, why: str) -> Entry:
        if entry.status == EntryStatus.WITHDRAWN:
            refuse("entry code", f"{entry.entry_code} is withdrawn already")
        return replace(
            entry,
            status=EntryStatus.WITHDRAWN,
            withdrawn_at=actor.stamp(),
            withdrawn_by=actor.who,
            withdrawn_reason=why,
        )

    return _change_status(store, code, reason, acting(actor), Action.ENTRY_WITHDRAW, change)


def restore_entry(store: Store, code: str, reason: str = "", actor: Actor | None = None) -> Entry:
    """Undo a withdrawal, unless the candidate was entered into the session again since."""

    def change(db: TinyDB, entry: Entry, actor: Actor, why: str) -> Entry:
        if entry.status == EntryStatus.ACTIVE:
            refuse("entry code", f"{entry.entry_code} is active already")
        refuse_second_active(db, get_candidate(db, entry.candidate_id), get_session(db, entry.session_id))
        return replace(entry, status=EntryStatus.ACTIVE, withdrawn_at="", withdrawn_by="", withdrawn_reason="")

    return _change_status(store, code, reason, acting(actor), Action.ENTRY_RESTORE, change)


def _change_status(store: Store, code: str, reason: str, actor: Actor, action: Action, change) -> Entry:
    """One step with a reason: find the entry, change it, record why, in one transaction."""
    why, problems = check_reason(reason)
    refuse_any(problems)
    with store.transaction() as db:
        entry = change(db, entry_by_code(db, code), actor, why)
        update_where(db, "entries", "id", entry.id, entry.to_doc())
        record(db, actor, action, entry.entry_code, why or "no reason given", entry.session_id)
    return entry


@dataclass(frozen=True)
class MoveTarget:
    """A session an entry could be moved to; ``held``: the entry code of the candidate's active
    entry there already (the move would be refused: shown, not offered)."""

    session: Session
    held: str = ""


def move_targets(store: Store, code: str, actor: Actor | None = None) -> list[MoveTarget]:
    """The active sessions but the entry's own, soonest first, each with the candidate's active
    entry there if they hold one (an active entry cannot join it; a withdrawn one can)."""
    now = acting(actor).local_now()
    with store.reading() as db:
        entry = entry_by_code(db, code)
        held = {
            e["session_id"]: e["entry_code"]
            for e in find(db, "entries", "candidate_id", entry.candidate_id)
            if e["status"] == ACTIVE and entry.status == ACTIVE
        }
        sessions = [Session.from_doc(d) for d in rows(db, "sessions")]
    targets = [s for s in sessions if s.id != entry.session_id and s.status(now) == SessionStatus.ACTIVE]
    targets.sort(key=lambda s: (s.start, s.id))
    return [MoveTarget(s, held.get(s.id, "")) for s in targets]


@dataclass(frozen=True)
class MovedEntry:
    entry: Entry  # in its new session, its code unchanged
    source: Session
    target: Session


def move_entry(
    store: Store, code: str, to_session: str, *, seen: Entry | None = None, actor: Actor | None = None
) -> MovedEntry:
    """Move an entry to another session, keeping its entry code (the slip stays valid).
    Refused into a complete session, or where the candidate already holds an active entry
    there (named).  ``seen``: the entry as the operator read it (no silent overwrite)."""
    actor = acting(actor)
    with store.transaction() as db:
        entry = entry_by_code(db, code)
        refuse_if_changed(
            db, entry.entry_code, entry.entry_code, seen, entry, {"session_id": "session", "status": "status"}
        )
        source, target = get_session(db, entry.session_id), get_session(db, to_session)
        if target.id == source.id:
            refuse("session", f"{entry.entry_code} is in {target.name} ({target.id}) already")
        refuse_complete(target, actor)
        candidate = get_candidate(db, entry.candidate_id)
        if entry.status == ACTIVE:
            refuse_second_active(db, candidate, target)
        moved = replace(entry, session_id=target.id)
        update_where(db, "entries", "id", entry.id, {"session_id": target.id})
        record(
            db,
            actor,
            Action.ENTRY_MOVE,
            entry.entry_code,
            f"{candidate.username} ({candidate.full_name}) from {source.name} ({source.id}) to "
            f"{target.name} ({target.id}); entry code kept",
            target.id,
            {"session_id": [source.id, target.id]},
        )
    return MovedEntry(moved, source, target)
