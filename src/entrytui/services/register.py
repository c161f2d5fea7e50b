"""The attendance register of a session (PRODUCT §7): a PDF for the invigilator with every
active entry, sorted by family name then first name (:mod:`entrytui.documents.register`).

It only reads: the store is not changed and no audit event is written (the register shows
no password), so an operator who may read the store but not write it can print one.  The
file is written whole or not at all, readable by its owner (and their group, in a folder
shared by a group) only, as every export.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from entrytui.documents.register import Heading, Line, Progress, render_register
from entrytui.errors import InputRefused, refuse
from entrytui.files import unusable, write_atomically
from entrytui.rules import Problem
from entrytui.services.common import Actor, acting, active_entries, get_candidate, get_session, get_venue, institution
from entrytui.store import Store


@dataclass(frozen=True)
class Register:
    """What was written: how many candidates, where."""

    candidates: int
    pdf: Path


def register_of(store: Store, session_id: str, actor: Actor | None = None) -> tuple[Heading, list[Line]]:
    """The register's header and its lines (in the order entered: the document sorts them)."""
    with store.reading() as db:
        session = get_session(db, session_id)
        owner, venue = institution(db), get_venue(db, session.venue_id)
        lines = [
            Line(c.family_name, c.first_name, c.username, doc["entry_code"])
            for doc in active_entries(db, session.id)
            for c in (get_candidate(db, doc["candidate_id"]),)
        ]
    if owner is None:  # init_store always makes one: only a store assembled by other means has none
        refuse("institution", "the store has no institution set up; a register names it")
    same_day = session.end[:10] == session.start[:10]
    heading = Heading(
        institution=f"{owner.name} ({owner.institution_id})",
        session=f"{session.name} ({session.id})",
        test=session.test,
        venue=venue.name if venue else "",
        when=f"{session.start} – {session.end[11:] if same_day else session.end}",
        printed=acting(actor).local_now().strftime("%Y-%m-%d %H:%M"),
    )
    return heading, lines


def produce_register(
    store: Store, session_id: str, pdf: Path, progress: Progress | None = None, actor: Actor | None = None
) -> Register:
    """Write the register of the session's active entries to ``pdf``; ``progress`` is told
    ``(stage, rows done, rows)`` as the document is laid out and written
    (:func:`~entrytui.documents.register.render_register`)."""
    pdf = Path(pdf)
    if why := unusable(pdf):  # before any slow work
        refuse("file", why)
    heading, lines = register_of(store, session_id, actor)
    if not lines:
        refuse("entries", f"{heading.session} has no active entry: there is nobody to put on a register")
    data = render_register(heading, lines, progress)
    try:
        write_atomically(pdf, data)
    except OSError as exc:
        raise InputRefused([Problem("file", f"cannot write {exc.filename or pdf}: {exc.strerror}")]) from None
    return Register(len(lines), pdf)
