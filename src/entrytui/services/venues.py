"""Client venues: where sessions take place."""

from __future__ import annotations

from tinydb import where

from entrytui.domain import Action, Venue
from entrytui.errors import refuse, refuse_any
from entrytui.rules import check_venue_name
from entrytui.services.common import Actor, acting, allocate_id, record
from entrytui.store import Store, rows


def add_venue(store: Store, name: str, address: str = "", actor: Actor | None = None) -> Venue:
    clean, problems = check_venue_name(name)
    refuse_any(problems)
    with store.transaction() as db:
        venues = db.table("venues")
        # Query.test's function is typed as taking a Mapping (tinydb's types): it is given the field's value
        if venues.get(where("name").test(lambda n: n.casefold() == clean.casefold())):  # type: ignore[attr-defined]
            refuse("venue", f"a venue named '{clean}' exists already")
        venue = Venue(id=allocate_id(db, "V"), name=clean, address=address.strip())
        venues.insert(venue.to_doc())
        record(db, acting(actor), Action.VENUE_ADD, venue.id, clean)
    return venue


def list_venues(store: Store) -> list[Venue]:
    with store.reading() as db:
        return [Venue.from_doc(d) for d in rows(db, "venues")]


def venue_by_name(db, name: str) -> Venue:
    wanted = name.strip().casefold()
    doc = db.table("venues").get(where("name").test(lambda n: n.casefold() == wanted))  # type: ignore[attr-defined]
    if doc is None:
        refuse("venue", f"there is no venue named '{name.strip()}' (add it with 'entrytui venue add')")
    return Venue.from_doc(doc)
