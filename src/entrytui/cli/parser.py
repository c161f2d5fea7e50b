"""The command line's grammar: every command, its options and its handler."""

from __future__ import annotations

import argparse
import sys

from entrytui import __version__
from entrytui.cli.commands import (
    cmd_audit,
    cmd_entry_add,
    cmd_entry_list,
    cmd_entry_restore,
    cmd_entry_withdraw,
    cmd_export,
    cmd_init,
    cmd_login_check,
    cmd_logins,
    cmd_session_add,
    cmd_session_list,
    cmd_session_next_username,
    cmd_upload,
    cmd_venue_add,
)
from entrytui.cli.corrections import (
    cmd_candidate_edit,
    cmd_candidate_list,
    cmd_candidate_merge,
    cmd_candidate_show,
    cmd_entry_move,
    cmd_session_edit,
    cmd_session_remove,
    cmd_venue_edit,
    cmd_venue_list,
    cmd_venue_remove,
)
from entrytui.cli.output import safe
from entrytui.cli.register import cmd_register
from entrytui.cli.upkeep import cmd_backup, cmd_check
from entrytui.documents.sheets import ENCODINGS
from entrytui.documents.slips import Layout


class Parser(argparse.ArgumentParser):
    """argparse as the command line needs it: options are never abbreviated (``--password``
    is not ``--password-stdin``), and a refusal never quotes back a value that might be a
    password, nor a raw control character."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, allow_abbrev=False, **kwargs)

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {safe(without_values(message))}\n")


UNRECOGNISED = "unrecognized arguments: "


def without_values(message: str) -> str:
    """argparse's "unrecognized arguments: --password Secret123" names only the options: the
    words after them may be a password typed where it must never go."""
    if not message.startswith(UNRECOGNISED):
        return message
    words = message[len(UNRECOGNISED) :].split()
    options = [w.partition("=")[0] for w in words if w.startswith("-")]
    others = len(words) - len(options)
    hidden = f"{', ' if options else ''}{others} other word{'s' if others != 1 else ''} (not shown)" if others else ""
    return f"unknown option or argument: {' '.join(options)}{hidden}"


def build_parser() -> argparse.ArgumentParser:
    common = Parser(add_help=False)
    common.add_argument(
        "--data",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the store file (default: $ENTRYTUI_DATA, else ~/.local/share/entrytui/store.json)",
    )
    parser = Parser(
        prog="entrytui",
        parents=[common],
        description="Enter candidates into test sessions and hand them their credentials. "
        "With no command: the terminal UI (F1 there lists the keys).",
        epilog="Exit status: 0 done, 1 input refused, 2 usage error, 3 the store cannot be used.",
    )
    parser.add_argument("--version", action="version", version=f"entrytui {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(group, name, handler, help_text):
        sub = group.add_parser(name, parents=[common], help=help_text, description=help_text)
        sub.set_defaults(handler=handler)  # every sub-parser is a Parser (add_subparsers passes its class on)
        return sub

    def group(name, help_text):
        sub = commands.add_parser(name, parents=[common], help=help_text, description=help_text)
        return sub.add_subparsers(dest="subcommand", metavar="ACTION", required=True)

    sub = command(commands, "init", cmd_init, "create the store for your institution")
    sub.add_argument("--institution-id", required=True, metavar="ID", help="e.g. GB123")
    sub.add_argument("--institution-name", required=True, metavar="NAME")

    venue_group = group("venue", "client venues")
    sub = command(venue_group, "add", cmd_venue_add, "add a client venue; prints its id")
    sub.add_argument("name", metavar="NAME")
    sub.add_argument("--address", metavar="TEXT", default="")
    sub.add_argument("--capacity", metavar="N", help="how many candidates it seats")
    sub = command(venue_group, "list", cmd_venue_list, "list the venues and the sessions held at each")
    sub.add_argument("--json", action="store_true")
    sub = command(venue_group, "edit", cmd_venue_edit, "correct a venue (an empty value clears address or capacity)")
    sub.add_argument("venue", metavar="ID")
    sub.add_argument("--name", metavar="NAME")
    sub.add_argument("--address", metavar="TEXT")
    sub.add_argument("--capacity", metavar="N")
    sub = command(venue_group, "remove", cmd_venue_remove, "remove a venue that no session uses")
    sub.add_argument("venue", metavar="ID")

    session_group = group("session", "test sessions")
    sub = command(session_group, "add", cmd_session_add, "create a session; prints its id")
    sub.add_argument("--name", required=True)
    sub.add_argument("--test", required=True, help="the test product, e.g. Linguaskill")
    sub.add_argument("--start", required=True, metavar='"YYYY-MM-DD HH:MM"')
    sub.add_argument("--end", metavar='"YYYY-MM-DD HH:MM"', help="default: start + the test's duration")
    sub.add_argument("--venue", metavar="NAME")
    sub = command(session_group, "list", cmd_session_list, "list the sessions")
    sub.add_argument("--json", action="store_true")
    sub = command(
        session_group, "edit", cmd_session_edit, "correct a session; a new start or test derives the end unless --end"
    )
    sub.add_argument("session", metavar="ID")
    sub.add_argument("--name", metavar="NAME")
    sub.add_argument("--test", metavar="TEST")
    sub.add_argument("--venue", metavar="NAME", help='a venue\'s name; "" for none')
    sub.add_argument("--start", metavar='"YYYY-MM-DD HH:MM"')
    sub.add_argument("--end", metavar='"YYYY-MM-DD HH:MM"')
    sub = command(session_group, "remove", cmd_session_remove, "remove a session that has no entries")
    sub.add_argument("session", metavar="ID")
    sub = command(
        session_group,
        "next-username",
        cmd_session_next_username,
        "propose the next free ClientName_TestDate_Cand001 username for a session",
    )
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
    sub.add_argument("--title", metavar="T", help="Mr, Mrs, Ms, Miss, Dr or Mx")
    sub.add_argument("--email", metavar="E")
    sub.add_argument("--dob", metavar="YYYY-MM-DD")
    sub.add_argument("--gender", metavar="G", help="Male, Female, Other or Not stated")
    sub.add_argument(
        "--link",
        action="store_true",
        help="enter the existing owner of the username (a password given replaces theirs)",
    )
    sub.add_argument(
        "--update-details",
        action="store_true",
        help="with --link: the details typed replace the owner's (default: theirs are kept, with a warning)",
    )
    sub.add_argument(
        "--allow-case-variant",
        action="store_true",
        help="save a username that differs only by case from an existing one",
    )
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
    sub = command(entry_group, "move", cmd_entry_move, "move an entry to another session; it keeps its entry code")
    sub.add_argument("code", metavar="CODE")
    sub.add_argument("--to", required=True, metavar="SESSION")

    candidate_group = group("candidate", "candidates of the institution, each in any number of sessions")
    sub = command(candidate_group, "list", cmd_candidate_list, "list the candidates")
    sub.add_argument("--search", metavar="TEXT", help="every word in the name, username, email or an entry code")
    sub.add_argument("--json", action="store_true")
    sub = command(candidate_group, "show", cmd_candidate_show, "a candidate's details and every entry")
    sub.add_argument("username", metavar="USERNAME")
    sub.add_argument("--json", action="store_true")
    sub = command(
        candidate_group,
        "edit",
        cmd_candidate_edit,
        "correct a candidate's details in every session (an empty value clears an optional one)",
    )
    sub.add_argument("username", metavar="USERNAME")
    sub.add_argument("--username", dest="new_username", metavar="NEW")
    sub.add_argument("--title", metavar="T")
    sub.add_argument("--first-name", metavar="F")
    sub.add_argument("--family-name", metavar="L")
    sub.add_argument("--email", metavar="E")
    sub.add_argument("--dob", dest="date_of_birth", metavar="D")
    sub.add_argument("--gender", metavar="G")
    sub.add_argument(
        "--allow-case-variant", action="store_true", help="save a username that differs only by case from another's"
    )
    sub = command(
        candidate_group, "merge", cmd_candidate_merge, "one person under two usernames: OTHER's entries go to KEEP"
    )
    sub.add_argument("keep", metavar="KEEP")
    sub.add_argument("other", metavar="OTHER")

    sub = command(
        commands,
        "logins",
        cmd_logins,
        "candidate login information: a PDF slip per candidate (and a CSV), with their current passwords",
    )
    sub.add_argument("--session", required=True, metavar="ID")
    sub.add_argument("--entries", metavar="CODE,...", help="only these entries (default: every active entry)")
    sub.add_argument("--pdf", required=True, metavar="FILE")
    sub.add_argument("--csv", metavar="FILE")
    sub.add_argument(
        "--layout",
        choices=[str(layout) for layout in Layout],
        default=str(Layout.PAGE),
        help="page: one slip to an A4 page, as the portal (default); sheet: 8 slips to a page, with cut lines",
    )
    sub.add_argument(
        "--reset-passwords",
        action="store_true",
        help="set new passwords for the chosen entries (without it, the slips show the current ones)",
    )

    sub = command(
        commands,
        "export",
        cmd_export,
        "a session's active entries in the portal's upload template (CSV or XLSX), to upload elsewhere",
    )
    sub.add_argument("--session", required=True, metavar="ID")
    sub.add_argument("file", metavar="FILE.csv|FILE.xlsx")
    sub.add_argument(
        "--with-passwords",
        action="store_true",
        help="fill the Password column with the current passwords (audited; the file holds them in clear)",
    )

    sub = command(
        commands,
        "upload",
        cmd_upload,
        "Upload Entries: check a class list (CSV or XLSX), print a report per row, add the accepted rows",
    )
    sub.add_argument("--session", required=True, metavar="ID")
    sub.add_argument("file", metavar="FILE")
    sub.add_argument("--dry-run", action="store_true", help="print the report, write nothing")
    sub.add_argument("--rejects", metavar="FILE", help="save the refused rows here, with an Error column")
    sub.add_argument("--encoding", choices=list(ENCODINGS), help="default: detected")
    sub.add_argument("--delimiter", choices=["comma", "semicolon", "tab"], help="default: detected")
    sub.add_argument("--json", action="store_true", help="the report as JSON: every row, the counts, what was written")

    sub = command(
        group("login", "candidate logins"),
        "check",
        cmd_login_check,
        "exit 0 when the password (one line of stdin) matches, 1 otherwise",
    )
    sub.add_argument("--username", required=True, metavar="U")
    sub.add_argument("--password-stdin", action="store_true", required=True)

    sub = command(commands, "audit", cmd_audit, "who did what and when, newest first")
    sub.add_argument("--session", metavar="ID")
    sub.add_argument("--json", action="store_true")

    sub = command(commands, "backup", cmd_backup, "write the store to one file, consistent, while others keep working")
    sub.add_argument("file", metavar="FILE")
    sub.add_argument("--with-key", action="store_true", help="write the password key beside it too, as FILE.key")
    command(commands, "check", cmd_check, "verify the store: exit 0 when sound, 1 with one line per problem")

    sub = command(
        commands,
        "register",
        cmd_register,
        "the attendance register: a PDF of the session's active entries, by family name, for the invigilator",
    )
    sub.add_argument("--session", required=True, metavar="ID")
    sub.add_argument("--pdf", required=True, metavar="FILE")
    return parser
