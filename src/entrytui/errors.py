"""What the core refuses or cannot do, as exceptions the UI and the CLI turn into messages.

``InputRefused`` and its subclasses are the operator's to fix (CLI exit 1);
``StoreError`` and its subclasses mean the store cannot be used (CLI exit 3).
"""

from __future__ import annotations

from typing import Any, NamedTuple, NoReturn

from entrytui.rules import Problem


class EntryTuiError(Exception):
    """Base of every error the core raises on purpose."""


class InputRefused(EntryTuiError):
    """Input that breaks a rule; ``problems`` holds one line per problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


def refuse(field: str, message: str) -> NoReturn:
    """The one way a service refuses: one problem, naming the field."""
    raise InputRefused([Problem(field, message)])


def refuse_any(problems: list[Problem]) -> None:
    """Refuse when the rules found any problem (each names its field)."""
    if problems:
        raise InputRefused(problems)


class NotFound(InputRefused):
    def __init__(self, field: str, message: str):
        super().__init__([Problem(field, message)])


class Difference(NamedTuple):
    """A detail typed for a username's owner that differs from what is stored for them."""

    field: str  # the Candidate field, e.g. "first_name"
    label: str  # as an operator reads it, e.g. "first name"
    typed: str
    stored: str

    def __str__(self) -> str:
        return f"{self.label}: typed '{self.typed}', theirs is '{self.stored or '(none)'}'"


class UsernameOwned(InputRefused):
    """The username belongs to a candidate already: link to them (and perhaps update their
    details), or change it.  ``differences``: the typed details that are not theirs; ``held``:
    the other sessions they hold an active entry in, whose printed slips a link with a password
    makes stale."""

    def __init__(
        self, owner, sessions: list[str], differences: list[Difference] | None = None, held: list[str] | None = None
    ):
        self.owner = owner
        self.sessions = sessions
        self.differences = list(differences or [])
        self.held = list(held or [])
        taken = ", ".join(sessions) if sessions else "no sessions yet"
        differ = "; ".join(str(d) for d in self.differences)
        super().__init__(
            [
                Problem(
                    "username",
                    f"'{owner.username}' already belongs to {owner.full_name} (sessions: {taken}); "
                    "link the entry to this candidate or choose another username",
                )
            ]
            + ([Problem("username", f"the details typed differ from theirs: {differ}")] if differ else [])
        )


class Change(NamedTuple):
    """A field another operator changed after this one read the record."""

    field: str  # the record's field, e.g. "first_name"
    label: str  # e.g. "first name"
    seen: Any  # what this operator read
    now: Any  # what the record holds
    who: str  # who changed it (from the audit trail; "" when it does not say)
    at: str  # when (UTC, as the audit trail writes it)

    def __str__(self) -> str:
        by = f" by {self.who} at {self.at}" if self.who else ""
        return f"changed{by} from '{_text(self.seen)}' to '{_text(self.now)}' since you read it"


def _text(value: Any) -> str:
    return "(none)" if value in (None, "") else str(value)


class ChangedMeanwhile(InputRefused):
    """No silent overwrite: the record changed since the operator read it (``seen``), so the
    edit was not applied.  ``changes`` says who changed which field; ``current`` is the record
    now (pass it as the new ``seen`` to apply the edit on top of theirs)."""

    def __init__(self, subject: str, changes: list[Change], current: Any):
        self.subject, self.changes, self.current = subject, list(changes), current
        super().__init__(
            [Problem(c.label, f"{subject}: {c}; nothing was saved") for c in self.changes]
            or [Problem("record", f"{subject} changed since you read it; nothing was saved")]
        )


class NoPasswordToShow(InputRefused):
    """Slips show the current passwords, and these candidates have none that can be shown
    (set before passwords were sealed): they need new ones.  ``names``: 'Ana Silva (Cand1)'."""

    def __init__(self, names: list[str]):
        self.names = list(names)
        shown = ", ".join(self.names[:10]) + (f" and {len(self.names) - 10} more" if len(self.names) > 10 else "")
        super().__init__(
            [
                Problem(
                    "passwords",
                    f"{len(self.names)} of the chosen candidates have no password a slip can show (set before "
                    f"passwords were sealed): {shown}; set new passwords for them (--reset-passwords), or leave "
                    "their entries out",
                )
            ]
        )


class CaseVariantExists(InputRefused):
    """A username differing only by case exists: easy to confuse on a printed slip."""

    def __init__(self, username: str, variants: list):
        self.username = username
        self.variants = variants
        names = ", ".join(f"'{c.username}' ({c.full_name})" for c in variants)
        super().__init__(
            [Problem("username", f"'{username}' differs only by case from {names}: easy to confuse on a printed slip")]
        )


class StoreError(EntryTuiError):
    """The store cannot be used; the message names the file and what to do."""


class StoreCorrupt(StoreError):
    pass


class StoreMissing(StoreError):
    pass


class StoreLocked(StoreError):
    pass


class StorePermission(StoreError):
    pass


class StoreReadOnly(StorePermission):
    """The operator may read the store but not write it: every change is refused."""


class KeyMissing(StoreError):
    """The key that seals passwords is not there: everything but passwords works."""


class PasswordUnreadable(StoreError):
    """A sealed password does not open under this key (another key, or a changed value)."""
