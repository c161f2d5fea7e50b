"""Candidates of the institution: who owns a username, look-alikes by case, login check."""

from __future__ import annotations

from tinydb import TinyDB

from entrytui.domain import Candidate, Session
from entrytui.passwords import verify_password
from entrytui.rules import normalise_username
from entrytui.store import Store, find, find_one, rows


def owner_of(db: TinyDB, username: str) -> Candidate | None:
    """The candidate holding exactly this username (logins are case-sensitive)."""
    doc = find_one(db, "candidates", "username", username)
    return Candidate.from_doc(doc) if doc else None


def case_variants(db: TinyDB, username: str) -> list[Candidate]:
    """Candidates whose username differs from ``username`` only by case."""
    return [
        Candidate.from_doc(doc)
        for doc in find(db, "candidates", "folded_username", username.casefold())
        if doc["username"] != username
    ]


def sessions_of(db: TinyDB, candidate_id: str) -> list[Session]:
    """The sessions a candidate has entries in, as the link question shows them."""
    ids = {e["session_id"] for e in find(db, "entries", "candidate_id", candidate_id)}
    return [Session.from_doc(d) for d in rows(db, "sessions") if d["id"] in ids]


def check_login(store: Store, username: str, password: str) -> bool:
    """What a test-delivery system asks: do this username and password match?"""
    with store.reading() as db:
        owner = owner_of(db, normalise_username(username))
    return verify_password(password, owner.password_hash if owner else None)
