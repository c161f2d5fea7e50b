"""The audit trail: who did what and when. Events are written by each service's own
transaction (:func:`entrytui.services.common.record`); this module reads them."""

from __future__ import annotations

from entrytui.domain import AuditEvent
from entrytui.services.common import get_session
from entrytui.store import Derived, Store, find_any, rows

# An entry moved out of a session is recorded under the session it went to; this finds it
# from the one it left, so that each session's trail tells where its entries went.
MOVED_FROM = Derived("moved_from", lambda doc: (doc.get("changes") or {}).get("session_id", [None])[0])


def list_events(store: Store, session_id: str | None = None) -> list[AuditEvent]:
    """Every event, newest first; only one session's when ``session_id`` is given (entries
    moved out of it included)."""
    with store.reading() as db:
        if session_id:
            wanted = get_session(db, session_id).id
            docs = find_any(db, "audit", [("session_id", wanted), (MOVED_FROM, wanted)])
        else:
            docs = list(rows(db, "audit"))
    return [AuditEvent.from_doc(d) for d in reversed(docs)]
