"""The command line (PRODUCT section 9): the same services and rules as the terminal UI.

Exit status: 0 done; 1 input refused (one line per problem on stderr, naming the field);
2 usage error; 3 the store cannot be used.  Passwords are read from standard input only.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from dataclasses import asdict
from pathlib import Path

from entrytui import __version__
from entrytui.cli_output import print_json, print_table, safe
from entrytui.errors import CaseVariantExists, InputRefused, StoreError, UsernameOwned
from entrytui.paths import resolve_store_path
from entrytui.rules import Problem
from entrytui.services import (
    audit,
    candidates,
    entries,
    logins,
    sessions,
    setup,
    uploads,
    venues,
)
from entrytui.services.upload_files import ENCODINGS
from entrytui.store import Store

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_STORE = 0, 1, 2, 3


def _read_password() -> str:
    """One line from standard input (without echo when it is a terminal)."""
    if sys.stdin is None:
        return ""
    if sys.stdin.isatty():
        return getpass.getpass("Password: ")
    return sys.stdin.readline().rstrip("\r\n")


def cmd_init(store: Store, args) -> int:
    found = setup.init_store(store, args.institution_id, args.institution_name)
    print(f"created {store.path} for {safe(found.institution_id)} ({safe(found.name)})")
    return EXIT_OK


def cmd_venue_add(store: Store, args) -> int:
    print(venues.add_venue(store, args.name, args.address or "").id)
    return EXIT_OK


def cmd_session_add(store: Store, args) -> int:
    print(sessions.add_session(store, name=args.name, test=args.test, start=args.start, end=args.end, venue=args.venue).id)
    return EXIT_OK


def cmd_session_list(store: Store, args) -> int:
    found = sessions.list_sessions(store)
    if args.json:
        print_json(
            [
                {**asdict(s.session), "venue": s.venue.name if s.venue else None, "status": s.status,
                 "active_entries": s.active, "withdrawn_entries": s.withdrawn}
                for s in found
            ]
        )
        return EXIT_OK
    rows = [[s.session.id, s.session.name, s.session.test, s.venue.name if s.venue else "-", s.session.start,
             s.status, s.active] for s in found]
    print_table(["ID", "NAME", "TEST", "VENUE", "START", "STATUS", "ACTIVE"], rows)
    return EXIT_OK


def cmd_session_next_username(store: Store, args) -> int:
    print(entries.propose_username(store, args.session))
    return EXIT_OK


def cmd_entry_add(store: Store, args) -> int:
    if not (args.password_stdin or args.generate_password or args.link):
        raise argparse.ArgumentTypeError("entry add needs --password-stdin or --generate-password")
    added = entries.add_entry(
        store,
        args.session,
        first_name=args.first_name,
        family_name=args.family_name,
        username=args.username,
        email=args.email or "",
        date_of_birth=args.dob or "",
        gender=args.gender or "",
        password=_read_password() if args.password_stdin else None,
        generate=args.generate_password,
        link=args.link,
        allow_case_variant=args.allow_case_variant,
    )
    for warning in added.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if added.linked:
        print(f"linked to the existing candidate {safe(added.candidate.full_name)} "
              f"('{safe(added.candidate.username)}')", file=sys.stderr)
    if args.json:
        print_json({"entry_code": added.entry.entry_code, "session_id": added.session.id,
                    "username": added.candidate.username, "candidate_id": added.candidate.id,
                    "linked": added.linked, "password": added.password, "warnings": added.warnings})
    elif added.password:
        print(f"{added.entry.entry_code} password: {added.password}")
    else:
        print(added.entry.entry_code)
    return EXIT_OK


def cmd_entry_list(store: Store, args) -> int:
    rows = entries.list_entries(store, args.session)
    if args.json:
        print_json([{"entry_code": r.entry.entry_code, "username": r.candidate.username,
                     "first_name": r.candidate.first_name, "family_name": r.candidate.family_name,
                     "status": r.entry.status, "created_at": r.entry.created_at, "created_by": r.entry.created_by,
                     "withdrawn_reason": r.entry.withdrawn_reason} for r in rows])
        return EXIT_OK
    print_table(["ENTRY CODE", "USERNAME", "NAME", "STATUS"],
                [[r.entry.entry_code, r.candidate.username, r.candidate.full_name, r.entry.status] for r in rows])
    return EXIT_OK


def cmd_entry_withdraw(store: Store, args) -> int:
    entry = entries.withdraw_entry(store, args.code, args.reason or "")
    print(f"{entry.entry_code} withdrawn")
    return EXIT_OK


def cmd_entry_restore(store: Store, args) -> int:
    entry = entries.restore_entry(store, args.code, args.reason or "")
    print(f"{entry.entry_code} restored")
    return EXIT_OK


def cmd_logins(store: Store, args) -> int:
    if not args.reset_passwords:
        raise argparse.ArgumentTypeError(
            "logins sets new passwords for the candidates (their old ones stop working); "
            "add --reset-passwords to confirm")
    codes = [c for c in (args.entries or "").split(",") if c.strip()] or None
    active, _ = logins.chosen_entries(store, args.session, codes)
    print(logins.password_reset_warning(len(active)), file=sys.stderr)
    result = logins.produce_logins(store, args.session, Path(args.pdf), Path(args.csv) if args.csv else None,
                                   codes, progress=_progress_printer())
    if result.skipped:
        print(f"skipped {len(result.skipped)} withdrawn entries: {', '.join(result.skipped)}", file=sys.stderr)
    print(safe(f"{result.slips} slips written to {result.pdf}" + (f" and {result.csv}" if result.csv else "")))
    return EXIT_OK


def cmd_upload(store: Store, args) -> int:
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise InputRefused([Problem("file", f"cannot read {args.file}: {exc.strerror}")]) from None
    except ValueError:  # a NUL in the name (found by Hypothesis)
        raise InputRefused([Problem("file", f"cannot read {args.file}: a file name cannot hold U+0000")]) from None
    delimiter = {"comma": ",", "semicolon": ";", "tab": "\t"}.get(args.delimiter or "")
    plan = uploads.plan_upload(store, args.session, data, args.file, args.encoding, delimiter,
                               progress=_progress_printer())
    print(safe(f"{args.file}: {plan.sheet.describe()}; " + ("header row found" if plan.header else "no header row")))
    if plan.unknown_columns:
        print(safe(f"unknown columns, ignored: {', '.join(plan.unknown_columns)}"))
    for row in plan.rows:
        name = f"{row.values.get('first_name', '')} {row.values.get('family_name', '')}".strip()
        line = f"row {row.line}: {row.status:<7} {row.values.get('username', '')}  {name}"
        print(safe(line + ("  " + "; ".join(row.messages) if row.messages else "")))
    print(plan.totals())
    if args.rejects and plan.count("refused"):
        print(safe(f"{uploads.write_rejects(plan, Path(args.rejects))} refused rows saved to {args.rejects}"))
    if args.dry_run:
        print("dry run: nothing was written")
    elif plan.accepted:
        result = uploads.commit_upload(store, plan, progress=_progress_printer())
        print(f"committed: {result.added} entries added, {result.linked} linked"
              + (f"; {result.generated} passwords generated (produce login information to hand them out)"
                 if result.generated else ""))
    if plan.count("refused"):
        print(f"upload: {plan.count('refused')} rows refused", file=sys.stderr)
        return EXIT_REFUSED
    return EXIT_OK


def _progress_printer():
    """Progress on stderr when it is a terminal: one line, rewritten."""
    if not sys.stderr.isatty():
        return None

    def show(stage: str, done: int, total: int) -> None:
        end = "\n" if done == total else ""
        print(f"\r{stage}: {done}/{total}", end=end, file=sys.stderr, flush=True)

    return show


def cmd_login_check(store: Store, args) -> int:
    if candidates.check_login(store, args.username, _read_password()):
        return EXIT_OK
    print("login: the username and password do not match", file=sys.stderr)
    return EXIT_REFUSED


def cmd_audit(store: Store, args) -> int:
    events = audit.list_events(store, args.session)
    if args.json:
        print_json([asdict(e) for e in events])
        return EXIT_OK
    print_table(["AT", "WHO", "ACTION", "SUBJECT", "SUMMARY"], [[e.at, e.who, e.action, e.subject, e.summary] for e in events])
    return EXIT_OK


class Parser(argparse.ArgumentParser):
    """argparse quotes a wrong word back to the operator: never a raw control character."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {safe(message)}\n")


