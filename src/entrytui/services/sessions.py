"""Test sessions: created with a derived end, listed with their entry counts."""

from __future__ import annotations

from dataclasses import dataclass

from entrytui.domain import ACTIVE, Action, Session, SessionStatus, Venue, duration_of
from entrytui.errors import refuse_any
from entrytui.rules import DATETIME_FORMAT, check_session
from entrytui.services.common import Actor, acting, allocate_id, get_venue, record
from entrytui.services.venues import venue_by_name
from entrytui.store import Store, find, rows


@dataclass(frozen=True)
class SessionSummary:
    session: Session
    venue: Venue | None
    status: SessionStatus
    active: int
    withdrawn: int


def add_session(
    store: Store,
    *,
    name: str,
    test: str,
    start: str,
    end: str | None = None,
    venue: str | None = None,
    actor: Actor | None = None,
) -> Session:
    """Create a session; ``venue`` is a venue's name, ``end`` defaults to start + the test's duration."""
    found, problems = check_session(
        name=name, test=test, start=start, end=end, duration_minutes=duration_of((test or "").strip())
    )
    refuse_any(problems)
    assert found is not None  # check_session gives None only with problems
    actor = acting(actor)
    with store.transaction() as db:
        place = venue_by_name(db, venue) if venue and venue.strip() else None
        session = Session(
            id=allocate_id(db, "S"),
            name=found.name,
            test=found.test,
            venue_id=place.id if place else None,
            start=found.start.strftime(DATETIME_FORMAT),
            end=found.end.strftime(DATETIME_FORMAT),
            created_at=actor.stamp(),
            created_by=actor.who,
        )
        db.table("sessions").insert(session.to_doc())
        record(
            db, actor, Action.SESSION_ADD, session.id, f"{session.name}; {session.test}; {session.start}", session.id
        )
    return session


def list_sessions(store: Store, actor: Actor | None = None) -> list[SessionSummary]:
    """Every session, soonest first, with its active and withdrawn entry counts."""
    now = acting(actor).local_now()
    result = []
    with store.reading() as db:
        for doc in rows(db, "sessions"):
            session = Session.from_doc(doc)
            entries = find(db, "entries", "session_id", session.id)
            active = sum(1 for e in entries if e["status"] == ACTIVE)
            result.append(
                SessionSummary(
                    session, get_venue(db, session.venue_id), session.status(now), active, len(entries) - active
                )
            )
    result.sort(key=lambda s: (s.session.start, s.session.id))
    return result
