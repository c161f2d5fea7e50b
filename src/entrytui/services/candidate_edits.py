"""One candidate, every session: list and show candidates, edit their details (the username
too), and the details typed for a username's owner that differ from theirs."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from tinydb import TinyDB

from entrytui.domain import CANDIDATE_FIELDS, Action, Candidate, Entry, EntryStatus, Session
from entrytui.errors import CaseVariantExists, Difference, NotFound, refuse, refuse_any
from entrytui.rules import CandidateInput, check_candidate, collation_key, normalise_username
from entrytui.services.candidates import case_variants, owner_of
from entrytui.services.changes import describe, diff, refuse_if_changed
from entrytui.services.common import Actor, acting, record
from entrytui.store import Store, find, find_one, rows, update_where

OPTIONAL_DETAILS = ("title", "email", "date_of_birth", "gender")


@dataclass(frozen=True)
class CandidateSummary:
    """One row of the Candidates list."""

    candidate: Candidate
    active: int  # active entries
    entries: int  # every entry, withdrawn ones included
    codes: tuple[str, ...] = ()  # their entry codes (the Candidates screen filters by them)


@dataclass(frozen=True)
class CandidateEntry:
    entry: Entry
    session: Session


@dataclass(frozen=True)
class CandidateView:
    """One candidate: details and every entry with its session, oldest first."""

    candidate: Candidate
    entries: list[CandidateEntry]


@dataclass(frozen=True)
class EditedCandidate:
    candidate: Candidate  # as it is now
    changes: dict[str, list] = field(default_factory=dict)  # {field: [before, after]}; empty: nothing to change


def candidate_by_username(db: TinyDB, username: str) -> Candidate:
    owner = owner_of(db, normalise_username(username))
    if owner is None:
        raise NotFound("username", f"there is no candidate with username '{username.strip()}'")
    return owner


def list_candidates(store: Store, search: str = "") -> list[CandidateSummary]:
    """Every candidate of the institution, by family then first name; with ``search``, those
    whose name, username, email or one of whose entry codes holds every word of it (accents
    and case set aside)."""
    words = collation_key(search).split()
    with store.reading() as db:
        codes: dict[str, list[str]] = {}
        active: dict[str, int] = {}
        for e in rows(db, "entries"):
            codes.setdefault(e["candidate_id"], []).append(e["entry_code"])
            active[e["candidate_id"]] = active.get(e["candidate_id"], 0) + (e["status"] == EntryStatus.ACTIVE)
        found = []
        for doc in rows(db, "candidates"):
            mine = codes.get(doc["id"], [])
            text = " ".join([doc["first_name"], doc["family_name"], doc["username"], doc.get("email", ""), *mine])
            folded = collation_key(text) if words else ""
            if all(w in folded for w in words):
                found.append(
                    CandidateSummary(Candidate.from_doc(doc), active.get(doc["id"], 0), len(mine), tuple(mine))
                )
    found.sort(
        key=lambda s: (collation_key(s.candidate.family_name), collation_key(s.candidate.first_name), s.candidate.id)
    )
    return found


def show_candidate(store: Store, username: str = "", *, candidate_id: str = "") -> CandidateView:
    """One candidate by username or, so that a screen follows a rename, by their id."""
    with store.reading() as db:
        if candidate_id:
            doc = find_one(db, "candidates", "id", candidate_id)
            if doc is None:
                raise NotFound("candidate", f"{username or candidate_id} is no longer a candidate (merged meanwhile)")
            candidate = Candidate.from_doc(doc)
        else:
            candidate = candidate_by_username(db, username)
        return CandidateView(candidate, _entries_of(db, candidate.id))


def _entries_of(db: TinyDB, candidate_id: str) -> list[CandidateEntry]:
    found = []
    for doc in find(db, "entries", "candidate_id", candidate_id):
        session = find_one(db, "sessions", "id", doc["session_id"])
        assert session is not None  # an entry's session exists (removed only without entries)
        found.append(CandidateEntry(Entry.from_doc(doc), Session.from_doc(session)))
    return found


def differences(owner: Candidate, typed: CandidateInput) -> list[Difference]:
    """The details typed for ``owner`` that are not theirs: the names always, the optional
    details only when typed."""
    found = []
    for name in ("first_name", "family_name", *OPTIONAL_DETAILS):
        value, theirs = getattr(typed, name), getattr(owner, name)
        if (value or name not in OPTIONAL_DETAILS) and value != theirs:
            found.append(Difference(name, CANDIDATE_FIELDS[name], value, theirs))
    return found


def change_details(
    db: TinyDB, actor: Actor, candidate: Candidate, wanted: dict, session_id: str = ""
) -> EditedCandidate:
    """Write ``wanted`` (checked already) over the candidate's details and record the
    correction, inside the caller's transaction."""
    changes = diff(candidate.to_doc(), {**candidate.to_doc(), **wanted}, CANDIDATE_FIELDS)
    if not changes:
        return EditedCandidate(candidate)
    updated = replace(candidate, **{f: new for f, (_, new) in changes.items()})
    update_where(db, "candidates", "id", candidate.id, {f: new for f, (_, new) in changes.items()})
    summary = f"{candidate.username} ({candidate.full_name}): {describe(changes, CANDIDATE_FIELDS)}"
    record(db, actor, Action.CANDIDATE_EDIT, candidate.id, summary, session_id, changes)
    return EditedCandidate(updated, changes)


