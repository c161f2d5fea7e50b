"""The portal's things as plain dataclasses, and how they map to store documents."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import datetime

# Minutes a session of each known test lasts, used to derive its end from its start.
TEST_DURATIONS = {
    "Linguaskill": 120,
    "Linguaskill Business": 120,
    "Cambridge English Placement Test": 60,
    "Cambridge English Placement Test for Young Learners": 60,
}
DEFAULT_DURATION = 120
SESSION_RECOMMENDED_MAX = 10_000


def duration_of(test: str) -> int:
    for name, minutes in TEST_DURATIONS.items():
        if name.casefold() == test.casefold():
            return minutes
    return DEFAULT_DURATION


class _Doc:
    """Round-trip to a TinyDB document (a plain dict), ignoring unknown keys."""

    @classmethod
    def from_doc(cls, doc):
        names = cls.__dict__.get("_names")
        if names is None:  # once per class: fields() costs more than the rest at 10,000 rows
            names = frozenset(f.name for f in fields(cls))
            setattr(cls, "_names", names)
        values = {k: v for k, v in doc.items() if k in names}
        if len(values) < len(names):
            return cls(**values)  # defaults fill the gaps (or a missing field raises)
        made = object.__new__(cls)  # every field present: what the frozen __init__ would do, 4x faster
        made.__dict__.update(values)
        return made

    def to_doc(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Institution(_Doc):
    institution_id: str
    name: str


@dataclass(frozen=True)
class Venue(_Doc):
    id: str
    name: str
    address: str = ""
    capacity: int | None = None


@dataclass(frozen=True)
class Session(_Doc):
    id: str
    name: str
    test: str
    venue_id: str | None
    start: str  # "YYYY-MM-DD HH:MM", local time of the centre
    end: str
    created_at: str = ""
    created_by: str = ""

    def status(self, now: datetime) -> str:
        """``complete`` once the session has ended, ``active`` until then."""
        return "complete" if datetime.strptime(self.end, "%Y-%m-%d %H:%M") <= now else "active"


@dataclass(frozen=True)
class Candidate(_Doc):
    id: str
    username: str
    first_name: str
    family_name: str
    email: str = ""
    date_of_birth: str = ""
    gender: str = ""
    password_hash: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.family_name}"


@dataclass(frozen=True)
class Entry(_Doc):
    id: str
    session_id: str
    candidate_id: str
    entry_code: str
    status: str = "active"  # or "withdrawn"
    created_at: str = ""
    created_by: str = ""
    withdrawn_at: str = ""
    withdrawn_by: str = ""
    withdrawn_reason: str = ""


@dataclass(frozen=True)
class AuditEvent(_Doc):
    at: str
    who: str
    action: str
    subject: str
    summary: str = ""
    session_id: str = ""
