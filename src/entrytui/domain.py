"""The portal's things as plain dataclasses, and how they map to store documents."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Self

if TYPE_CHECKING:
    from dataclasses import Field

# Minutes a session of each known test lasts, used to derive its end from its start.
TEST_DURATIONS = {
    "Linguaskill": 120,
    "Linguaskill Business": 120,
    "Cambridge English Placement Test": 60,
    "Cambridge English Placement Test for Young Learners": 60,
}
DEFAULT_DURATION = 120
SESSION_RECOMMENDED_MAX = 10_000


class EntryStatus(StrEnum):
    ACTIVE = "active"
    WITHDRAWN = "withdrawn"


# The members as plain module constants, for loops over thousands of documents: reading
# ``EntryStatus.ACTIVE`` goes through the enum's class machinery (about 0.1 µs each time).
ACTIVE, WITHDRAWN = EntryStatus.ACTIVE, EntryStatus.WITHDRAWN


class SessionStatus(StrEnum):
    ACTIVE = "active"  # until its end
    COMPLETE = "complete"  # ended: takes no new entries


class Action(StrEnum):
    """What an audit event records."""

    INSTITUTION_SETUP = "institution.setup"
    VENUE_ADD = "venue.add"
    SESSION_ADD = "session.add"
    ENTRY_ADD = "entry.add"
    ENTRY_LINK = "entry.link"
    ENTRY_WITHDRAW = "entry.withdraw"
    ENTRY_RESTORE = "entry.restore"
    PASSWORD_RESET = "candidate.password_reset"
    UPLOAD_COMMIT = "upload.commit"
    LOGINS_PRODUCE = "logins.produce"
    LOGINS_SLIP = "logins.slip"
    VENUE_EDIT = "venue.edit"
    VENUE_REMOVE = "venue.remove"
    SESSION_EDIT = "session.edit"
    SESSION_REMOVE = "session.remove"
    ENTRY_MOVE = "entry.move"
    CANDIDATE_EDIT = "candidate.edit"
    CANDIDATE_MERGE = "candidate.merge"
    EXPORT_PASSWORDS = "export.passwords"  # an export with the passwords in it (names its entries)


# The fields a correction may change, each with the word an operator reads (in problems,
# the audit trail and the link question).  Never a password or its seal.
CANDIDATE_FIELDS = {
    "username": "username",
    "title": "title",
    "first_name": "first name",
    "family_name": "family name",
    "email": "email",
    "date_of_birth": "date of birth",
    "gender": "gender",
}
SESSION_FIELDS = {"name": "session name", "test": "test", "venue_id": "venue", "start": "start", "end": "end"}
VENUE_FIELDS = {"name": "venue", "address": "address", "capacity": "capacity"}


def duration_of(test: str) -> int:
    for name, minutes in TEST_DURATIONS.items():
        if name.casefold() == test.casefold():
            return minutes
    return DEFAULT_DURATION


class _Doc:
    """Round-trip to a TinyDB document (a plain dict), ignoring unknown keys."""

    if TYPE_CHECKING:  # every subclass is a dataclass: what fields() and asdict() ask of their argument
        __dataclass_fields__: ClassVar[dict[str, Field[Any]]]
    _names: ClassVar[frozenset[str]]  # the class's field names, set on first use by from_doc

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Self:
        names = cls.__dict__.get("_names")
        if names is None:  # once per class: fields() costs more than the rest at 10,000 rows
            names = frozenset(f.name for f in fields(cls))
            cls._names = names
        made = object.__new__(cls)  # every field present: what the frozen __init__ would do, 4x faster
        if len(doc) == len(names) and doc.keys() <= names:  # exactly the fields (nearly every document)
            made.__dict__.update(doc)
            return made
        values = {k: v for k, v in doc.items() if k in names}
        if len(values) < len(names):
            return cls(**values)  # defaults fill the gaps (or a missing field raises)
        made.__dict__.update(values)
        return made

    _COPIED: tuple[str, ...] = ()  # the fields holding a list or a dict: copied, not shared

    def to_doc(self) -> dict[str, Any]:
        """The document (a StrEnum value is a str: stored as its text).  Not ``asdict``: its deep
        copy cost 22 µs a record, 40% of a 25,000-row upload."""
        doc = self.__dict__.copy()
        for name in self._COPIED:
            doc[name] = copy.deepcopy(doc[name])
        return doc


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

    def status(self, now: datetime) -> SessionStatus:
        """Complete once the session has ended (``now``: the centre's wall clock), active until then."""
        ended = datetime.strptime(self.end, "%Y-%m-%d %H:%M") <= now
        return SessionStatus.COMPLETE if ended else SessionStatus.ACTIVE


@dataclass(frozen=True)
class Candidate(_Doc):
    id: str
    username: str
    first_name: str
    family_name: str
    email: str = ""
    date_of_birth: str = ""
    gender: str = ""
    password_hash: str = ""  # version 1 stores: a salted scrypt hash (checks, cannot be shown)
    password_sealed: str = ""  # the password, sealed (entrytui.passwords.seal)
    title: str = ""  # Mr, Mrs, Ms, Miss, Dr, Mx (rules.TITLES) or none

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.family_name}"


@dataclass(frozen=True)
class Entry(_Doc):
    id: str
    session_id: str
    candidate_id: str
    entry_code: str
    status: str = EntryStatus.ACTIVE  # an EntryStatus (a plain str when read back from the store)
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
    # A correction's fields as they were and became: {field: [before, after]} (never a password)
    changes: dict[str, list[Any]] = field(default_factory=dict)
    entries: list[str] = field(default_factory=list)  # a printout's entry codes (printing reveals passwords)

    _COPIED = ("changes", "entries")
