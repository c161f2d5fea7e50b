"""Institution set-up: the first thing a new store holds."""

from __future__ import annotations

from entrytui.domain import Action, Institution
from entrytui.errors import refuse, refuse_any
from entrytui.rules import check_institution_id, check_institution_name
from entrytui.services.common import Actor, acting, audit_event, institution
from entrytui.store import Store, chained


def init_store(store: Store, institution_id: str, name: str, actor: Actor | None = None) -> Institution:
    """Create the store for one institution; refuses to touch an existing file."""
    clean_id, problems = check_institution_id(institution_id)
    clean_name, more = check_institution_name(name)
    refuse_any(problems + more)
    if store.exists():
        with store.reading() as db:  # a corrupt store raises here, untouched
            existing = institution(db)
        held = f", for {existing.institution_id} ({existing.name})" if existing else ""
        refuse("institution id", f"this store is set up already{held}")
    found = Institution(institution_id=clean_id, name=clean_name)
    event = audit_event(acting(actor), Action.INSTITUTION_SETUP, clean_id, clean_name)
    store.create({"institution": [found.to_doc()], "audit": [chained({}, 1, event.to_doc())]})
    store.key(create=True)  # the password key beside it, or the one ENTRYTUI_KEY names
    return found


def may_change(store: Store) -> bool:
    """False for an operator who may read the store but not write it (a read-only session)."""
    return store.writable()


def get_institution(store: Store) -> Institution | None:
    with store.reading() as db:
        return institution(db)
