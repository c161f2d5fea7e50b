"""The one path by which a candidate enters a session: single entry, link, upload and
Search Existing all make their entries (and the audit events that record them) here."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from tinydb import TinyDB

from entrytui.codes import new_entry_code
from entrytui.domain import Action, AuditEvent, Candidate, Entry, EntryStatus, Session, SessionStatus
from entrytui.errors import refuse
from entrytui.services.common import Actor, allocate_ids, audit_event
from entrytui.store import find, holds, insert_chained

REPORT_EVERY = 2_500  # entries between two progress reports of a big entering (an upload)


class CodesInUse:
    """Every entry code ever issued (indexed), plus those chosen in this transaction."""

    def __init__(self, db: TinyDB):
        self.db, self.new = db, set[str]()

    def __contains__(self, code: object) -> bool:
        return code in self.new or holds(self.db, "entries", "entry_code", code)

    def add(self, code: str) -> None:
        self.new.add(code)


class NewEntry(NamedTuple):
    """One candidate to enter: who, and how the audit trail describes it."""

    candidate_id: str
    label: str  # e.g. the username, or "username (Full Name)"
    linked: bool  # an existing candidate (entry.link) rather than a new one (entry.add)
    note: str = ""  # where it came from, e.g. "upload, row 4"


def enter_candidates(
    db: TinyDB,
    session: Session,
    wanted: list[NewEntry],
    actor: Actor,
    progress: Callable[[int, int], None] | None = None,
) -> list[Entry]:
    """Make one entry per candidate, each with a new entry code, and one audit event each,
    inside the caller's transaction.  ``progress(done, total)``, when given, is told every
    ``REPORT_EVERY`` entries how far it got: making them, writing them, writing their events
    (``total`` is three steps per entry)."""
    taken = CodesInUse(db)
    made, events, now = [], [], actor.stamp()
    steps = 3 * len(wanted)
    for entry_id, new in zip(allocate_ids(db, "E", len(wanted)), wanted):
        code = new_entry_code(taken)
        taken.add(code)
        made.append(
            Entry(
                id=entry_id,
                session_id=session.id,
                candidate_id=new.candidate_id,
                entry_code=code,
                created_at=now,
                created_by=actor.who,
            )
        )
        note = f" ({new.note})" if new.note else ""
        action = Action.ENTRY_LINK if new.linked else Action.ENTRY_ADD
        events.append(audit_event(actor, action, code, f"{new.label} into {session.id}{note}", session.id))
        if progress and len(made) % REPORT_EVERY == 0:
            progress(len(made), steps)
    written: list[tuple[str, Sequence[Entry | AuditEvent]]] = [("entries", made), ("audit", events)]
    for step, (table, docs) in enumerate(written, start=1):
        for start in range(0, len(docs), REPORT_EVERY):  # in order: the same documents, ids and journal line
            chunk = (doc.to_doc() for doc in docs[start : start + REPORT_EVERY])
            if table == "audit":
                insert_chained(db, chunk)
            else:
                db.table(table).insert_multiple(chunk)
            if progress:
                progress(step * len(wanted) + min(start + REPORT_EVERY, len(docs)), steps)
    return made


def refuse_complete(session: Session, actor: Actor) -> None:
    """A session that has ended takes no new entries."""
    if session.status(actor.local_now()) == SessionStatus.COMPLETE:
        refuse("session", f"{session.name} ({session.id}) ended at {session.end}; it takes no new entries")


def refuse_second_active(db: TinyDB, candidate: Candidate, session: Session) -> None:
    """A candidate holds at most one active entry in a session."""
    current = next(
        (
            e
            for e in find(db, "entries", "candidate_id", candidate.id)
            if e["session_id"] == session.id and e["status"] == EntryStatus.ACTIVE
        ),
        None,
    )
    if current:
        refuse(
            "username",
            f"{candidate.full_name} ('{candidate.username}') already has an active entry in "
            f"{session.name} ({session.id}), entry code {current['entry_code']}",
        )
