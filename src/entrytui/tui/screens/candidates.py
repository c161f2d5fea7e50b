"""Candidates (the portal's My Institution › Candidates): every candidate of the institution,
filter as you type (name, username, email, entry code); Enter shows one candidate — details
and every entry — and ``e`` edits them.  Two usernames of one person: ``space`` marks the one
that goes, ``m`` on the one to keep asks (both side by side), then merges them."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from entrytui.domain import Candidate
from entrytui.errors import ChangedMeanwhile, InputRefused, NotFound
from entrytui.rules import collation_key, plural
from entrytui.services.candidate_edits import CandidateSummary, CandidateView, list_candidates, show_candidate
from entrytui.services.merging import Merged, merge_candidates
from entrytui.tui.dialogs.base import ConfirmDialog
from entrytui.tui.dialogs.merge import merge_question
from entrytui.tui.keys import LIST_BINDINGS
from entrytui.tui.screens.edit_candidate import EditCandidateScreen, edited_message
from entrytui.tui.screens.listing import ListingScreen
from entrytui.tui.widgets.filter_table import Column, FilterTable, Row, harmless
from entrytui.tui.widgets.footer import KeysFooter
from entrytui.tui.widgets.header import SafeHeader
from entrytui.tui.workers import call_service

CANDIDATE_COLUMNS = [
    Column("✓", 1),
    Column("Candidate", 10, ends=True),
    Column("Username", 12, ends=True),
    Column("Email", 8, drop=1, ends=True),
    Column("Active", 6),
    Column("Entries", 7, drop=2),
]
ENTRY_COLUMNS = [
    Column("Session", 12, ends=True),
    Column("Start", 16, drop=1),
    Column("Entry code", 10),
    Column("Status", 9),
]
EDIT = Binding("e", "edit", "Edit", tooltip="Edit the candidate's details (every session they are in)", priority=True)


class _EditsCandidates(ListingScreen):
    """A list screen whose ``e`` edits a candidate, then shows the list again."""

    def candidate_to_edit(self):
        raise NotImplementedError

    def action_available(self, action: str) -> bool:
        return self.candidate_to_edit() is not None if action == "edit" else True

    def on_filter_table_highlighted(self) -> None:
        self.refresh_bindings()

    def action_edit(self) -> None:
        candidate = self.candidate_to_edit()
        if candidate is not None:
            self.app.push_screen(EditCandidateScreen(candidate), self.edited)

    def edited(self, result) -> None:
        if result and result.changes:
            self.notify(edited_message(result), markup=False)
        self.reload()


class CandidatesScreen(_EditsCandidates):
    TITLE = "Candidates"
    BINDINGS = [
        Binding(
            "enter", "open", "Show", tooltip="Show the highlighted candidate: details and every entry", priority=True
        ),
        EDIT,
        Binding(
            "space",
            "mark",
            "Mark",
            key_display="␣",
            tooltip="Mark the candidate that goes in a merge (one person under two usernames)",
            priority=True,
        ),
        Binding(
            "m", "merge", "Merge", tooltip="Merge the marked candidate into the highlighted one (asks)", priority=True
        ),
        *LIST_BINDINGS,
    ]

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, CandidateSummary] = {}
        self.marked: str | None = None  # the id of the candidate marked to go in a merge

    def compose(self) -> ComposeResult:
        yield SafeHeader()
        yield Static("", id="candidates-count")
        yield FilterTable(CANDIDATE_COLUMNS, placeholder="/ filter by name, username, email or entry code", id="list")
        yield KeysFooter()

    def fetch(self) -> list[CandidateSummary]:
        return list_candidates(self.app.store)

    def show(self, found: list[CandidateSummary]) -> None:
        self.found = {s.candidate.id: s for s in found}
        if self.marked not in self.found:
            self.marked = None
        self.show_count()
        self.listing.set_rows([self._row(s) for s in found])
        self.refresh_bindings()

    def _row(self, s: CandidateSummary) -> Row:
        c = s.candidate
        return Row(
            c.id,
            ("✓" if c.id == self.marked else "", c.full_name, c.username, c.email, f"{s.active:,}", f"{s.entries:,}"),
            collation_key(" ".join([c.full_name, c.username, c.email, *s.codes])),
        )

    def show_count(self) -> None:
        marked = self.found.get(self.marked or "")
        said = f"   ·   marked to merge: {marked.candidate.username}" if marked else ""
        self.query_one("#candidates-count", Static).update(
            harmless(f"{plural(len(self.found), 'candidate', 'candidates')} in the institution{said}")
        )

    def highlighted(self) -> CandidateSummary | None:
        key = self.listing.selected_key if self.is_mounted else None
        return self.found.get(key) if key else None

    def candidate_to_edit(self):
        summary = self.highlighted()
        return summary.candidate if summary else None

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "open" and self.typing:
            return False  # the filter's own Enter opens, after the keys typed before it
        return super().check_action(action, parameters)

    def action_available(self, action: str) -> bool:
        here = self.highlighted()
        if action in ("open", "mark"):
            return here is not None
        if action == "merge":
            return bool(here and self.marked and self.marked != here.candidate.id)
        return super().action_available(action)

    def action_mark(self) -> None:
        """One mark at a time: marking another candidate moves the mark there.  Then the next
        row, as space does on a session's list."""
        here = self.highlighted()
        if here is None:
            return
        before = self.found.get(self.marked or "")
        self.marked = None if self.marked == here.candidate.id else here.candidate.id
        for summary in (before, here):
            if summary is not None:
                self.listing.replace_row(self._row(summary))
        self.show_count()
        self.action_move(1)
        self.refresh_bindings()

    def action_merge(self) -> None:
        keep, other = self.highlighted(), self.found.get(self.marked or "")
        if keep and other and keep.candidate.id != other.candidate.id:
            self.ask_merge(keep, other)

    def ask_merge(self, keep: CandidateSummary, other: CandidateSummary, changed: ChangedMeanwhile | None = None):
        """The question, both side by side; after a change by another operator, what they changed first."""
        question = merge_question(keep, other)
        if changed is not None:
            said = "\n".join(f"  · {c.label} {c}" for c in changed.changes)
            question = Group(
                Text(harmless(f"Not merged yet: {changed.subject} was changed meanwhile.\n{said}\n", "\n")),
                question,
            )
        self.app.push_screen(
            ConfirmDialog("Merge two candidates?", question, yes="Merge", no="Not now"),
            lambda yes: self.merge(keep, other) if yes else None,
        )

    def merge(self, keep: CandidateSummary, other: CandidateSummary) -> None:
        kept, gone = keep.candidate, other.candidate
        call_service(
            self,
            lambda: merge_candidates(
                self.app.store, kept.username, gone.username, seen_keep=kept, seen_other=gone, actor=self.app.actor
            ),
            self.merged,
            failed=lambda error: self.not_merged(error, kept.id, gone.id),
            group="merge",
        )

    def merged(self, result: Merged) -> None:
        self.marked = None
        moved = ", ".join(result.moved) or "none"
        self.notify(
            f"'{result.removed.username}' merged into '{result.kept.username}'; entries moved (codes kept): {moved}",
            markup=False,
        )
        self.reload()

    def not_merged(self, error: Exception, keep_id: str, other_id: str) -> bool:
        """Changed meanwhile: asked again with what changed and both as they are now.  Refused
        (both active in one session, one merged away): one message.  Nothing merged."""
        if isinstance(error, ChangedMeanwhile):
            call_service(
                self,
                lambda: list_candidates(self.app.store),
                lambda found: self.ask_again(found, keep_id, other_id, error),
                group="ask again",  # not "load": a refresh (the other operator's change) would cancel it
            )
            return True
        if isinstance(error, InputRefused):
            text = "\n".join(p.message for p in error.problems)
            self.notify(f"Not merged: {text}", title="Refused", severity="error", timeout=15, markup=False)
            self.reload()
            return True
        return False

    def ask_again(self, found: list[CandidateSummary], keep_id: str, other_id: str, changed: ChangedMeanwhile):
        self.show(found)
        keep, other = self.found.get(keep_id), self.found.get(other_id)
        if keep and other:
            self.ask_merge(keep, other, changed)

    def action_open(self) -> None:
        self.open_selected()

    def open_selected(self) -> None:
        summary = self.highlighted()
        if summary:
            self.app.push_screen(CandidateScreen(summary.candidate))


