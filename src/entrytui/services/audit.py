"""The audit trail: who did what and when. Events are written by each service's own
transaction (:func:`entrytui.services.common.record`); this module reads them."""

from __future__ import annotations

from entrytui.domain import AuditEvent
from entrytui.services.common import get_session
from entrytui.store import Store


def list_events(store: Store, session_id: str | None = None) -> list[AuditEvent]:
    """Every event, newest first; only one session's when ``session_id`` is given."""
    db = store.read()
    wanted = get_session(db, session_id).id if session_id else None
    events = [AuditEvent.from_doc(d) for d in db.table("audit").all()]
    if wanted:
        events = [e for e in events if e.session_id == wanted]
    return events[::-1]
