"""Venues (PRODUCT §4/§9): the centre's client venues, each with the sessions held there, filter
as you type; ``n`` adds one, ``e`` edits the highlighted one, ``x`` removes it (asks first),
or, while a session uses it, says so at once naming the sessions and asks nothing."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from entrytui.errors import InputRefused
from entrytui.rules import collation_key, plural
from entrytui.services.venues import VenueSummary, remove_venue, venue_overview
from entrytui.tui.dialogs.add_venue import AddVenueDialog
from entrytui.tui.dialogs.base import ConfirmDialog
from entrytui.tui.dialogs.edit_venue import EditVenueDialog, edited_message, named
from entrytui.tui.keys import LIST_BINDINGS
from entrytui.tui.screens.listing import ListingScreen
from entrytui.tui.widgets.filter_table import Column, FilterTable, Row, harmless
from entrytui.tui.widgets.footer import KeysFooter
from entrytui.tui.widgets.header import SafeHeader
from entrytui.tui.workers import call_service

VENUE_COLUMNS = [
    Column("ID", 3),
    Column("Venue", 10, ends=True),
    Column("Address", 8, drop=2),
    Column("Capacity", 8),
    Column("Sessions", 8, drop=1),
]
ROW_ACTIONS = ("edit_venue", "remove_venue")  # what needs a highlighted venue


class VenuesScreen(ListingScreen):
    TITLE = "Venues"
    BINDINGS = [
        Binding("n", "new_venue", "New venue", tooltip="Add a client venue (name, address, capacity)", priority=True),
        Binding(
            "e", "edit_venue", "Edit", tooltip="Edit the highlighted venue (name, address, capacity)", priority=True
        ),
        Binding(
            "x",
            "remove_venue",
            "Remove",
            tooltip="Remove the highlighted venue if no session uses it (asks first; delete too)",
            priority=True,
        ),
        Binding("delete", "remove_venue", show=False, priority=True),
        *LIST_BINDINGS,
    ]

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, VenueSummary] | None = None  # None: not read yet
        self.waiting: list[Callable[[], None]] = []  # keys typed before the venues were read
        self.go_to_venue: str | None = None  # highlight this venue once the list shows it (one just added)

    def compose(self) -> ComposeResult:
        yield SafeHeader()
        yield Static("", id="venues-count")
        yield FilterTable(VENUE_COLUMNS, placeholder="/ filter by name, address or session", id="list")
        yield KeysFooter()

    def fetch(self) -> list[VenueSummary]:
        return venue_overview(self.app.store)

    def show(self, found: list[VenueSummary]) -> None:
        self.found = {s.venue.id: s for s in found}
        used = sum(1 for s in found if s.sessions)
        hint = "   ·   n adds one" if not found else f"   ·   {used} in use"
        self.query_one("#venues-count", Static).update(f"{plural(len(found), 'venue', 'venues')}{hint}")
        self.listing.set_rows([self._row(s) for s in found])
        at = next((i for i, r in enumerate(self.listing.shown) if r.key == self.go_to_venue), None)
        if at is not None:
            self.listing.go_to(at)
        self.go_to_venue = None
        self.refresh_bindings()
        if self.waiting:
            self.listing.call_later(self.run_waiting)  # after the table has taken the rows

    @staticmethod
    def _row(s: VenueSummary) -> Row:
        v = s.venue
        capacity = "" if v.capacity is None else str(v.capacity)
        sessions = ", ".join(s.sessions)
        return Row(
            v.id,
            (v.id, v.name, v.address, capacity, sessions),
            collation_key(" ".join([v.id, v.name, v.address, sessions])),
        )

    # ---- keys typed before the venues were read act on them, in order ("u ↓ e" in one burst)

    def when_read(self, act: Callable[[], None]) -> bool:
        """Keep ``act`` for when the venues have been read (True), or let it act now (False)."""
        if self.found is None or self.waiting:
            self.waiting.append(act)
            return True
        return False

    def run_waiting(self) -> None:
        waiting, self.waiting = self.waiting, []
        for act in waiting:
            if self.app.screen is not self:
                break  # a key opened a dialog: the rest were meant for it, and are dropped
            act()

    def action_move(self, step: int) -> None:
        if not self.when_read(lambda: self.action_move(step)):
            super().action_move(step)

    def action_page(self, direction: int) -> None:
        if not self.when_read(lambda: self.action_page(direction)):
            super().action_page(direction)

    def action_edge(self, end: int) -> None:
        if not self.when_read(lambda: self.action_edge(end)):
            super().action_edge(end)

    # ----

    def highlighted(self) -> VenueSummary | None:
        key = self.listing.selected_key if self.is_mounted and self.found else None
        return self.found.get(key) if self.found and key else None

    def action_available(self, action: str) -> bool:
        if action in ROW_ACTIONS:
            return self.found is None or self.highlighted() is not None  # before the read: the key waits
        return True

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "remove_venue" and self.typing:
            return False  # x and delete are the filter line's own while it has focus
        return super().check_action(action, parameters)

    def on_filter_table_highlighted(self) -> None:
        self.refresh_bindings()

    def action_new_venue(self) -> None:
        self.app.push_screen(AddVenueDialog(), self.added)

    def added(self, venue_id: str | None) -> None:
        if venue_id:
            self.notify(f"Venue {venue_id} added", markup=False)
            self.go_to_venue = venue_id
        self.reload()

    def action_edit_venue(self) -> None:
        if self.when_read(self.action_edit_venue):
            return
        summary = self.highlighted()
        if summary:
            self.app.push_screen(EditVenueDialog(summary.venue), self.edited)

    def edited(self, result) -> None:
        if result and result.changes:
            self.notify(edited_message(result), markup=False, timeout=10)
        self.reload()

    def action_remove_venue(self) -> None:
        if self.when_read(self.action_remove_venue):
            return
        summary = self.highlighted()
        if summary is None:
            return
        venue = summary.venue
        if summary.sessions:
            self.notify(
                harmless(
                    f"{named(venue)} is the venue of {', '.join(summary.named or summary.sessions)}: a venue that "
                    "a session uses is not removed. Give those sessions another venue first (e on Sessions)."
                ),
                title="Not removed",
                severity="warning",
                markup=False,
                timeout=10,
            )
            return
        question = f"Remove the venue {named(venue)}?\nNo session is held there. The audit trail keeps what it was."
        self.app.push_screen(
            ConfirmDialog("Remove a venue?", Text(harmless(question, "\n")), yes="Remove", no="Keep it"),
            lambda yes: self.remove_from_store(venue.id) if yes else None,
        )

    def remove_from_store(self, venue_id: str) -> None:
        call_service(
            self,
            lambda: remove_venue(self.app.store, venue_id, actor=self.app.actor),
            self.removed,
            failed=self.not_removed,
            group="remove",
        )

    def removed(self, venue) -> None:
        self.notify(f"Venue {named(venue)} removed", markup=False)
        self.reload()

    def not_removed(self, error: Exception) -> bool:
        """Used by a session (or gone meanwhile): one message naming why; nothing removed."""
        if isinstance(error, InputRefused):
            text = "\n".join(p.message for p in error.problems)
            self.notify(f"Not removed: {text}", title="Refused", severity="error", timeout=15, markup=False)
            self.reload()
            return True
        return False
