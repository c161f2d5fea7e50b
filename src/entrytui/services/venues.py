"""Client venues: where sessions take place."""

from __future__ import annotations

from tinydb import where

from entrytui.domain import Venue
from entrytui.errors import InputRefused
from entrytui.rules import Problem, check_venue_name
from entrytui.services.common import allocate_id, os_user, record
from entrytui.store import Store, rows


def add_venue(store: Store, name: str, address: str = "", who: str | None = None) -> Venue:
    clean, problems = check_venue_name(name)
    if problems:
        raise InputRefused(problems)
    with store.transaction() as db:
        venues = db.table("venues")
        if venues.get(where("name").test(lambda n: n.casefold() == clean.casefold())):
            raise InputRefused([Problem("venue", f"a venue named '{clean}' exists already")])
        venue = Venue(id=allocate_id(db, "V"), name=clean, address=address.strip())
        venues.insert(venue.to_doc())
        record(db, who or os_user(), "venue.add", venue.id, clean)
    return venue


def list_venues(store: Store) -> list[Venue]:
    with store.reading() as db:
        return [Venue.from_doc(d) for d in rows(db, "venues")]


def venue_by_name(db, name: str) -> Venue:
    wanted = name.strip().casefold()
    doc = db.table("venues").get(where("name").test(lambda n: n.casefold() == wanted))
    if doc is None:
        raise InputRefused([Problem("venue", f"there is no venue named '{name.strip()}' (add it with 'entrytui venue add')")])
    return Venue.from_doc(doc)