def build_parser() -> argparse.ArgumentParser:
    common = Parser(add_help=False)
    common.add_argument("--data", metavar="PATH", default=argparse.SUPPRESS,
                        help="the store file (default: $ENTRYTUI_DATA, else ~/.local/share/entrytui/store.json)")
    parser = Parser(
        prog="entrytui", parents=[common],
        description="Enter candidates into test sessions and hand them their credentials. "
                    "With no command: the terminal UI (F1 there lists the keys).",
        epilog="Exit status: 0 done, 1 input refused, 2 usage error, 3 the store cannot be used.")
    parser.add_argument("--version", action="version", version=f"entrytui {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(group, name, handler, help_text):
        sub = group.add_parser(name, parents=[common], help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    def group(name, help_text):
        sub = commands.add_parser(name, parents=[common], help=help_text, description=help_text)
        return sub.add_subparsers(dest="subcommand", metavar="ACTION", required=True)

    sub = command(commands, "init", cmd_init, "create the store for your institution")
    sub.add_argument("--institution-id", required=True, metavar="ID", help="e.g. GB123")
    sub.add_argument("--institution-name", required=True, metavar="NAME")

    sub = command(group("venue", "client venues"), "add", cmd_venue_add, "add a client venue; prints its id")
    sub.add_argument("name", metavar="NAME")
    sub.add_argument("--address", default="")

    session_group = group("session", "test sessions")
    sub = command(session_group, "add", cmd_session_add, "create a session; prints its id")
    sub.add_argument("--name", required=True)
    sub.add_argument("--test", required=True, help="the test product, e.g. Linguaskill")
    sub.add_argument("--start", required=True, metavar='"YYYY-MM-DD HH:MM"')
    sub.add_argument("--end", metavar='"YYYY-MM-DD HH:MM"', help="default: start + the test's duration")
    sub.add_argument("--venue", metavar="NAME")
    sub = command(session_group, "list", cmd_session_list, "list the sessions")
    sub.add_argument("--json", action="store_true")
    sub = command(session_group, "next-username", cmd_session_next_username,
                  "propose the next free ClientName_TestDate_Cand001 username for a session")
    sub.add_argument("session", metavar="ID")

    entry_group = group("entry", "entries: candidates in sessions")
    sub = command(entry_group, "add", cmd_entry_add, "enter a candidate into a session; prints the entry code")
    sub.add_argument("--session", required=True, metavar="ID")
    sub.add_argument("--first-name", required=True, metavar="F")
    sub.add_argument("--family-name", required=True, metavar="L")
    sub.add_argument("--username", required=True, metavar="U")
    how = sub.add_mutually_exclusive_group()
    how.add_argument("--password-stdin", action="store_true", help="read the password from one line of stdin")
    how.add_argument("--generate-password", action="store_true", help="make one; printed once beside the code")
    sub.add_argument("--email", metavar="E")
    sub.add_argument("--dob", metavar="YYYY-MM-DD")
    sub.add_argument("--gender", metavar="G", help="Male, Female, Other or Not stated")
    sub.add_argument("--link", action="store_true",
                     help="enter the existing owner of the username (a password given replaces theirs)")
    sub.add_argument("--allow-case-variant", action="store_true",
                     help="save a username that differs only by case from an existing one")
    sub.add_argument("--json", action="store_true")
    sub = command(entry_group, "list", cmd_entry_list, "list a session's entries")
    sub.add_argument("--session", required=True, metavar="ID")
    sub.add_argument("--json", action="store_true")
    sub = command(entry_group, "withdraw", cmd_entry_withdraw, "withdraw an entry")
    sub.add_argument("code", metavar="CODE")
    sub.add_argument("--reason", metavar="TEXT", default="")
    sub = command(entry_group, "restore", cmd_entry_restore, "restore a withdrawn entry")
    sub.add_argument("code", metavar="CODE")
    sub.add_argument("--reason", metavar="TEXT", default="")

    sub = command(commands, "logins", cmd_logins,
                  "candidate login information: a PDF slip per candidate (and a CSV); sets new passwords")
    sub.add_argument("--session", required=True, metavar="ID")
    sub.add_argument("--entries", metavar="CODE,...", help="only these entries (default: every active entry)")
    sub.add_argument("--pdf", required=True, metavar="FILE")
    sub.add_argument("--csv", metavar="FILE")
    sub.add_argument("--reset-passwords", action="store_true",
                     help="required: confirms that the candidates get new passwords")

    sub = command(commands, "upload", cmd_upload,
                  "Upload Entries: check a class list (CSV or XLSX), print a report per row, add the accepted rows")
    sub.add_argument("--session", required=True, metavar="ID")
    sub.add_argument("file", metavar="FILE")
    sub.add_argument("--dry-run", action="store_true", help="print the report, write nothing")
    sub.add_argument("--rejects", metavar="FILE", help="save the refused rows here, with an Error column")
    sub.add_argument("--encoding", choices=list(ENCODINGS), help="default: detected")
    sub.add_argument("--delimiter", choices=["comma", "semicolon", "tab"], help="default: detected")

    sub = command(group("login", "candidate logins"), "check", cmd_login_check,
                  "exit 0 when the password (one line of stdin) matches, 1 otherwise")
    sub.add_argument("--username", required=True, metavar="U")
    sub.add_argument("--password-stdin", action="store_true", required=True)

    sub = command(commands, "audit", cmd_audit, "who did what and when, newest first")
    sub.add_argument("--session", metavar="ID")
    sub.add_argument("--json", action="store_true")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    path = resolve_store_path(getattr(args, "data", None))
    if getattr(args, "handler", None) is None:
        from entrytui.app import run_app  # Textual only for the UI, never for a command

        return run_app(path)
    store = Store(path)
    try:
        return args.handler(store, args)
    except argparse.ArgumentTypeError as exc:
        parser.error(str(exc))
    except InputRefused as exc:
        for problem in exc.problems:
            print(safe(problem), file=sys.stderr)
        if isinstance(exc, UsernameOwned):
            print("username: add --link to enter this candidate, or choose another username", file=sys.stderr)
        if isinstance(exc, CaseVariantExists):
            print("username: add --allow-case-variant to save it anyway", file=sys.stderr)
        return EXIT_REFUSED
    except StoreError as exc:
        print(f"entrytui: {safe(exc)}", file=sys.stderr)
        return EXIT_STORE
    except KeyboardInterrupt:
        return 130
    return EXIT_OK