class CandidateScreen(_EditsCandidates):
    """One candidate: their details, and every entry with its session, code and status."""

    TITLE = "Candidate"
    BINDINGS = [EDIT, *LIST_BINDINGS]

    def __init__(self, candidate: Candidate) -> None:
        """Read by id: a rename by another operator shows here at the next refresh."""
        super().__init__()
        self.candidate = candidate
        self.view: CandidateView | None = None

    def compose(self) -> ComposeResult:
        yield SafeHeader()
        yield Static("", id="candidate-details", markup=False)
        yield FilterTable(ENTRY_COLUMNS, placeholder="/ filter by session, entry code or status", id="list")
        yield KeysFooter()

    def fetch(self) -> CandidateView:
        return show_candidate(self.app.store, self.candidate.username, candidate_id=self.candidate.id)

    def show(self, view: CandidateView) -> None:
        c, self.view = view.candidate, view
        self.candidate = c
        self.sub_title = harmless(f"{c.username} · {c.full_name}")
        details = [f"Email: {c.email or '-'}", f"Date of birth: {c.date_of_birth or '-'}", f"Gender: {c.gender or '-'}"]
        self.query_one("#candidate-details", Static).update(
            harmless(f"{(c.title + ' ') if c.title else ''}{c.full_name} · {c.username}\n" + "   ".join(details), "\n")
            + f"\n{plural(len(view.entries), 'entry', 'entries')}, oldest first",
        )
        self.listing.set_rows(
            [
                Row(
                    e.entry.entry_code,
                    (f"{e.session.name} ({e.session.id})", e.session.start, e.entry.entry_code, e.entry.status),
                    collation_key(" ".join([e.session.name, e.session.id, e.entry.entry_code, e.entry.status])),
                )
                for e in view.entries
            ]
        )
        self.refresh_bindings()

    def candidate_to_edit(self):
        return self.view.candidate if self.view else None

    def edited(self, result) -> None:
        if result:
            self.candidate = result.candidate
        super().edited(result)

    def load_failed(self, error: Exception) -> bool:
        """Merged into another candidate meanwhile: said, and back to the list."""
        if isinstance(error, NotFound):
            self.notify(str(error), title="Gone", severity="warning", markup=False, timeout=10)
            if self.app.screen is self:  # else when it comes back to the top
                self.dismiss()
            return True
        return False
