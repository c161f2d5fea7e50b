"""The audit trail: who did what and when, newest first, filter as you type."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from entrytui.domain import AuditEvent
from entrytui.rules import collation_key
from entrytui.services.audit import list_events
from entrytui.tui.keys import LIST_BINDINGS
from entrytui.tui.screens.listing import ListingScreen
from entrytui.tui.widgets.filter_table import Column, FilterTable, Row, harmless
from entrytui.tui.widgets.footer import KeysFooter
from entrytui.tui.widgets.header import SafeHeader


class AuditScreen(ListingScreen):
    TITLE = "Audit trail"
    BINDINGS = [*LIST_BINDINGS]

    def __init__(self, session_id: str | None = None) -> None:
        super().__init__()
        self.session_id = session_id
        self.events: list[AuditEvent] = []

    def compose(self) -> ComposeResult:
        yield SafeHeader()
        yield Static("", id="audit-scope", markup=False)
        yield FilterTable(
            [
                Column("When (UTC)", 16),
                Column("Who", 6, drop=2),
                Column("Action", 12),
                Column("Subject", 8, drop=1),
                Column("Summary", 12),
            ],
            placeholder="/ filter by who, action, subject or text",
            id="list",
            detail=False,  # the event in full is shown below
        )
        yield Static("", id="audit-detail", markup=False)
        yield KeysFooter()

    def fetch(self) -> list[AuditEvent]:
        return list_events(self.app.store, self.session_id)

    def on_filter_table_highlighted(self) -> None:
        """The whole of the highlighted event, since the table cuts long summaries."""
        key = self.listing.selected_key
        event = self.events[len(self.events) - int(key)] if key else None
        self.query_one("#audit-detail", Static).update(
            harmless(f"{event.at}  {event.who}  {event.action}  {event.subject}") + "\n" + harmless(event.summary)
            if event
            else ""
        )

    def show(self, events: list[AuditEvent]) -> None:
        self.events = events
        scope = f"session {self.session_id}" if self.session_id else "the whole store"
        self.query_one("#audit-scope", Static).update(f"{len(events):,} events in {scope}, newest first")
        self.listing.set_rows(
            [
                Row(
                    str(len(events) - i),
                    (e.at[:16].replace("T", " "), e.who, e.action, e.subject, e.summary),
                    collation_key(" ".join([e.at, e.who, e.action, e.subject, e.summary])),
                )
                for i, e in enumerate(events)
            ]
        )
