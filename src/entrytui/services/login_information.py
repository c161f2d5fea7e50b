"""Candidate login information: one slip per candidate (PDF), and a CSV, for a session's entries.

Passwords are sealed (:mod:`entrytui.passwords`), so a slip shows the candidate's **current**
password and reprints change nothing.  New passwords are an explicit choice, ``reset``:
``"none"`` (the default: a candidate without a password a slip can show, set before passwords
were sealed, is refused by name), ``"missing"`` (new ones for those candidates only) or
``"all"`` (new ones for every chosen entry; :func:`stale_sessions` names the other sessions
whose slips that makes stale).  ``layout``: the portal's one slip to a page, or sheets of 8
slips with cut lines (:class:`~entrytui.documents.slips.Layout`).

The order makes a failure harmless: the passwords are read (or made and sealed), both files
are written to temporary files, then one store transaction checks that no password changed
meanwhile, saves the new ones and audits the printout (who, which entries: printing
reveals passwords), and only then are the files renamed into place, together or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from entrytui.codes import normalise_code
from entrytui.documents.slips import PER_SHEET, Layout, Slip, render_csv, render_pdf
from entrytui.domain import Action, Candidate, Entry, EntryStatus
from entrytui.errors import InputRefused, NoPasswordToShow, NotFound, refuse, refuse_any
from entrytui.files import Staged, publish_together, unusable
from entrytui.passwords import generate_password, seal, sealed_matches, unseal, verify_password
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
    stale_said,
)
from entrytui.store import Store, find, find_one, update_where

Progress = Callable[[str, int, int], None]  # (stage, done, total)
RESETS = ("none", "missing", "all")


@dataclass(frozen=True)
class LoginInformation:
    slips: int
    skipped: list[str]  # entry codes of withdrawn entries left out
    pdf: Path
    csv: Path | None
    issued: str = ""  # YYYY-MM-DD HH:MM, as on every slip
    reset: list[str] = field(default_factory=list)  # the usernames given a new password


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


def without_password(active: list[tuple[Entry, Candidate]]) -> list[str]:
    """'Ana Silva (Cand1)' for each chosen candidate no slip can show a password for."""
    return [f"{c.full_name} ({c.username})" for _, c in active if not c.password_sealed]


def stale_sessions(store: Store, session_id: str, codes: list[str] | None = None) -> list[str]:
    """The other sessions whose slips new passwords for these entries would make stale:
    'January Linguaskill (S2): 3 candidates', soonest first."""
    active, _ = chosen_entries(store, session_id, codes)
    with store.reading() as db:
        return stale_said(db, {c.id for _, c in active}, get_session(db, session_id).id)


def produce_login_information(
    store: Store,
    session_id: str,
    pdf: Path,
    csv: Path | None = None,
    codes: list[str] | None = None,
    progress: Progress | None = None,
    actor: Actor | None = None,
    reset: str = "none",
    layout: str = Layout.PAGE,
) -> LoginInformation:
    """Write the chosen entries' slips (and CSV) with their current passwords, or new ones
    as ``reset`` says, laid out as ``layout`` says (see the module's text)."""
    if reset not in RESETS:
        raise ValueError(f"reset must be one of {RESETS}, not {reset!r}")
    if layout not in tuple(Layout):
        raise ValueError(f"layout must be one of {tuple(map(str, Layout))}, not {layout!r}")
    actor = acting(actor)
    _refuse_unusable(pdf, csv)  # before any slow work
    active, skipped = chosen_entries(store, session_id, codes)
    if not active:
        refuse("entries", "no active entry to produce login information for")
    renew = [reset == "all" or (reset == "missing" and not c.password_sealed) for _, c in active]
    if reset == "none" and (lacking := without_password(active)):
        raise NoPasswordToShow(lacking)
    key = store.key(create=any(renew))
    passwords = []
    for (_, candidate), new in zip(active, renew):
        passwords.append(
            generate_password() if new else unseal(key, candidate.id, candidate.password_sealed, candidate.username)
        )
        if progress:
            progress("Reading passwords", len(passwords), len(active))
    issued = actor.local_now().strftime("%Y-%m-%d %H:%M")
    with store.reading() as db:
        session = get_session(db, session_id)
        place = _place(db, session)
    slips = [
        _slip(place, session, entry, candidate, password, issued)
        for (entry, candidate), password in zip(active, passwords)
    ]
    staged = _stage_files(place, slips, Path(pdf), Path(csv) if csv else None, progress, Layout(layout))
    codes_printed = [entry.entry_code for entry, _ in active]
    after = " The new passwords were saved: print again without new passwords for their slips." if any(renew) else ""
    with _published_after(staged, after), store.transaction() as tx:
        for (entry, candidate), password, new in zip(active, passwords, renew):
            current = find_one(tx, "entries", "id", entry.id)
            if not current or current["status"] != EntryStatus.ACTIVE:
                refuse("entries", f"{entry.entry_code} was withdrawn meanwhile; try again")
            now = find_one(tx, "candidates", "id", candidate.id) or {}
            if now.get("password_sealed", "") != candidate.password_sealed:
                refuse("passwords", f"{candidate.username}'s password was changed meanwhile; try again")
            if new:
                update_where(
                    tx,
                    "candidates",
                    "id",
                    candidate.id,
                    {"password_sealed": seal(key, candidate.id, password), "password_hash": ""},
                )
                record(tx, actor, Action.PASSWORD_RESET, candidate.username, "for login information", session.id)
        said = f"{len(slips)} slips to {pdf}" + (f" on sheets of {PER_SHEET}" if layout == Layout.SHEET else "")
        said += f" and {csv}" if csv else ""
        if any(renew):
            said += f"; new passwords for {sum(renew)}"
        record(tx, actor, Action.LOGINS_PRODUCE, session.id, said, session.id, entries=codes_printed)
    reset_for = [c.username for (_, c), new in zip(active, renew) if new]
    return LoginInformation(len(slips), skipped, Path(pdf), Path(csv) if csv else None, issued, reset_for)


def single_slip(store: Store, entry_code: str, password: str, pdf: Path, actor: Actor | None = None) -> Path:
    """The slip of one entry just saved, with the password just entered (no reset).

    The password must match the stored one, so a slip can never print a wrong password.
    """
    with store.reading() as db:
        entry = entry_by_code(db, entry_code)
        candidate = get_candidate(db, entry.candidate_id)
        session = get_session(db, entry.session_id)
        place = _place(db, session)
    if candidate.password_sealed:
        matches = sealed_matches(store.key(), candidate.id, password, candidate.password_sealed)
    else:
        matches = verify_password(password, candidate.password_hash)
    if not matches:
        refuse("password", f"does not match {candidate.username}'s stored password")
    issued = acting(actor).local_now().strftime("%Y-%m-%d %H:%M")
    staged = _stage_files(place, [_slip(place, session, entry, candidate, password, issued)], Path(pdf), None, None)
    with _published_after(staged), store.transaction() as tx:
        record(
            tx,
            acting(actor),
            Action.LOGINS_SLIP,
            entry.entry_code,
            f"slip of {candidate.username} to {pdf}",
            session.id,
            entries=[entry.entry_code],
        )
    return Path(pdf)


@contextmanager
def _published_after(staged: list[Staged], after: str = ""):
    """Rename the staged files into place, together, once the block (the store change)
    succeeded; remove them if it failed.  ``after``: what a failed rename leaves to do."""
    try:
        yield
        try:
            publish_together(staged)
        except OSError as exc:
            raise InputRefused(
                [
                    Problem(
                        "file",
                        f"cannot write {exc.filename or staged[0].target}: {exc.strerror}; "
                        f"neither file was written.{after}",
                    )
                ]
            ) from None
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


def _slip(place: _Place, session, entry: Entry, candidate: Candidate, password: str, issued: str) -> Slip:
    return Slip(
        username=candidate.username,
        password=password,
        institution_id=place.institution_id,
        entry_code=entry.entry_code,
        candidate=f"{candidate.title} {candidate.full_name}" if candidate.title else candidate.full_name,
        session=session.name,
        test=session.test,
        venue=place.venue,
        start=session.start,
        issued=issued,
    )


def _refuse_unusable(*paths: Path | None) -> None:
    refuse_any([Problem("file", why) for path in paths if path is not None and (why := unusable(Path(path)))])


def _stage_files(
    place: _Place,
    slips: list[Slip],
    pdf: Path,
    csv: Path | None,
    progress: Progress | None,
    layout: Layout = Layout.PAGE,
) -> list[Staged]:
    _refuse_unusable(pdf, csv)
    pages = render_pdf(
        slips, place.institution_name, (lambda d, t: progress("Writing slips", d, t)) if progress else None, layout
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


def password_reset_warning(count: int, stale: list[str]) -> str:
    """What the UI and the CLI say before setting new passwords (read aloud), with the other
    sessions (:func:`stale_sessions`) whose slips stop working."""
    said = (
        f"This sets new passwords for {plural(count, 'candidate', 'candidates')}: their current passwords and every "
        "slip printed before stop working"
    )
    if not stale:
        return said + " (they are in no other session)."
    return said + ", in these sessions too: " + "; ".join(stale) + "."
