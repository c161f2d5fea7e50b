"""Merge two candidates: one person entered under two usernames.  The kept candidate receives
the other's entries, their entry codes unchanged; the other candidate and its username go."""

from __future__ import annotations

from dataclasses import dataclass

from entrytui.domain import CANDIDATE_FIELDS, Action, Candidate, EntryStatus
from entrytui.errors import refuse, refuse_any
from entrytui.rules import Problem
from entrytui.services.candidate_edits import candidate_by_username
from entrytui.services.changes import refuse_if_changed
from entrytui.services.common import Actor, acting, get_session, record
from entrytui.store import Store, find, remove_where, update_where


@dataclass(frozen=True)
class Merged:
    kept: Candidate
    removed: Candidate
    moved: list[str]  # the entry codes that went from the removed candidate to the kept one


def merge_candidates(
    store: Store,
    keep: str,
    other: str,
    *,
    seen_keep: Candidate | None = None,
    seen_other: Candidate | None = None,
    actor: Actor | None = None,
) -> Merged:
    """Give ``other``'s entries to ``keep`` (usernames) and remove ``other``, in one
    transaction and one audit event.  Refused where both hold an active entry in the same
    session (each named).  The kept candidate's details and password stay as they are."""
    actor = acting(actor)
    with store.transaction() as db:
        kept, gone = candidate_by_username(db, keep), candidate_by_username(db, other)
        if kept.id == gone.id:
            refuse("username", f"'{kept.username}' is the same candidate twice; name two candidates to merge")
        refuse_if_changed(db, kept.id, kept.username, seen_keep, kept, CANDIDATE_FIELDS)
        refuse_if_changed(db, gone.id, gone.username, seen_other, gone, CANDIDATE_FIELDS)
        kept_entries = find(db, "entries", "candidate_id", kept.id)
        active = {e["session_id"]: e["entry_code"] for e in kept_entries if e["status"] == EntryStatus.ACTIVE}
        moving = list(find(db, "entries", "candidate_id", gone.id))
        problems = []
        for e in moving:
            if e["status"] == EntryStatus.ACTIVE and e["session_id"] in active:
                session = get_session(db, e["session_id"])
                problems.append(
                    Problem(
                        "candidate",
                        f"both hold an active entry in {session.name} ({session.id}): '{kept.username}' "
                        f"{active[e['session_id']]} and '{gone.username}' {e['entry_code']}; withdraw one first",
                    )
                )
        refuse_any(problems)
        codes = [e["entry_code"] for e in moving]
        before = [e["entry_code"] for e in kept_entries]
        update_where(db, "entries", "candidate_id", gone.id, {"candidate_id": kept.id})
        remove_where(db, "candidates", "id", gone.id)
        details = {f: getattr(gone, f) for f in CANDIDATE_FIELDS}
        record(
            db,
            actor,
            Action.CANDIDATE_MERGE,
            kept.id,
            f"'{gone.username}' ({gone.full_name}) merged into '{kept.username}' ({kept.full_name}); "
            f"entries moved: {', '.join(codes) or 'none'}",
            changes={"merged": [{"id": gone.id, **details}, None], "entries": [before, before + codes]},
        )
    return Merged(kept, gone, codes)
