"""What each command does: the same services and rules as the terminal UI.

Each handler takes the store, the acting operator and the parsed arguments, prints what the
operator asked for and returns the exit status (0 done, 1 input refused); the refusals and
store errors it raises are turned into messages and exit statuses by :func:`entrytui.cli.main`.
Passwords are read from standard input only.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from dataclasses import asdict
from pathlib import Path

from entrytui.cli.output import print_json, print_table, safe
from entrytui.documents.slips import PER_SHEET
from entrytui.errors import refuse
from entrytui.rules import plural
from entrytui.services import audit, candidates, entries, export, login_information, sessions, setup, uploads, venues
from entrytui.services.common import Actor
from entrytui.services.uploads import RowStatus
from entrytui.store import Store

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_STORE = 0, 1, 2, 3


def _read_password() -> str:
    """One line from standard input (without echo when it is a terminal)."""
    if sys.stdin is None:
        return ""
    if sys.stdin.isatty():
        return getpass.getpass("Password: ")
    return sys.stdin.readline().rstrip("\r\n")


def cmd_init(store: Store, actor: Actor, args) -> int:
    found = setup.init_store(store, args.institution_id, args.institution_name, actor)
    print(f"created {store.path} for {safe(found.institution_id)} ({safe(found.name)})")
    return EXIT_OK


def cmd_venue_add(store: Store, actor: Actor, args) -> int:
    print(venues.add_venue(store, args.name, args.address or "", actor, capacity=args.capacity).id)
    return EXIT_OK


def cmd_session_add(store: Store, actor: Actor, args) -> int:
    print(
        sessions.add_session(
            store, name=args.name, test=args.test, start=args.start, end=args.end, venue=args.venue, actor=actor
        ).id
    )
    return EXIT_OK


def cmd_session_list(store: Store, actor: Actor, args) -> int:
    found = sessions.list_sessions(store, actor)
    if args.json:
        print_json(
            [
                {
                    **asdict(s.session),
                    "venue": s.venue.name if s.venue else None,
                    "status": s.status,
                    "active_entries": s.active,
                    "withdrawn_entries": s.withdrawn,
                }
                for s in found
            ]
        )
        return EXIT_OK
    rows = [
        [
            s.session.id,
            s.session.name,
            s.session.test,
            s.venue.name if s.venue else "-",
            s.session.start,
            s.status,
            s.active,
        ]
        for s in found
    ]
    print_table(["ID", "NAME", "TEST", "VENUE", "START", "STATUS", "ACTIVE"], rows)
    return EXIT_OK


def cmd_session_next_username(store: Store, actor: Actor, args) -> int:
    print(candidates.propose_username(store, args.session))
    return EXIT_OK


def cmd_entry_add(store: Store, actor: Actor, args) -> int:
    if not (args.password_stdin or args.generate_password or args.link):
        raise argparse.ArgumentTypeError("entry add needs --password-stdin or --generate-password")
    if args.update_details and not args.link:
        raise argparse.ArgumentTypeError("--update-details goes with --link (it updates the owner's details)")
    added = entries.add_entry(
        store,
        args.session,
        first_name=args.first_name,
        family_name=args.family_name,
        username=args.username,
        email=args.email or "",
        date_of_birth=args.dob or "",
        gender=args.gender or "",
        title=args.title or "",
        password=_read_password() if args.password_stdin else None,
        generate=args.generate_password,
        link=args.link,
        update_details=args.update_details,
        allow_case_variant=args.allow_case_variant,
        actor=actor,
    )
    for warning in added.warnings:
        print(safe(f"warning: {warning}"), file=sys.stderr)
    if added.linked:
        print(
            f"linked to the existing candidate {safe(added.candidate.full_name)} ('{safe(added.candidate.username)}')"
            + ("; their details updated to those typed" if added.updated else ""),
            file=sys.stderr,
        )
    if args.json:
        print_json(
            {
                "entry_code": added.entry.entry_code,
                "session_id": added.session.id,
                "username": added.candidate.username,
                "candidate_id": added.candidate.id,
                "linked": added.linked,
                "updated": added.updated,
                "differences": [{"field": d.field, "typed": d.typed, "theirs": d.stored} for d in added.differences],
                "password": added.password,
                "password_replaced": added.password_replaced,
                "stale_sessions": added.stale_sessions,
                "warnings": added.warnings,
            }
        )
    elif added.password:
        print(f"{added.entry.entry_code} password: {added.password}")
    else:
        print(added.entry.entry_code)
    return EXIT_OK


def cmd_entry_list(store: Store, actor: Actor, args) -> int:
    rows = entries.list_entries(store, args.session)
    if args.json:
        print_json(
            [
                {
                    "entry_code": r.entry.entry_code,
                    "username": r.candidate.username,
                    "first_name": r.candidate.first_name,
                    "family_name": r.candidate.family_name,
                    "status": r.entry.status,
                    "created_at": r.entry.created_at,
                    "created_by": r.entry.created_by,
                    "withdrawn_reason": r.entry.withdrawn_reason,
                }
                for r in rows
            ]
        )
        return EXIT_OK
    print_table(
        ["ENTRY CODE", "USERNAME", "NAME", "STATUS"],
        [[r.entry.entry_code, r.candidate.username, r.candidate.full_name, r.entry.status] for r in rows],
    )
    return EXIT_OK


def cmd_entry_withdraw(store: Store, actor: Actor, args) -> int:
    entry = entries.withdraw_entry(store, args.code, args.reason or "", actor)
    print(f"{entry.entry_code} withdrawn")
    return EXIT_OK


def cmd_entry_restore(store: Store, actor: Actor, args) -> int:
    entry = entries.restore_entry(store, args.code, args.reason or "", actor)
    print(f"{entry.entry_code} restored")
    return EXIT_OK


def cmd_logins(store: Store, actor: Actor, args) -> int:
    codes = [c for c in (args.entries or "").split(",") if c.strip()] or None
    active, _ = login_information.chosen_entries(store, args.session, codes)  # an unknown code: refused first
    if args.reset_passwords:
        stale = login_information.stale_sessions(store, args.session, codes)
        print(safe(login_information.password_reset_warning(len(active), stale)), file=sys.stderr)
    result = login_information.produce_login_information(
        store,
        args.session,
        Path(args.pdf),
        Path(args.csv) if args.csv else None,
        codes,
        progress=_progress_printer(),
        actor=actor,
        reset="all" if args.reset_passwords else "none",
        layout=args.layout,
    )
    if result.skipped:
        print(f"skipped {len(result.skipped)} withdrawn entries: {', '.join(result.skipped)}", file=sys.stderr)
    passwords = "new passwords" if result.reset else "their current passwords"
    sheets = -(-result.slips // PER_SHEET)
    laid_out = f" on {plural(sheets, 'sheet', 'sheets')} of {PER_SHEET}" if args.layout == "sheet" else ""
    print(
        safe(
            f"{result.slips} slips written to {result.pdf}{laid_out}"
            + (f" and {result.csv}" if result.csv else "")
            + f", issued {result.issued}, with {passwords}"
        )
    )
    return EXIT_OK


def cmd_export(store: Store, actor: Actor, args) -> int:
    path = Path(args.file)
    if export.format_of(path) is None:  # the grammar says FILE.csv|FILE.xlsx: a usage error (exit 2)
        raise argparse.ArgumentTypeError("export writes a .csv or an .xlsx file: end FILE in .csv or .xlsx")
    result = export.export_session(
        store, args.session, path, args.with_passwords, progress=_progress_printer(), actor=actor
    )
    for warning in result.warnings():
        print(safe(f"warning: {warning}"), file=sys.stderr)
    print(safe(result.said()))
    return EXIT_OK


def cmd_upload(store: Store, actor: Actor, args) -> int:
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        refuse("file", f"cannot read {args.file}: {exc.strerror}")
    except ValueError:  # a NUL in the name (found by Hypothesis)
        refuse("file", f"cannot read {args.file}: a file name cannot hold U+0000")
    delimiter = {"comma": ",", "semicolon": ";", "tab": "\t"}.get(args.delimiter or "")
    plan = uploads.plan_upload(
        store, args.session, data, args.file, args.encoding, delimiter, progress=_progress_printer(), actor=actor
    )
    if args.json:
        return _upload_json(store, actor, args, plan)
    print(safe(f"{args.file}: {plan.sheet.describe()}; {plan.columns_said()}"))
    if plan.unknown_columns:
        print(safe(f"unknown columns, ignored: {', '.join(plan.unknown_columns)}"))
    for row in plan.rows:
        name = f"{row.values.get('first_name', '')} {row.values.get('family_name', '')}".strip()
        line = f"row {row.line}: {row.status:<7} {row.values.get('username', '')}  {name}"
        print(safe(line + ("  " + "; ".join(row.messages) if row.messages else "")))
    print(plan.totals())
    if args.rejects and plan.count(RowStatus.REFUSED):
        print(safe(f"{uploads.write_rejects(plan, Path(args.rejects))} refused rows saved to {args.rejects}"))
    if args.dry_run:
        print("dry run: nothing was written")
    elif plan.accepted:
        result = uploads.commit_upload(store, plan, progress=_progress_printer(), actor=actor)
        print(
            f"committed: {result.added} entries added, {result.linked} linked"
            + (
                f"; {plural(result.generated, 'password', 'passwords')} generated (produce login information to hand "
                "them out)"
                if result.generated
                else ""
            )
        )
    if plan.count(RowStatus.REFUSED):
        print(f"upload: {plan.count(RowStatus.REFUSED)} rows refused", file=sys.stderr)
        return EXIT_REFUSED
    return EXIT_OK


def _upload_json(store: Store, actor: Actor, args, plan: uploads.UploadPlan) -> int:
    """``upload --json``: every row with its status and reasons, the counts, and what was written."""
    rejects = uploads.write_rejects(plan, Path(args.rejects)) if args.rejects and plan.count(RowStatus.REFUSED) else 0
    result = None if args.dry_run or not plan.accepted else uploads.commit_upload(store, plan, actor=actor)
    print_json(
        {
            "file": args.file,
            "format": plan.sheet.describe(),
            "header": plan.header is not None,
            "unknown_columns": plan.unknown_columns,
            "rows": [
                {
                    "row": row.line,
                    "status": row.status,
                    "username": row.values.get("username", ""),
                    "first_name": row.values.get("first_name", ""),
                    "family_name": row.values.get("family_name", ""),
                    "messages": row.messages,
                }
                for row in plan.rows
            ],
            "counts": {status.value: plan.count(status) for status in RowStatus},
            "empty_lines": plan.empty_lines,
            "dry_run": args.dry_run,
            "written": {"added": result.added, "linked": result.linked, "generated": result.generated}
            if result
            else None,
            "rejects": {"file": args.rejects, "rows": rejects} if rejects else None,
        }
    )
    return EXIT_REFUSED if plan.count(RowStatus.REFUSED) else EXIT_OK


def _progress_printer():
    """Progress on stderr when it is a terminal: one line, rewritten."""
    if not sys.stderr.isatty():
        return None

    def show(stage: str, done: int, total: int) -> None:
        end = "\n" if done == total else ""
        print(f"\r{stage}: {done}/{total}", end=end, file=sys.stderr, flush=True)

    return show


def cmd_login_check(store: Store, actor: Actor, args) -> int:
    if candidates.password_matches(store, args.username, _read_password()):
        return EXIT_OK
    print("login: the username and password do not match", file=sys.stderr)
    return EXIT_REFUSED


def cmd_audit(store: Store, actor: Actor, args) -> int:
    events = audit.list_events(store, args.session)
    if args.json:
        print_json([asdict(e) for e in events])
        return EXIT_OK
    print_table(
        ["AT", "WHO", "ACTION", "SUBJECT", "SUMMARY"], [[e.at, e.who, e.action, e.subject, e.summary] for e in events]
    )
    return EXIT_OK
