"""Institution set-up: the first thing a new store holds."""

from __future__ import annotations

from entrytui.domain import Institution
from entrytui.errors import InputRefused
from entrytui.rules import Problem, check_institution_id, check_institution_name
from entrytui.services.common import audit_event, institution, os_user
from entrytui.store import Store


def init_store(store: Store, institution_id: str, name: str, who: str | None = None) -> Institution:
    """Create the store for one institution; refuses to touch an existing file."""
    clean_id, problems = check_institution_id(institution_id)
    clean_name, more = check_institution_name(name)
    if problems + more:
        raise InputRefused(problems + more)
    if store.exists():
        with store.reading() as db:  # a corrupt store raises here, untouched
            existing = institution(db)
        raise InputRefused(
            [Problem("institution id", f"this store is set up already, for {existing.institution_id} ({existing.name})")]
        )
    found = Institution(institution_id=clean_id, name=clean_name)
    event = audit_event(who or os_user(), "institution.setup", clean_id, clean_name)
    store.create({"institution": [found.to_doc()], "audit": [event.to_doc()]})
    return found


def get_institution(store: Store) -> Institution | None:
    with store.reading() as db:
        return institution(db)
