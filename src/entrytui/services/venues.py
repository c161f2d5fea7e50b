"""Client venues: where sessions take place.  Added, listed, edited, and removed while no
session uses them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from tinydb import TinyDB, where

from entrytui.domain import VENUE_FIELDS, Action, Venue
from entrytui.errors import NotFound, refuse, refuse_any
from entrytui.rules import Problem, check_address, check_capacity, check_venue_name
from entrytui.services.changes import describe, diff, refuse_if_changed
from entrytui.services.common import Actor, acting, allocate_id, record
from entrytui.store import Store, find_one, remove_where, rows, update_where


@dataclass(frozen=True)
class VenueSummary:
    venue: Venue
    sessions: list[str]  # the ids of the sessions held there
    named: list[str] = field(default_factory=list)  # the same, as 'December Linguaskill (S1)'


@dataclass(frozen=True)
class EditedVenue:
    venue: Venue  # as it is now
    changes: dict[str, list] = field(default_factory=dict)  # {field: [before, after]}; empty: nothing to change


def add_venue(
    store: Store, name: str, address: str = "", actor: Actor | None = None, capacity: str | int | None = None
) -> Venue:
    clean, problems = check_venue_name(name)
    place, more = check_address(address)
    seats, most = check_capacity(capacity)
    refuse_any(problems + more + most)
    with store.transaction() as db:
        _refuse_name_taken(db, clean)
        venue = Venue(id=allocate_id(db, "V"), name=clean, address=place, capacity=seats)
        db.table("venues").insert(venue.to_doc())
        record(db, acting(actor), Action.VENUE_ADD, venue.id, clean)
    return venue


def _refuse_name_taken(db: TinyDB, name: str, but: str = "") -> None:
    for doc in rows(db, "venues"):
        if doc["name"].casefold() == name.casefold() and doc["id"] != but:
            refuse("venue", f"a venue named '{doc['name']}' exists already ({doc['id']})")


def list_venues(store: Store) -> list[Venue]:
    with store.reading() as db:
        return [Venue.from_doc(d) for d in rows(db, "venues")]


def venue_overview(store: Store) -> list[VenueSummary]:
    """Every venue with the sessions held there, in the order they were added."""
    with store.reading() as db:
        held: dict[str, list[dict]] = {}
        for s in rows(db, "sessions"):
            if s.get("venue_id"):
                held.setdefault(s["venue_id"], []).append(s)
        return [
            VenueSummary(
                Venue.from_doc(d),
                [s["id"] for s in held.get(d["id"], [])],
                [f"{s['name']} ({s['id']})" for s in held.get(d["id"], [])],
            )
            for d in rows(db, "venues")
        ]


def venue_by_name(db, name: str) -> Venue:
    wanted = name.strip().casefold()
    doc = db.table("venues").get(where("name").test(lambda n: n.casefold() == wanted))  # type: ignore[attr-defined]
    if doc is None:
        refuse("venue", f"there is no venue named '{name.strip()}' (add it with 'entrytui venue add')")
    return Venue.from_doc(doc)


def venue_by_id(db: TinyDB, venue_id: str) -> Venue:
    doc = find_one(db, "venues", "id", venue_id.strip().upper())
    if doc is None:
        raise NotFound("venue", f"there is no venue '{venue_id.strip()}' (see 'entrytui venue list')")
    return Venue.from_doc(doc)


def edit_venue(
    store: Store,
    venue_id: str,
    *,
    name: str | None = None,
    address: str | None = None,
    capacity: str | int | None = None,
    seen: Venue | None = None,
    actor: Actor | None = None,
) -> EditedVenue:
    """Correct a venue: ``None`` keeps a field, ``""`` clears the address or the capacity.
    ``seen``: the venue as the operator read it (no silent overwrite)."""
    actor = acting(actor)
    problems: list[Problem] = []
    wanted: dict = {}
    if name is not None:
        wanted["name"], problems = check_venue_name(name)
    if address is not None:
        wanted["address"], more = check_address(address)
        problems += more
    if capacity is not None:
        wanted["capacity"], more = check_capacity(capacity)
        problems += more
    refuse_any(problems)
    with store.transaction() as db:
        current = venue_by_id(db, venue_id)
        refuse_if_changed(db, current.id, f"venue {current.id}", seen, current, VENUE_FIELDS)
        if "name" in wanted:
            _refuse_name_taken(db, wanted["name"], but=current.id)
        changes = diff(current.to_doc(), {**current.to_doc(), **wanted}, VENUE_FIELDS)
        if not changes:
            return EditedVenue(current)
        update_where(db, "venues", "id", current.id, {f: new for f, (_, new) in changes.items()})
        record(
            db, actor, Action.VENUE_EDIT, current.id, f"{current.name}: {describe(changes, VENUE_FIELDS)}", "", changes
        )
    return EditedVenue(replace(current, **{f: new for f, (_, new) in changes.items()}), changes)


def remove_venue(store: Store, venue_id: str, actor: Actor | None = None) -> Venue:
    """Remove a venue that no session uses."""
    actor = acting(actor)
    with store.transaction() as db:
        venue = venue_by_id(db, venue_id)
        using = [f"{s['name']} ({s['id']})" for s in rows(db, "sessions") if s.get("venue_id") == venue.id]
        if using:
            refuse("venue", f"{venue.name} ({venue.id}) is the venue of {', '.join(using)}; it cannot be removed")
        remove_where(db, "venues", "id", venue.id)
        changes = {f: [getattr(venue, f), None] for f in VENUE_FIELDS}
        record(db, actor, Action.VENUE_REMOVE, venue.id, venue.name, "", changes)
    return venue
