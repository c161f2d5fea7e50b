"""What a correction changes, before → after, and the check that no other operator changed
the record since this one read it (no silent overwrite).

Every edit service takes an optional ``seen``: the record as the operator read it when the
form opened (the domain object the service handed out, or its document).  Inside the edit's
own transaction the record's correctable fields are compared with ``seen``; if any differs,
the edit is not applied and :class:`~entrytui.errors.ChangedMeanwhile` names each field,
what the operator saw, what it holds now, and who changed it when (the newest audit event
of that record that changed that field).  Without ``seen`` (the command line) the edit
applies to the record as it is, read and written in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tinydb import TinyDB

from entrytui.errors import Change, ChangedMeanwhile
from entrytui.store import find


def as_doc(record: Any) -> Mapping[str, Any]:
    """A domain object (anything with ``to_doc``) or a document, as a document."""
    return record.to_doc() if hasattr(record, "to_doc") else record


def diff(before: Mapping[str, Any], after: Mapping[str, Any], fields: Mapping[str, str]) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` for the ``fields`` whose values differ."""
    return {f: [before.get(f), after.get(f)] for f in fields if before.get(f) != after.get(f)}


def _shown(value: Any) -> str:
    return "(none)" if value in (None, "") else f"'{value}'"


def describe(changes: Mapping[str, list[Any]], labels: Mapping[str, str]) -> str:
    """``first name 'Jon' → 'John'; email (none) → 'jo@example.org'``: the audit summary."""
    return "; ".join(f"{labels.get(f, f)} {_shown(old)} → {_shown(new)}" for f, (old, new) in changes.items())


def refuse_if_changed(db: TinyDB, subject: str, name: str, seen: Any, current: Any, labels: Mapping[str, str]) -> None:
    """Raise :class:`ChangedMeanwhile` if ``current`` differs from ``seen`` in any of the
    ``labels``' fields.  ``subject``: the audit trail's subject of the record (its id or
    code); ``name``: how the message names it."""
    if seen is None:
        return
    was, now = as_doc(seen), as_doc(current)
    changed = diff(was, now, {f: label for f, label in labels.items() if f in was})
    if not changed:
        return
    events = list(reversed(find(db, "audit", "subject", subject)))  # newest first
    found = []
    for field, (old, new) in changed.items():
        by = next((e for e in events if field in e.get("changes", {})), None)
        found.append(Change(field, labels[field], old, new, by["who"] if by else "", by["at"] if by else ""))
    raise ChangedMeanwhile(name, found, current)
