"""The Search Existing tab: find candidates of the institution, mark some, add them.

Each becomes a linked entry with a new entry code; candidates already in the session
are shown as such and cannot be marked.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from entrytui.domain import Candidate, Entry
from entrytui.rules import plural
from entrytui.services.candidates import search_candidates
from entrytui.services.entries import enter_existing
from entrytui.tui.keys import LIST_MOVES
from entrytui.tui.widgets.filter_table import FilterTable, MovesList, Row
from entrytui.tui.workers import call_service

SHOWN = 200


class SearchPane(MovesList, Vertical):
    BINDINGS = [
        *LIST_MOVES,
        Binding(
            "space", "mark", "Mark", key_display="␣", tooltip="Mark or unmark the highlighted candidate", priority=True
        ),
        Binding("ctrl+s", "add_marked", "Add marked", tooltip="Enter the marked candidates into this session"),
    ]

    def __init__(self, session_id: str) -> None:
        super().__init__(id="search-pane")
        self.session_id = session_id
        self.found: dict[str, tuple] = {}
        self.total = 0
        self.marked: dict[str, str] = {}  # candidate id -> username

    def compose(self) -> ComposeResult:
        yield Static("Type a name, username or email: every word must match.", id="search-summary", markup=False)
        yield FilterTable(
            [("✓", 1), ("Candidate", 24), ("Username", 24), ("Email", 16), ("", 10)],
            placeholder="search candidates of the institution",
            id="search-results",
            local_filter=False,
        )

    @property
    def listing(self) -> FilterTable:
        return self.query_one(FilterTable)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """While the search line has focus, space and Home/End are its own."""
        return not (action in ("mark", "edge") and isinstance(self.screen.focused, Input))

    def on_mount(self) -> None:
        self.search("")

    def on_input_changed(self, event: Input.Changed) -> None:
        """The results come from the store, not just the rows shown: search again."""
        event.stop()
        self.search(event.value)

    def search(self, text: str) -> None:
        call_service(
            self,
            lambda: search_candidates(self.app.store, self.session_id, text, SHOWN),
            lambda result: self.show(*result),
            group="search",
        )

    def show(self, found: list[tuple[Candidate, bool]], total: int) -> None:
        self.found, self.total = {c.id: (c, busy) for c, busy in found}, total
        more = f" (showing {len(found)}; type more to narrow)" if total > len(found) else ""
        marked = f" · marked: {len(self.marked)}" if self.marked else ""
        self.query_one("#search-summary", Static).update(
            f"{plural(total, 'candidate matches', 'candidates match')}{more}{marked}"
        )
        self.listing.set_rows([self._row(c, busy) for c, busy in found])

    def _row(self, c, busy: bool) -> Row:
        return Row(
            c.id,
            ("✓" if c.id in self.marked else "", c.full_name, c.username, c.email, "in session" if busy else ""),
            "",
        )

    def action_mark(self) -> None:
        key = self.listing.selected_key
        if not key or key not in self.found:
            return
        candidate, busy = self.found[key]
        if busy:
            self.app.notify(f"{candidate.full_name} is in this session already", severity="warning", markup=False)
            return
        if key in self.marked:
            del self.marked[key]
        else:
            self.marked[key] = candidate.username
        self.show(list(self.found.values()), self.total)
        self.listing.move(1)

    def action_add_marked(self) -> None:
        if not self.marked:
            self.app.notify("Mark candidates first (space).", severity="warning")
            return
        chosen = list(self.marked)
        call_service(
            self,
            lambda: enter_existing(self.app.store, self.session_id, chosen, self.app.actor),
            self.added,
            group="search-add",
        )

    def added(self, made: list[Entry]) -> None:
        self.marked.clear()
        codes = ", ".join(e.entry_code for e in made)
        self.app.notify(
            f"{plural(len(made), 'candidate', 'candidates')} entered (linked): {codes}", markup=False, timeout=10
        )
        self.search(self.listing.filter.value)
