"""The Search Existing tab: find candidates of the institution, mark some, add them.

Each becomes a linked entry with a new entry code; candidates already in the session
are shown as such and cannot be marked.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from entrytui.domain import Candidate, Entry
from entrytui.rules import plural
from entrytui.services.candidates import search_candidates
from entrytui.services.entries import enter_existing
from entrytui.tui.keys import LIST_MOVES
from entrytui.tui.widgets.filter_table import Column, FilterTable, MovesList, Row
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
        self.asked = self.answered = 0  # searches asked for, and the last one whose results are shown
        self.asked_text = ""  # what the last search asked for
        self.waiting: list[Callable[[], None]] = []  # keys pressed while a search was on its way

    def compose(self) -> ComposeResult:
        yield Static("Type a name, username or email: every word must match.", id="search-summary", markup=False)
        yield FilterTable(
            [
                Column("✓", 1),
                Column("Candidate", 10, ends=True),
                Column("Username", 12, ends=True),
                Column("Email", 8, drop=1),
                Column("", 10),
            ],
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
        if event.value != self.asked_text:  # not asked already by a key that came before this message
            self.search(event.value)

    def search(self, text: str) -> None:
        self.asked += 1
        self.asked_text = text
        asked = self.asked
        call_service(
            self,
            lambda: search_candidates(self.app.store, self.session_id, text, SHOWN),
            lambda result: self.searched(asked, *result),
            failed=lambda _error: self.searched(asked),
            group="search",
        )

    def searched(self, asked: int, found: list[tuple[Candidate, bool]] | None = None, total: int = 0) -> None:
        """The results of the last search typed (an earlier one's are not shown); then the keys
        pressed while they were on their way act on them, in order."""
        if asked != self.asked:
            return
        self.answered = asked
        if found is not None:
            self.show(found, total)
        waiting, self.waiting = self.waiting, []
        for act in waiting:
            act()

    def later(self, act: Callable[[], None]) -> bool:
        """While a search is on its way, a key that acts on its rows waits for them (True).  Text
        typed in the same burst counts: the search line's change reaches this pane only after
        the keys behind it, so the search it asks for is started here."""
        typed = self.listing.filter.value
        if typed != self.asked_text:
            self.search(typed)
        if self.answered != self.asked:
            self.waiting.append(act)
            return True
        return False

    def action_move(self, step: int) -> None:
        if not self.later(lambda: self.action_move(step)):
            super().action_move(step)

    def action_page(self, direction: int) -> None:
        if not self.later(lambda: self.action_page(direction)):
            super().action_page(direction)

    def action_edge(self, end: int) -> None:
        if not self.later(lambda: self.action_edge(end)):
            super().action_edge(end)

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
        if self.later(self.action_mark):
            return
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
        if self.later(self.action_add_marked):
            return
        if not self.marked:
            self.app.notify("Mark candidates first (space).", severity="warning")
            return
        chosen = dict(self.marked)
        call_service(
            self,
            lambda: enter_existing(self.app.store, self.session_id, list(chosen), self.app.actor),
            lambda made: self.added(made, chosen),
            group="search-add",
        )

    def added(self, made: list[Entry], usernames: dict[str, str]) -> None:
        """Says who was entered, by username, with their new entry codes."""
        self.marked.clear()
        who = ", ".join(f"{usernames.get(e.candidate_id, e.candidate_id)} ({e.entry_code})" for e in made)
        self.app.notify(
            f"{plural(len(made), 'candidate', 'candidates')} entered (linked): {who}", markup=False, timeout=10
        )
        self.search(self.listing.filter.value)