def edit_candidate(
    store: Store,
    username: str,
    *,
    new_username: str | None = None,
    title: str | None = None,
    first_name: str | None = None,
    family_name: str | None = None,
    email: str | None = None,
    date_of_birth: str | None = None,
    gender: str | None = None,
    allow_case_variant: bool = False,
    seen: Candidate | None = None,
    actor: Actor | None = None,
) -> EditedCandidate:
    """Correct a candidate's details, the username included, with the entry form's rules,
    uniqueness and case question.  ``None`` keeps a detail; ``""`` clears an optional one.
    ``seen``: the candidate as the operator read it; if another operator changed it since,
    nothing is saved (:class:`~entrytui.errors.ChangedMeanwhile`)."""
    actor = acting(actor)
    given = {
        "username": new_username,
        "title": title,
        "first_name": first_name,
        "family_name": family_name,
        "email": email,
        "date_of_birth": date_of_birth,
        "gender": gender,
    }
    given = {k: v for k, v in given.items() if v is not None}
    with store.transaction() as db:
        if seen is not None and (doc := find_one(db, "candidates", "id", seen.id)) is not None:
            current = Candidate.from_doc(doc)  # found by id: a rename meanwhile is a change, not a stranger
        elif seen is not None:
            raise NotFound("username", f"'{seen.username}' is no longer a candidate (merged or removed meanwhile)")
        else:
            current = candidate_by_username(db, username)
        refuse_if_changed(db, current.id, current.username, seen, current, CANDIDATE_FIELDS)
        merged = {**{f: getattr(current, f) for f in CANDIDATE_FIELDS}, **given}
        checked, problems = check_candidate(**merged, today=actor.today())
        labels = {CANDIDATE_FIELDS[f] for f in given}
        refuse_any([p for p in problems if p.field in labels])  # a stored detail is not the operator's to fix
        wanted = {f: getattr(checked, f) if f in given else getattr(current, f) for f in CANDIDATE_FIELDS}
        if wanted["username"] != current.username:
            _refuse_taken(db, current, wanted["username"], allow_case_variant)
        return change_details(db, actor, current, wanted)


def _refuse_taken(db: TinyDB, current: Candidate, username: str, allow_case_variant: bool) -> None:
    owner = owner_of(db, username)
    if owner is not None:
        refuse(
            "username",
            f"'{username}' already belongs to {owner.full_name}; if they are the same person, merge them "
            f"(entrytui candidate merge {username} {current.username})",
        )
    variants = [c for c in case_variants(db, username) if c.id != current.id]
    if variants and not allow_case_variant:
        raise CaseVariantExists(username, variants)
