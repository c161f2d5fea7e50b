"""One session: its details and entries; Add Entries, withdraw/restore, login information."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Static

from entrytui.screens.listing import LIST_BINDINGS, ListingScreen
from entrytui.services.entries import EntryRow, session_entries
from entrytui.services.sessions import SessionSummary
from entrytui.widgets.filter_table import FilterTable, Row
from entrytui.widgets.header import SafeHeader


class SessionScreen(ListingScreen):
    TITLE = "Session"
    BINDINGS = [
        Binding("a", "add_entries", "Add",
                tooltip="Add Entries: enter candidates into this session", priority=True),
        Binding("w", "withdraw", "Withdraw",
                tooltip="Withdraw the highlighted entry (asks, with a reason)", priority=True),
        Binding("r", "restore", "Restore", tooltip="Restore the highlighted withdrawn entry", priority=True),
        Binding("space", "mark", "Mark", key_display="␣",
                tooltip="Mark or unmark the entry for login information", priority=True),
        Binding("l", "logins", "Logins",
                tooltip="Login information: slips and CSV (sets new passwords)", priority=True),
        Binding("t", "audit", "Audit", tooltip="The audit trail of this session", priority=True),
        *LIST_BINDINGS,
    ]

    def __init__(self, session_id: str) -> None:
        super().__init__()
        self.session_id = session_id
        self.summary: SessionSummary | None = None
        self.entries: dict[str, EntryRow] = {}
        self.marked: set[str] = set()

    def compose(self) -> ComposeResult:
        yield SafeHeader()
        yield Static("", id="session-details")
        yield Static("", id="session-counts")
        yield FilterTable([("✓", 1), ("Candidate", 24), ("Username", 26), ("Entry code", 10), ("Status", 9)],
                          placeholder="/ filter by name, username or entry code", id="list")
        yield Footer(compact=True)

    def fetch(self) -> tuple[SessionSummary, list[EntryRow], frozenset, list[Row]]:
        """The entries and their table rows, built here in the worker (10,000 rows would
        hold the screen for tens of ms), with the marks as they are now."""
        summary, rows = session_entries(self.app.store, self.session_id)
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
            f"{session.start} – {session.end[11:]} · {summary.status}")
        self.entries = {r.entry.entry_code: r for r in rows}
        self.marked &= {code for code, r in self.entries.items() if r.entry.status == "active"}
        self.show_counts()
        if marked != self.marked:  # marks changed while the worker ran
            table_rows = [self._row(r, self.marked) for r in rows]
        self.listing.set_rows(table_rows)
        self.refresh_bindings()

    @staticmethod
    def _row(r: EntryRow, marked: set[str] | frozenset) -> Row:
        return Row(r.entry.entry_code,
                   ("✓" if r.entry.entry_code in marked else "", r.candidate.full_name, r.candidate.username,
                    r.entry.entry_code, r.entry.status),
                   " ".join([r.candidate.full_name, r.candidate.username, r.entry.entry_code]).casefold())

    def show_counts(self) -> None:
        summary = self.summary
        marked = f"   Marked: {len(self.marked)}" if self.marked else ""
        self.query_one("#session-counts", Static).update(
            f"Active entries: [b]{summary.active}[/b]   Withdrawn: {summary.withdrawn}{marked}")

    def selected(self) -> EntryRow | None:
        key = self.listing.selected_key if self.is_mounted else None
        return self.entries.get(key) if key else None

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """Withdraw and restore never apply to the same entry: show only the one that does."""
        if action in ("withdraw", "restore"):
            row = self.selected()
            wanted = "active" if action == "withdraw" else "withdrawn"
            if not row or row.entry.status != wanted:
                return False
        return super().check_action(action, parameters)

    def action_available(self, action: str) -> bool:
        row = self.selected()
        if action == "withdraw":
            return bool(row and row.entry.status == "active")
        if action == "restore":
            return bool(row and row.entry.status == "withdrawn")
        if action == "mark":
            return bool(row and row.entry.status == "active")
        if action == "add_entries":
            return bool(self.summary and self.summary.status == "active")
        if action == "logins":
            return bool(self.summary and self.summary.active)
        return True

    def on_data_table_row_highlighted(self) -> None:
        self.refresh_bindings()

    def action_add_entries(self) -> None:
        from entrytui.screens.add_entries import AddEntriesScreen

        if self.summary:
            self.app.push_screen(AddEntriesScreen(self.summary.session))

    def action_withdraw(self) -> None:
        from entrytui.dialogs.entry_status import WithdrawDialog

        row = self.selected()
        if row and row.entry.status == "active":
            self.app.push_screen(WithdrawDialog(row, self.summary.session), self.changed("withdrawn"))

    def action_restore(self) -> None:
        from entrytui.dialogs.entry_status import RestoreDialog

        row = self.selected()
        if row and row.entry.status == "withdrawn":
            self.app.push_screen(RestoreDialog(row, self.summary.session), self.changed("restored"))

    def changed(self, what: str):
        def done(code: str | None) -> None:
            if code:
                self.notify(f"Entry {code} {what}")

        return done

    def action_mark(self) -> None:
        row = self.selected()
        if not row or row.entry.status != "active":
            return
        self.marked ^= {row.entry.entry_code}
        self.listing.replace_row(self._row(row, self.marked))
        self.show_counts()
        self.listing.move(1)

    def action_logins(self) -> None:
        from entrytui.dialogs.logins import LoginsDialog

        active = [c for c, r in self.entries.items() if r.entry.status == "active"]
        codes = [c for c in active if c in self.marked] or active
        scope = f"The {len(codes)} marked entries" if self.marked else f"All {len(codes)} active entries"
        if codes and self.summary:
            self.app.push_screen(LoginsDialog(self.summary.session, codes, scope), self.logins_done)

    def logins_done(self, result) -> None:
        if result:
            self.marked.clear()
            extra = f" and {result.csv}" if result.csv else ""
            self.notify(f"{result.slips} slips written to {result.pdf}{extra}", timeout=10)

    def action_audit(self) -> None:
        from entrytui.screens.audit import AuditScreen

        self.app.push_screen(AuditScreen(self.session_id))
