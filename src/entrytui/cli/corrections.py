"""The correction commands: venues, sessions and candidates edited, listed, removed, entries
moved, candidates merged (PRODUCT §4, §9).

An edit command reads the record and writes it in one transaction, so it applies to the
values as they are when it runs: it passes no "what I saw" (that is for a form held open
in the terminal UI, which is told when someone changed the record meanwhile).  Each prints
what changed, before → after, or that there was nothing to change.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict

from entrytui.cli.output import print_json, print_table, safe
from entrytui.domain import CANDIDATE_FIELDS, SESSION_FIELDS, VENUE_FIELDS
from entrytui.services import candidate_edits, entries, merging, sessions, venues
from entrytui.services.changes import describe
from entrytui.services.common import Actor
from entrytui.store import Store

EXIT_OK = 0


def _given(args, names: dict[str, str], command: str) -> dict[str, str]:
    """The options given (attribute -> value); none at all is a usage error."""
    found = {attr: getattr(args, attr) for attr in names if getattr(args, attr) is not None}
    if not found:
        raise argparse.ArgumentTypeError(f"{command} needs at least one of {', '.join(names.values())}")
    return found


def _print_changes(subject: str, changes: dict, labels: dict[str, str]) -> None:
    print(safe(f"{subject}: {describe(changes, labels)}" if changes else f"{subject}: nothing to change"))


# ---- venues ---------------------------------------------------------------------------


def cmd_venue_list(store: Store, actor: Actor, args) -> int:
    found = venues.venue_overview(store)
    if args.json:
        print_json([{**asdict(v.venue), "sessions": v.sessions} for v in found])
        return EXIT_OK
    print_table(
        ["ID", "NAME", "ADDRESS", "CAPACITY", "SESSIONS"],
        [
            [v.venue.id, v.venue.name, v.venue.address or "-", v.venue.capacity or "-", ", ".join(v.sessions) or "-"]
            for v in found
        ],
    )
    return EXIT_OK


VENUE_OPTIONS = {"name": "--name", "address": "--address", "capacity": "--capacity"}


def cmd_venue_edit(store: Store, actor: Actor, args) -> int:
    edited = venues.edit_venue(store, args.venue, **_given(args, VENUE_OPTIONS, "venue edit"), actor=actor)
    _print_changes(edited.venue.id, edited.changes, VENUE_FIELDS)
    return EXIT_OK


def cmd_venue_remove(store: Store, actor: Actor, args) -> int:
    removed = venues.remove_venue(store, args.venue, actor)
    print(safe(f"{removed.id} ({removed.name}) removed"))
    return EXIT_OK


# ---- sessions -------------------------------------------------------------------------

SESSION_OPTIONS = {"name": "--name", "test": "--test", "venue": "--venue", "start": "--start", "end": "--end"}


def cmd_session_edit(store: Store, actor: Actor, args) -> int:
    edited = sessions.edit_session(store, args.session, **_given(args, SESSION_OPTIONS, "session edit"), actor=actor)
    for warning in edited.warnings:
        print(safe(f"warning: {warning}"), file=sys.stderr)
    _print_changes(edited.session.id, edited.changes, SESSION_FIELDS)
    return EXIT_OK


def cmd_session_remove(store: Store, actor: Actor, args) -> int:
    removed = sessions.remove_session(store, args.session, actor)
    print(safe(f"{removed.id} ({removed.name}) removed"))
    return EXIT_OK


# ---- entries --------------------------------------------------------------------------


def cmd_entry_move(store: Store, actor: Actor, args) -> int:
    moved = entries.move_entry(store, args.code, args.to, actor=actor)
    print(safe(f"{moved.entry.entry_code} moved from {moved.source.id} to {moved.target.id}; entry code kept"))
    return EXIT_OK


# ---- candidates -----------------------------------------------------------------------


def _details(candidate) -> dict:
    return {"id": candidate.id, **{f: getattr(candidate, f) for f in CANDIDATE_FIELDS}}


def cmd_candidate_list(store: Store, actor: Actor, args) -> int:
    found = candidate_edits.list_candidates(store, args.search or "")
    if args.json:
        print_json([{**_details(s.candidate), "active_entries": s.active, "entries": s.entries} for s in found])
        return EXIT_OK
    print_table(
        ["USERNAME", "NAME", "EMAIL", "ACTIVE", "ENTRIES"],
        [[s.candidate.username, s.candidate.full_name, s.candidate.email or "-", s.active, s.entries] for s in found],
    )
    return EXIT_OK


def cmd_candidate_show(store: Store, actor: Actor, args) -> int:
    view = candidate_edits.show_candidate(store, args.username)
    rows = [
        {
            "session_id": e.session.id,
            "session": e.session.name,
            "start": e.session.start,
            "entry_code": e.entry.entry_code,
            "status": e.entry.status,
        }
        for e in view.entries
    ]
    if args.json:
        print_json({**_details(view.candidate), "entries": rows})
        return EXIT_OK
    for name, label in CANDIDATE_FIELDS.items():
        print(safe(f"{label + ':':<15}{getattr(view.candidate, name) or '-'}"))
    print()
    print_table(
        ["SESSION", "NAME", "START", "ENTRY CODE", "STATUS"],
        [[r["session_id"], r["session"], r["start"], r["entry_code"], r["status"]] for r in rows],
    )
    return EXIT_OK


CANDIDATE_OPTIONS = {
    "new_username": "--username",
    "title": "--title",
    "first_name": "--first-name",
    "family_name": "--family-name",
    "email": "--email",
    "date_of_birth": "--dob",
    "gender": "--gender",
}


def cmd_candidate_edit(store: Store, actor: Actor, args) -> int:
    edited = candidate_edits.edit_candidate(
        store,
        args.username,
        **_given(args, CANDIDATE_OPTIONS, "candidate edit"),
        allow_case_variant=args.allow_case_variant,
        actor=actor,
    )
    _print_changes(edited.candidate.username, edited.changes, CANDIDATE_FIELDS)
    return EXIT_OK


def cmd_candidate_merge(store: Store, actor: Actor, args) -> int:
    merged = merging.merge_candidates(store, args.keep, args.other, actor=actor)
    moved = ", ".join(merged.moved) or "none"
    print(safe(f"'{merged.removed.username}' merged into '{merged.kept.username}'; entries moved: {moved}"))
    return EXIT_OK
