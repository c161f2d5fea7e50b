"""The audit trail: who did what and when. Events are written by each service's own
transaction (:func:`entrytui.services.common.record`); this module reads them."""

from __future__ import annotations

from entrytui.domain import AuditEvent
from entrytui.services.common import get_session
from entrytui.store import Store, find, rows


def list_events(store: Store, session_id: str | None = None) -> list[AuditEvent]:
    """Every event, newest first; only one session's when ``session_id`` is given."""
    with store.reading() as db:
        if session_id:
            docs = find(db, "audit", "session_id", get_session(db, session_id).id)
        else:
            docs = list(rows(db, "audit"))
    return [AuditEvent.from_doc(d) for d in reversed(docs)]
