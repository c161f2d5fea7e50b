"""What the core refuses or cannot do, as exceptions the UI and the CLI turn into messages.

``InputRefused`` and its subclasses are the operator's to fix (CLI exit 1);
``StoreError`` and its subclasses mean the store cannot be used (CLI exit 3).
"""

from __future__ import annotations

from typing import NoReturn

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


class UsernameOwned(InputRefused):
    """The username belongs to a candidate already: link to them or change it."""

    def __init__(self, owner, sessions: list[str]):
        self.owner = owner
        self.sessions = sessions
        taken = ", ".join(sessions) if sessions else "no sessions yet"
        super().__init__(
            [
                Problem(
                    "username",
                    f"'{owner.username}' already belongs to {owner.full_name} (sessions: {taken}); "
                    "link the entry to this candidate or choose another username",
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
