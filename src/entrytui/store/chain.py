"""The audit trail as a hash chain: each event's ``chain`` is the SHA-256 of the event before
it (its ``chain``) and of the event itself, so an event changed, removed or put in another
order outside entrytui no longer follows the one before.

A writer links each new event to the latest (:func:`head`, :func:`link`); every process
checks the events it replays from the journal as it catches up (:func:`check_replayed`), so
a journal line removed, reordered or rewritten around an audit event is refused like a
damaged one; ``entrytui check`` walks the whole chain (:func:`problems`).  The events in the
snapshot are covered by its content checksum (:mod:`entrytui.store.snapshot`).

Events of a store made before the chain carry no ``chain``: the first chained event links to
a stand-in for the last of them.  This detects edits made by hand or by other tools; it is
not a signature: someone who rewrites every checksum after theirs is not stopped by it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from entrytui.errors import StoreCorrupt
from entrytui.store.jsontext import canonical

CHAINED = "audit"  # the table whose documents form the chain
FIELD = "chain"
START = "0" * 64  # what the first event links to


class Tampered(StoreCorrupt):
    """The store's files were changed outside entrytui."""


def link(previous: str, doc: dict[str, Any]) -> str:
    body = {k: v for k, v in doc.items() if k != FIELD}
    return hashlib.sha256(previous.encode("ascii") + canonical(body)).hexdigest()


def _previous(docs: Mapping[str, dict], doc_id: int) -> str:
    """What the event ``doc_id`` links to: the chain of the one before it (a stand-in for an
    event made before the chain), START for the first."""
    before = docs.get(str(doc_id - 1))
    if before is None:
        return START
    return before.get(FIELD) or hashlib.sha256(f"unchained {doc_id - 1}".encode()).hexdigest()


def chained(docs: Mapping[str, dict], doc_id: int, doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` as event ``doc_id``, with its link to the event before."""
    return {**doc, FIELD: link(_previous(docs, doc_id), doc)}


def check_replayed(docs: Mapping[str, dict], doc_id: str, doc: dict | None, where: str) -> None:
    """Before a journal line's change to the chained table is applied: only a new event at the
    end, linked to the one before, is what entrytui writes."""
    if doc is None or doc_id in docs:
        what = "removes" if doc is None else "rewrites"
        raise Tampered(f"{where} {what} audit event {doc_id}{_outside}")
    number = int(doc_id)
    if docs and str(number - 1) not in docs:
        raise Tampered(f"{where} adds audit event {doc_id} after a gap (an event removed){_outside}")
    if FIELD not in doc and not (docs.get(str(number - 1)) or {}).get(FIELD):
        return  # written before the chain, by a version without it: the chain starts after
    if doc.get(FIELD) != link(_previous(docs, number), doc):
        raise Tampered(f"{where} holds audit event {doc_id}, which does not follow the one before it{_outside}")


_outside = (
    ": the store was changed outside entrytui, and was left untouched "
    "(restore it from a backup; 'entrytui check' names what differs)"
)


def problems(docs: dict[str, dict]) -> list[str]:
    """Every event that does not follow the one before it (``entrytui check``)."""
    found, seen_chained = [], False
    for number in sorted(map(int, docs)):
        doc = docs[str(number)]
        if not doc.get(FIELD):
            if seen_chained:
                found.append(f"audit event {number}: no chain after chained events (added outside entrytui)")
            continue
        seen_chained = True
        if str(number - 1) not in docs and number > 1:
            found.append(f"audit event {number}: the event before it ({number - 1}) is missing")
        elif doc[FIELD] != link(_previous(docs, number), doc):
            found.append(f"audit event {number}: chain does not follow the event before (changed or reordered)")
    return found
