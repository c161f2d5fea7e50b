"""Move an entry to another active session, keeping its entry code (the candidate's slip stays
valid): pick the session with the arrows and Enter, then answer the question that names the
candidate, the code and both sessions.  A refusal is shown here, in one message."""

from __future__ import annotations

from rich.markup import escape
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from entrytui.domain import Session, SessionStatus
from entrytui.errors import InputRefused
from entrytui.services.entries import EntryRow, MovedEntry, move_entry
from entrytui.services.sessions import SessionSummary, list_sessions
from entrytui.tui.dialogs.base import ConfirmDialog, Dialog
from entrytui.tui.widgets.filter_table import harmless
from entrytui.tui.workers import call_service


def described(session: Session) -> str:
    return harmless(f"{session.name} ({session.id}), {session.start}")


class SessionChoice(OptionList):
    """The sessions to move to; Enter picks the highlighted one (its own key, so that the footer,
    F1 and the palette show it: the list's Enter would hide a key of the dialog's)."""

    BINDINGS = [
        Binding("enter", "select", "Move here", tooltip="Move the entry to the highlighted session (asks first)")
    ]


class MoveEntryDialog(Dialog[MovedEntry | None]):
    """Returns what was moved, or None."""

    TITLE = "Move an entry"
    AUTO_FOCUS = "#move-targets"
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, row: EntryRow, session: Session) -> None:
        super().__init__()
        self.row, self.session = row, session
        self.targets: list[Session] = []

    def compose(self) -> ComposeResult:
        c, e = self.row.candidate, self.row.entry
        with Vertical(classes="dialog", id="move-entry"):
            yield Static("Move this entry to another session", classes="dialog-title")
            yield Static(
                harmless(
                    f"{c.full_name} ({c.username}), entry code {e.entry_code} (kept),\n"
                    f"now in {described(self.session)}. To:",
                    "\n",
                ),
                classes="dialog-body",
                markup=False,
            )
            yield SessionChoice(id="move-targets", markup=False)
            yield Static("Reading the sessions…", id="move-status", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Move (enter)", id="move", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        call_service(self, lambda: list_sessions(self.app.store, self.app.actor), self.show_targets, group="sessions")

    def show_targets(self, found: list[SessionSummary]) -> None:
        """The active sessions but this one (a complete session takes no entries)."""
        self.targets = [
            s.session for s in found if s.status == SessionStatus.ACTIVE and s.session.id != self.session.id
        ]
        targets = self.query_one(OptionList)
        targets.clear_options()
        targets.add_options([Option(Text(described(s)), id=s.id) for s in self.targets])
        if self.targets:
            targets.highlighted = 0
        self.query_one("#move-status", Static).update("" if self.targets else "There is no other active session.")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_pick()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_pick() if event.button.id == "move" else self.dismiss(None)

    def action_pick(self) -> None:
        at = self.query_one(OptionList).highlighted
        if at is None or not 0 <= at < len(self.targets):
            return
        target, c, code = self.targets[at], self.row.candidate, self.row.entry.entry_code
        question = escape(
            harmless(
                f"Move {c.full_name} ({c.username}), entry code {code},\n"
                f"from {described(self.session)}\nto {described(target)}?\n"
                "The entry code stays the same: the slip they hold stays valid.",
                "\n",
            )
        )
        self.app.push_screen(
            ConfirmDialog("Move this entry?", question, yes="Move", no="Not now"),
            lambda yes: self.move(target) if yes else None,
        )

    def move(self, target: Session) -> None:
        code, seen = self.row.entry.entry_code, self.row.entry
        self.query_one("#move-status", Static).update("Moving…")
        call_service(
            self,
            lambda: move_entry(self.app.store, code, target.id, seen=seen, actor=self.app.actor),
            self.dismiss,
            failed=self.refused,
            group="move",
        )

    def refused(self, error: Exception) -> bool:
        """Refused (a complete session, an active entry there already, changed meanwhile): said
        here, in one message; the dialog stays to pick another session or cancel."""
        if not isinstance(error, InputRefused):
            self.query_one("#move-status", Static).update("Not moved.")
            return False
        reasons = "; ".join(p.message for p in error.problems)
        self.query_one("#move-status", Static).update(f"Not moved: {reasons}.")
        return True
