"""One session's entries (the portal's session page): its details and entries; Add Entries,
withdraw/restore, edit the candidate, move the entry, login information, export, the attendance
register; how full the session is against its venue's capacity."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from entrytui.domain import ACTIVE, EntryStatus, SessionStatus
from entrytui.rules import collation_key, plural
from entrytui.services.entries import EntryRow, session_entries
from entrytui.services.login_information import LoginInformation
from entrytui.services.register import Register
from entrytui.services.sessions import SessionSummary
from entrytui.tui.dialogs.entry_status import RestoreDialog, WithdrawDialog
from entrytui.tui.dialogs.export import ExportDialog
from entrytui.tui.dialogs.login_information import LoginInformationDialog
from entrytui.tui.dialogs.move_entry import MoveEntryDialog
from entrytui.tui.dialogs.register import RegisterDialog
from entrytui.tui.keys import LIST_BINDINGS
from entrytui.tui.screens.add_entries import AddEntriesScreen
from entrytui.tui.screens.audit import AuditScreen
from entrytui.tui.screens.edit_candidate import EditCandidateScreen, edited_message
from entrytui.tui.screens.listing import ListingScreen
from entrytui.tui.widgets.filter_table import Column, FilterTable, Row
from entrytui.tui.widgets.footer import KeysFooter
from entrytui.tui.widgets.header import SafeHeader

SEATS_WIDTH = 24  # cells of the bar


def seats_line(active: int, capacity: int, width: int = SEATS_WIDTH) -> str:
    """How full the session is against its venue's capacity, in characters that read without
    colour: 'Seats ██████████████████░░░░░░ 18 of 24, 6 free' (markup)."""
    filled = round(width * min(active, capacity) / capacity)
    if active and not filled:
        filled = 1  # one candidate still shows
    if active < capacity:
        filled = min(filled, width - 1)  # full only when it is
    bar = "█" * filled + "░" * (width - filled)
    if active > capacity:
        return f"Seats {bar} [b]{active:,} of {capacity:,}: {active - capacity:,} over capacity[/b]"
    free = capacity - active
    return f"Seats {bar} {active:,} of {capacity:,}, " + ("full" if not free else f"{free:,} free")


class SessionEntriesScreen(ListingScreen):
    TITLE = "Session"
    BINDINGS = [
        Binding("a", "add_entries", "Add", tooltip="Add Entries: enter candidates into this session", priority=True),
        Binding(
            "w", "withdraw", "Withdraw", tooltip="Withdraw the highlighted entry (asks, with a reason)", priority=True
        ),
        Binding("r", "restore", "Restore", tooltip="Restore the highlighted withdrawn entry", priority=True),
        Binding(
            "e",
            "edit_candidate",
            "Edit",
            tooltip="Edit the highlighted candidate (every session they are in)",
            priority=True,
        ),
        Binding(
            "m",
            "move_entry",
            "Move",
            tooltip="Move the highlighted entry to another session (its code kept)",
            priority=True,
        ),
        Binding(
            "space",
            "mark",
            "Mark",
            key_display="␣",
            tooltip="Mark or unmark the entry for login information, then go to the next row",
            priority=True,
        ),
        Binding(
            "l",
            "login_information",
            "Logins",
            tooltip="Login information: slips and CSV with the current passwords (new ones if chosen)",
            priority=True,
        ),
        Binding(
            "p",
            "register",
            "Register",
            tooltip="The attendance register: a PDF of the active entries for the invigilator",
            priority=True,
        ),
        Binding("t", "audit", "Audit", tooltip="The audit trail of this session", priority=True),
        Binding(
            "x",
            "export",
            "Export",
            tooltip="Export the active entries in the portal's upload template (CSV or XLSX)",
            priority=True,
        ),
        *LIST_BINDINGS,
    ]

    def __init__(self, session_id: str, summary: SessionSummary | None = None) -> None:
        """``summary``: the session as the list showed it, so that its keys (Add Entries) work
        at once, before its entries are read."""
        super().__init__()
        self.session_id = session_id
        self.summary: SessionSummary | None = summary
        self.entries: dict[str, EntryRow] = {}
        self.marked: set[str] = set()

    def compose(self) -> ComposeResult:
        yield SafeHeader()
        yield Static("", id="session-details")
        yield Static("", id="session-counts")
        yield Static("", id="session-seats")
        yield FilterTable(
            [
                Column("✓", 1),
                Column("Candidate", 10, ends=True),
                Column("Username", 12, ends=True),
                Column("Entry code", 10),
                Column("Status", 9),
            ],
            placeholder="/ filter by name, username or entry code",
            id="list",
        )
        yield KeysFooter()

    def fetch(self) -> tuple[SessionSummary, list[EntryRow], frozenset, list[Row]]:
        """The entries and their table rows, built here in the worker (10,000 rows would
        hold the screen for tens of ms), with the marks as they are now."""
        summary, rows = session_entries(self.app.store, self.session_id, self.app.actor)
        marked = frozenset(self.marked)
        return summary, rows, marked, [self._row(r, marked) for r in rows]

    def show(self, data: tuple[SessionSummary, list[EntryRow], frozenset, list[Row]]) -> None:
        summary, rows, marked, table_rows = data
        self.summary = summary
        session = summary.session
        self.sub_title = f"{session.id} · {session.name}"
        venue = summary.venue.name if summary.venue else "no venue"
        self.query_one("#session-details", Static).update(
            f"[b]{escape(session.name)}[/b] ({session.id}) · {escape(session.test)} · {escape(venue)}\n"
            f"{session.start} – {session.end[11:]} · {summary.status}"
        )
        self.entries = {r.entry.entry_code: r for r in rows}
        self.marked &= {code for code, r in self.entries.items() if r.entry.status == ACTIVE}
        self.show_counts()
        if marked != self.marked:  # marks changed while the worker ran
            table_rows = [self._row(r, self.marked) for r in rows]
        self.listing.set_rows(table_rows)
        self.refresh_bindings()

    @staticmethod
    def _row(r: EntryRow, marked: set[str] | frozenset) -> Row:
        return Row(
            r.entry.entry_code,
            (
                "✓" if r.entry.entry_code in marked else "",
                r.candidate.full_name,
                r.candidate.username,
                r.entry.entry_code,
                r.entry.status,
            ),
            collation_key(" ".join([r.candidate.full_name, r.candidate.username, r.entry.entry_code])),
        )

    def show_counts(self) -> None:
        summary = self.summary
        marked = f"   Marked: {len(self.marked)}" if self.marked else ""
        self.query_one("#session-counts", Static).update(
            f"Active entries: [b]{summary.active:,}[/b]   Withdrawn: {summary.withdrawn:,}{marked}"
        )
        seats = self.query_one("#session-seats", Static)
        capacity = summary.venue.capacity if summary.venue else None
        seats.display = bool(capacity)
        if capacity:
            seats.update(seats_line(summary.active, capacity))

    def selected(self) -> EntryRow | None:
        key = self.listing.selected_key if self.is_mounted else None
        return self.entries.get(key) if key else None

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """Withdraw and restore never apply to the same entry: show only the one that does."""
        if action in ("withdraw", "restore"):
            row = self.selected()
            wanted = EntryStatus.ACTIVE if action == "withdraw" else EntryStatus.WITHDRAWN
            if not row or row.entry.status != wanted:
                return False
        return super().check_action(action, parameters)

    def action_available(self, action: str) -> bool:
        row = self.selected()
        if action == "withdraw":
            return bool(row and row.entry.status == EntryStatus.ACTIVE)
        if action == "restore":
            return bool(row and row.entry.status == EntryStatus.WITHDRAWN)
        if action in ("mark", "edit_candidate", "move_entry"):  # mark: on a withdrawn row it says why not, and moves on
            return row is not None
        if action == "add_entries":
            return bool(self.summary and self.summary.status == SessionStatus.ACTIVE)
        if action in ("login_information", "register"):
            return bool(self.summary and self.summary.active)
        return True

    def on_filter_table_highlighted(self) -> None:
        self.refresh_bindings()

    def action_add_entries(self) -> None:
        if self.summary:
            self.app.push_screen(AddEntriesScreen(self.summary.session))

    def action_withdraw(self) -> None:
        row = self.selected()
        if row and row.entry.status == EntryStatus.ACTIVE:
            self.app.push_screen(WithdrawDialog(row, self.summary.session), self.changed("withdrawn"))

    def action_restore(self) -> None:
        row = self.selected()
        if row and row.entry.status == EntryStatus.WITHDRAWN:
            self.app.push_screen(RestoreDialog(row, self.summary.session), self.changed("restored"))

    def changed(self, what: str):
        def done(code: str | None) -> None:
            if code:
                self.notify(f"Entry {code} {what}")

        return done

    def action_edit_candidate(self) -> None:
        row = self.selected()
        if row:
            self.app.push_screen(EditCandidateScreen(row.candidate), self.edited)

    def edited(self, result) -> None:
        if result and result.changes:
            self.notify(edited_message(result), markup=False)
        self.reload()

    def action_move_entry(self) -> None:
        row = self.selected()
        if row and self.summary:
            self.app.push_screen(MoveEntryDialog(row, self.summary.session), self.moved)

    def moved(self, result) -> None:
        if result:
            t = result.target
            self.notify(f"Entry {result.entry.entry_code} moved to {t.name} ({t.id}); its code is kept", markup=False)
        self.reload()

    def action_mark(self) -> None:
        """Marks or unmarks the row, then goes to the next one: on a withdrawn row too (which
        cannot be marked, and says so), so that a burst of marks and moves always ends on the
        row the keys counted to."""
        row = self.selected()
        if not row:
            return
        if row.entry.status == EntryStatus.ACTIVE:
            self.marked ^= {row.entry.entry_code}
            self.listing.replace_row(self._row(row, self.marked))
            self.show_counts()
        else:
            self.notify(f"{row.candidate.full_name}'s entry is withdrawn: login information is for active entries.")
        self.listing.move(1)

    def action_login_information(self) -> None:
        active = [r for r in self.entries.values() if r.entry.status == ACTIVE]
        chosen = [r for r in active if r.entry.entry_code in self.marked] or active
        if chosen and self.summary:
            dialog = LoginInformationDialog(self.summary.session, chosen, marked=bool(self.marked))
            self.app.push_screen(dialog, self.login_information_done)

    def login_information_done(self, result: LoginInformation | None) -> None:
        if result:
            self.marked.clear()
            extra = f" and {result.csv}" if result.csv else ""
            reset = (
                f"; new passwords for {plural(len(result.reset), 'candidate', 'candidates')}" if result.reset else ""
            )
            self.notify(f"{plural(result.slips, 'slip', 'slips')} written to {result.pdf}{extra}{reset}", timeout=10)

    def action_export(self) -> None:
        if self.summary:
            self.app.push_screen(ExportDialog(self.summary.session, self.summary.active), self.exported)

    def exported(self, result) -> None:
        if result:
            self.notify(
                " ".join(f"{said}." for said in [result.said(), *result.warnings()]),
                timeout=10,
                markup=False,
            )

    def action_register(self) -> None:
        if self.summary and self.summary.active:
            self.app.push_screen(RegisterDialog(self.summary.session, self.summary.active), self.register_done)

    def register_done(self, result: Register | None) -> None:
        if result:
            said = f"Register of {plural(result.candidates, 'candidate', 'candidates')} written to {result.pdf}"
            self.notify(said, timeout=10, markup=False)

    def action_audit(self) -> None:
        self.app.push_screen(AuditScreen(self.session_id))
