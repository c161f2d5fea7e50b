"""Candidate login information: one slip per candidate (PDF), and a CSV, for a session's entries.

Passwords are stored hashed, so producing slips for entries sets **new** passwords for
their candidates.  The order makes a failure harmless: new passwords are generated and
hashed, both files are written to temporary files, then one store transaction saves the
hashes (and the audit events), and only then are the files renamed into place.  If the
store refuses (locked, corrupt), nothing changed and no file appears.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from entrytui.codes import normalise_code
from entrytui.documents.slips import Slip, render_csv, render_pdf
from entrytui.domain import Action, Candidate, Entry, EntryStatus
from entrytui.errors import InputRefused, NotFound, refuse, refuse_any
from entrytui.files import Staged, unusable
from entrytui.passwords import generate_password, hash_passwords, verify_password
from entrytui.rules import Problem, plural
from entrytui.services.common import (
    Actor,
    acting,
    entry_by_code,
    get_candidate,
    get_session,
    get_venue,
    institution,
    record,
)
from entrytui.store import Store, find, find_one, update_where

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True)
class LoginInformation:
    slips: int
    skipped: list[str]  # entry codes of withdrawn entries left out
    pdf: Path
    csv: Path | None


def chosen_entries(store: Store, session_id: str, codes: list[str] | None = None) -> tuple[list, list[str]]:
    """The active (entry, candidate) pairs to print, and the codes of withdrawn ones skipped."""
    with store.reading() as db:
        session = get_session(db, session_id)
        mine = {d["entry_code"]: d for d in find(db, "entries", "session_id", session.id)}
        wanted = [normalise_code(c) for c in codes] if codes else list(mine)
        unknown = [c for c in wanted if c not in mine]
        if unknown:
            raise NotFound("entries", f"not in session {session.id}: {', '.join(unknown)}")
        chosen = [Entry.from_doc(mine[c]) for c in dict.fromkeys(wanted)]
        skipped = [e.entry_code for e in chosen if e.status != EntryStatus.ACTIVE]
        active = [(e, get_candidate(db, e.candidate_id)) for e in chosen if e.status == EntryStatus.ACTIVE]
    return active, skipped


def produce_login_information(
    store: Store,
    session_id: str,
    pdf: Path,
    csv: Path | None = None,
    codes: list[str] | None = None,
    progress: Progress | None = None,
    actor: Actor | None = None,
) -> LoginInformation:
    """Reset the chosen candidates' passwords and write their slips (and CSV)."""
    actor = acting(actor)
    _refuse_unusable(pdf, csv)  # before setting any password
    active, skipped = chosen_entries(store, session_id, codes)
    if not active:
        refuse("entries", "no active entry to produce login information for")
    passwords = [generate_password() for _ in active]
    hashes = hash_passwords(passwords, (lambda d, t: progress("Setting new passwords", d, t)) if progress else None)
    with store.reading() as db:
        session = get_session(db, session_id)
        place = _place(db, session)
    slips = [
        _slip(place, session, entry, candidate, password) for (entry, candidate), password in zip(active, passwords)
    ]
    staged = _stage_files(place, slips, Path(pdf), Path(csv) if csv else None, progress)
    with _published_after(staged), store.transaction() as tx:
        for (entry, candidate), digest in zip(active, hashes):
            current = find_one(tx, "entries", "id", entry.id)
            if not current or current["status"] != EntryStatus.ACTIVE:
                refuse("entries", f"{entry.entry_code} was withdrawn meanwhile; try again")
            update_where(tx, "candidates", "id", candidate.id, {"password_hash": digest})
            record(tx, actor, Action.PASSWORD_RESET, candidate.username, "for login information", session.id)
        record(
            tx,
            actor,
            Action.LOGINS_PRODUCE,
            session.id,
            f"{len(slips)} slips to {pdf}" + (f" and {csv}" if csv else ""),
            session.id,
        )
    return LoginInformation(len(slips), skipped, Path(pdf), Path(csv) if csv else None)


def single_slip(store: Store, entry_code: str, password: str, pdf: Path, actor: Actor | None = None) -> Path:
    """The slip of one entry just saved, with the password just entered (no reset).

    The password must match the stored hash, so a slip can never print a wrong password.
    """
    with store.reading() as db:
        entry = entry_by_code(db, entry_code)
        candidate = get_candidate(db, entry.candidate_id)
        session = get_session(db, entry.session_id)
        place = _place(db, session)
    if not verify_password(password, candidate.password_hash):
        refuse("password", f"does not match {candidate.username}'s stored password")
    staged = _stage_files(place, [_slip(place, session, entry, candidate, password)], Path(pdf), None, None)
    with _published_after(staged), store.transaction() as tx:
        record(
            tx,
            acting(actor),
            Action.LOGINS_SLIP,
            entry.entry_code,
            f"slip of {candidate.username} to {pdf}",
            session.id,
        )
    return Path(pdf)


@contextmanager
def _published_after(staged: list[Staged]):
    """Rename the staged files into place once the block (the store change) succeeded;
    remove them if it failed."""
    try:
        yield
        for file in staged:
            file.publish()
    finally:
        for file in staged:
            file.discard()


@dataclass(frozen=True)
class _Place:
    """What every slip of a session shares, read from the store once."""

    institution_id: str
    institution_name: str
    venue: str


def _place(db, session) -> _Place:
    venue, owner = get_venue(db, session.venue_id), institution(db)
    if owner is None:  # init_store always makes one: only a store assembled by other means has none
        refuse("institution", "the store has no institution set up; a slip needs its institution id")
    return _Place(owner.institution_id, owner.name, venue.name if venue else "")


def _slip(place: _Place, session, entry: Entry, candidate: Candidate, password: str) -> Slip:
    return Slip(
        username=candidate.username,
        password=password,
        institution_id=place.institution_id,
        entry_code=entry.entry_code,
        candidate=candidate.full_name,
        session=session.name,
        test=session.test,
        venue=place.venue,
        start=session.start,
    )


def _refuse_unusable(*paths: Path | None) -> None:
    refuse_any([Problem("file", why) for path in paths if path is not None and (why := unusable(Path(path)))])


def _stage_files(
    place: _Place, slips: list[Slip], pdf: Path, csv: Path | None, progress: Progress | None
) -> list[Staged]:
    _refuse_unusable(pdf, csv)
    pages = render_pdf(
        slips, place.institution_name, (lambda d, t: progress("Writing slips", d, t)) if progress else None
    )
    staged: list[Staged] = []
    try:
        staged.append(Staged(pdf, pages))
        if csv:
            staged.append(Staged(csv, render_csv(slips)))
    except OSError as exc:
        for file in staged:
            file.discard()
        raise InputRefused([Problem("file", f"cannot write {exc.filename or pdf}: {exc.strerror}")]) from None
    return staged


def password_reset_warning(count: int) -> str:
    """What the UI and the CLI say before resetting (one sentence to read aloud)."""
    return (
        f"This sets new passwords for {plural(count, 'candidate', 'candidates')}: their current passwords stop working, "
        "in every session they are entered in."
    )
