"""Candidates of the institution: who owns a username, look-alikes by case, the next free
username of a session, Search Existing, and the password check."""

from __future__ import annotations

import re

from tinydb import TinyDB

from entrytui.domain import Candidate, Session
from entrytui.passwords import sealed_matches, verify_password
from entrytui.rules import USERNAME_ALLOWED, collation_key, normalise_username
from entrytui.services.common import active_entries, get_session, get_venue, institution
from entrytui.store import Derived, Store, find, find_one, rows

# Usernames that differ only by case are easy to confuse on a printed slip: indexed folded.
FOLDED_USERNAME = Derived("folded_username", lambda doc: doc["username"].casefold())


def owner_of(db: TinyDB, username: str) -> Candidate | None:
    """The candidate holding exactly this username (logins are case-sensitive)."""
    doc = find_one(db, "candidates", "username", username)
    return Candidate.from_doc(doc) if doc else None


def case_variants(db: TinyDB, username: str) -> list[Candidate]:
    """Candidates whose username differs from ``username`` only by case."""
    return [
        Candidate.from_doc(doc)
        for doc in find(db, "candidates", FOLDED_USERNAME, username.casefold())
        if doc["username"] != username
    ]


def sessions_of(db: TinyDB, candidate_id: str) -> list[Session]:
    """The sessions a candidate has entries in, as the link question shows them."""
    ids = {e["session_id"] for e in find(db, "entries", "candidate_id", candidate_id)}
    return [Session.from_doc(d) for d in rows(db, "sessions") if d["id"] in ids]


def password_matches(store: Store, username: str, password: str) -> bool:
    """The password check a test-delivery system makes (``entrytui login check``), in
    constant time: a sealed password under the store's key, a version 1 store's hash as before."""
    with store.reading() as db:
        owner = owner_of(db, normalise_username(username))
    if owner is not None and owner.password_sealed:
        return sealed_matches(store.key(), owner.id, password, owner.password_sealed)
    return verify_password(password, owner.password_hash if owner else None)


def propose_username(store: Store, session_id: str) -> str:
    """The next free ``ClientName_TestDate_Cand001`` for a session (venue, start date, number)."""
    with store.reading() as db:
        session = get_session(db, session_id)
        venue = get_venue(db, session.venue_id)
        owner = institution(db)
        usernames = [d["username"] for d in rows(db, "candidates")]
    client_source = venue.name if venue else (owner.name if owner else "Centre")
    client = "".join(c for c in "".join(w[:1].upper() + w[1:] for w in client_source.split()) if c in USERNAME_ALLOWED)
    prefix = f"{client[:100] or 'Centre'}_{session.start[:10].replace('-', '')}_Cand"
    pattern = re.compile(re.escape(prefix.casefold()) + r"([0-9]+)$")
    numbers = [int(m.group(1)) for name in usernames if (m := pattern.match(name.casefold()))]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def search_candidates(
    store: Store, session_id: str, text: str, limit: int = 200
) -> tuple[list[tuple[Candidate, bool]], int]:
    """Candidates whose name, username or email holds every word of ``text`` (accents and case
    set aside); each with
    whether they are in the session already.  Returns (at most ``limit`` rows, how many matched)."""
    words = collation_key(text).split()
    found: list[tuple[Candidate, bool]] = []
    total = 0
    with store.reading() as db:
        busy = {e["candidate_id"] for e in active_entries(db, get_session(db, session_id).id)}
        for doc in rows(db, "candidates"):
            haystack = collation_key(f"{doc['first_name']} {doc['family_name']} {doc['username']} {doc['email']}")
            if all(w in haystack for w in words):
                total += 1
                if len(found) < limit:
                    found.append((Candidate.from_doc(doc), doc["id"] in busy))
    return found, total
