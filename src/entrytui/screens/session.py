"""One session: its details and entries; Add Entries and Withdraw from here."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static

from entrytui.screens.listing import LIST_BINDINGS, ListingScreen
from entrytui.services.entries import EntryRow, list_entries
from entrytui.services.sessions import SessionSummary, session_summary
from entrytui.widgets.filter_table import FilterTable, Row


class SessionScreen(ListingScreen):
    TITLE = "Session"
    BINDINGS = [
        Binding("a", "add_entries", "Add Entries", tooltip="Enter candidates into this session"),
        Binding("w", "withdraw", "Withdraw", tooltip="Withdraw the highlighted entry (asks first)"),
        *LIST_BINDINGS,
    ]

    def __init__(self, session_id: str) -> None:
        super().__init__()
        self.session_id = session_id
        self.summary: SessionSummary | None = None
        self.entries: dict[str, EntryRow] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="session-details")
        yield Static("", id="session-counts")
        yield FilterTable([("Candidate", 24), ("Username", 28), ("Entry code", 10), ("Status", 9)],
                          placeholder="/ filter by name, username or entry code", id="list")
        yield Footer()

    def fetch(self) -> tuple[SessionSummary, list[EntryRow]]:
        return session_summary(self.app.store, self.session_id), list_entries(self.app.store, self.session_id)

    def show(self, data: tuple[SessionSummary, list[EntryRow]]) -> None:
        summary, rows = data
        self.summary = summary
        session = summary.session
        self.sub_title = f"{session.id} · {session.name}"
        venue = summary.venue.name if summary.venue else "no venue"
        self.query_one("#session-details", Static).update(
            f"[b]{escape(session.name)}[/b] ({session.id}) · {escape(session.test)} · {escape(venue)}\n"
            f"{session.start} – {session.end[11:]} · {summary.status}")
        self.query_one("#session-counts", Static).update(
            f"Active entries: [b]{summary.active}[/b]   Withdrawn: {summary.withdrawn}")
        self.entries = {r.entry.entry_code: r for r in rows}
        self.listing.set_rows([
            Row(r.entry.entry_code,
                (r.candidate.full_name, r.candidate.username, r.entry.entry_code, r.entry.status),
                " ".join([r.candidate.full_name, r.candidate.username, r.entry.entry_code]).casefold())
            for r in rows
        ])
        self.refresh_bindings()

    def selected(self) -> EntryRow | None:
        key = self.listing.selected_key if self.is_mounted else None
        return self.entries.get(key) if key else None

    def action_available(self, action: str) -> bool:
        if action == "withdraw":
            row = self.selected()
            return bool(row and row.entry.status == "active")
        if action == "add_entries":
            return bool(self.summary and self.summary.status == "active")
        return True

    def on_data_table_row_highlighted(self) -> None:
        self.refresh_bindings()

    def action_add_entries(self) -> None:
        from entrytui.screens.add_entries import AddEntriesScreen

        if self.summary:
            self.app.push_screen(AddEntriesScreen(self.summary.session))

    def action_withdraw(self) -> None:
        from entrytui.dialogs.withdraw import WithdrawDialog

        row = self.selected()
        if row and row.entry.status == "active":
            self.app.push_screen(WithdrawDialog(row, self.summary.session), self.withdrawn)

    def withdrawn(self, code: str | None) -> None:
        if code:
            self.notify(f"Entry {code} withdrawn")
