"""The session list (the portal's Sessions): every test session of the institution, Active or
Complete, filter as you type."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import Static

from entrytui.domain import Session, SessionStatus
from entrytui.errors import InputRefused
from entrytui.rules import collation_key, plural
from entrytui.services.entries import prepare_session_lookups
from entrytui.services.sessions import SessionSummary, list_sessions, remove_session
from entrytui.tui.dialogs.base import ConfirmDialog
from entrytui.tui.dialogs.edit_session import EditSessionDialog, edited_message
from entrytui.tui.dialogs.new_session import NewSessionDialog
from entrytui.tui.keys import LIST_BINDINGS
from entrytui.tui.screens.audit import AuditScreen
from entrytui.tui.screens.candidates import CandidatesScreen
from entrytui.tui.screens.listing import ListingScreen
from entrytui.tui.screens.session_entries import SessionEntriesScreen
from entrytui.tui.screens.venues import VenuesScreen
from entrytui.tui.widgets.filter_table import Column, FilterTable, Row, harmless
from entrytui.tui.widgets.footer import KeysFooter
from entrytui.tui.widgets.header import SafeHeader
from entrytui.tui.workers import call_service


class SessionListScreen(ListingScreen):
    TITLE = "Sessions"
    BINDINGS = [
        Binding("enter", "open", "Open", tooltip="Open the highlighted session", priority=True),
        Binding("n", "new_session", "New", tooltip="Create a session", priority=True),
        Binding(
            "e",
            "edit_session",
            "Edit",
            tooltip="Edit the highlighted session (name, test, venue, start, end)",
            priority=True,
        ),
        Binding(
            "x,delete",
            "remove_session",
            "Remove",
            key_display="x",
            tooltip="Remove the highlighted session (asks; only one without entries)",
            priority=True,
        ),
        Binding("v", "toggle_view", "View", tooltip="Switch between active and complete sessions", priority=True),
        Binding("t", "audit", "Audit", tooltip="The audit trail: who did what and when", priority=True),
        Binding(
            "c",
            "candidates",
            "Candidates",
            tooltip="Every candidate of the institution: find, show, edit",
            priority=True,
        ),
        Binding("u", "venues", "Venues", tooltip="The centre's venues: add, edit, remove", priority=True),
        *LIST_BINDINGS,
        Binding("q", "app.quit", "Quit", tooltip="Leave entrytui (ctrl+q anywhere)", priority=True),
    ]
    view = reactive(SessionStatus.ACTIVE, bindings=True)

    def __init__(self) -> None:
        super().__init__()
        self.summaries: list[SessionSummary] = []

    def compose(self) -> ComposeResult:
        yield SafeHeader()
        yield Static("", id="view-line")
        yield FilterTable(
            [
                Column("ID", 3),
                Column("Session", 12, ends=True),
                Column("Test", 6, drop=1),
                Column("Venue", 6, drop=2),
                Column("Start", 16),
                Column("Entries", 7),
            ],
            placeholder="/ filter by name, test, venue or date",
            id="list",
        )
        yield KeysFooter()

    def fetch(self) -> list[SessionSummary]:
        return list_sessions(self.app.store, self.app.actor)

    def show(self, found: list[SessionSummary]) -> None:
        if self.reading_first:  # what opening a session needs, read while the operator reads this
            call_service(self, lambda: prepare_session_lookups(self.app.store), group="prepare")
        self.summaries = found
        mine = [s for s in found if s.status == self.view]
        other = self._other_view()
        hint = "   ·   n creates one" if not found else ""
        self.query_one("#view-line", Static).update(
            f"[b]{self.view.capitalize()}[/b] sessions: {len(mine)}   ·   "
            f"{other}: {len(found) - len(mine)} (v to switch){hint}"
        )
        self.listing.set_rows(
            [
                Row(
                    s.session.id,
                    (
                        s.session.id,
                        s.session.name,
                        s.session.test,
                        s.venue.name if s.venue else "-",
                        s.session.start,
                        f"{s.active:,}",
                    ),
                    collation_key(
                        " ".join(
                            [
                                s.session.id,
                                s.session.name,
                                s.session.test,
                                s.venue.name if s.venue else "",
                                s.session.start,
                            ]
                        )
                    ),
                )
                for s in mine
            ]
        )
        self.refresh_bindings()

    def watch_view(self) -> None:
        if self.is_mounted:
            self.show(self.summaries)

    def _other_view(self) -> SessionStatus:
        return SessionStatus.COMPLETE if self.view == SessionStatus.ACTIVE else SessionStatus.ACTIVE

    def action_toggle_view(self) -> None:
        self.view = self._other_view()

    def action_available(self, action: str) -> bool:
        if action in ("open", "edit_session", "remove_session"):
            return bool(self.is_mounted and self.listing.shown)
        return True

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "back" and not (self.typing or (self.is_mounted and self.listing.filter.value)):
            return False  # the first screen: Escape only leaves or clears the filter
        if action == "open" and self.typing:
            return False  # the filter's own Enter opens, after the keys typed before it
        return super().check_action(action, parameters)

    def action_open(self) -> None:
        self.open_selected()

    def open_selected(self) -> None:
        key = self.listing.selected_key
        if key:
            summary = next((s for s in self.summaries if s.session.id == key), None)
            self.app.push_screen(SessionEntriesScreen(key, summary))

    def action_new_session(self) -> None:
        self.app.push_screen(NewSessionDialog(), self.created)

    def created(self, session_id: str | None) -> None:
        if session_id:
            self.notify(f"Session {session_id} created")
            self.view = SessionStatus.ACTIVE
            self.reload()

    def action_audit(self) -> None:
        self.app.push_screen(AuditScreen())

    def action_venues(self) -> None:
        self.app.push_screen(VenuesScreen())

    def action_edit_session(self) -> None:
        key = self.listing.selected_key
        summary = next((s for s in self.summaries if s.session.id == key), None)
        if summary:
            self.app.push_screen(EditSessionDialog(summary.session), self.session_edited)

    def session_edited(self, result) -> None:
        if result and result.changes:
            self.notify(edited_message(result), markup=False, timeout=10)
        self.reload()

    def action_remove_session(self) -> None:
        summary = self.highlighted()
        if summary is None:
            return
        s, held = summary.session, summary.active + summary.withdrawn
        if held:
            self.notify(
                f"{s.name} ({s.id}) has {plural(held, 'entry', 'entries')} ({summary.active} active): only a session "
                "without entries can be removed. Move them first (m on the session's rows).",
                title="Not removed",
                severity="warning",
                markup=False,
                timeout=10,
            )
            return
        self.app.push_screen(
            ConfirmDialog(
                "Remove this session?",
                Text(
                    harmless(f"{s.name} ({s.id})\n{s.test} · {s.start} to {s.end}\n\n", "\n")
                    + "It has no entries. Its removal is kept in the audit trail."
                ),
                yes="Remove",
                no="Keep it",
            ),
            lambda yes: self.remove_from_store(s.id) if yes else None,
        )

    def remove_from_store(self, session_id: str) -> None:
        call_service(
            self,
            lambda: remove_session(self.app.store, session_id, actor=self.app.actor),
            self.removed,
            failed=self.not_removed,
            group="remove",
        )

    def removed(self, session: Session) -> None:
        self.notify(harmless(f"Session {session.id} removed: {session.name}"), markup=False)
        self.reload()

    def not_removed(self, error: Exception) -> bool:
        """Entries added meanwhile, or the session gone: said, nothing removed."""
        if isinstance(error, InputRefused):  # NotFound too
            text = "\n".join(p.message for p in error.problems)
            self.notify(f"Not removed: {text}", title="Refused", severity="error", markup=False, timeout=15)
            self.reload()
            return True
        return False

    def highlighted(self) -> SessionSummary | None:
        key = self.listing.selected_key if self.is_mounted else None
        return next((s for s in self.summaries if s.session.id == key), None) if key else None

    def action_candidates(self) -> None:
        self.app.push_screen(CandidatesScreen())

    def leave(self) -> None:
        """The first screen: Escape with nothing to undo does nothing (ctrl+q quits)."""
