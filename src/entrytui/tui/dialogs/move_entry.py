"""Move an entry to another active session, keeping its entry code (the candidate's slip stays
valid): pick the session with the arrows and Enter, then answer the question that names the
candidate, the code and both sessions.  A session where the candidate holds an active entry
already is listed greyed with that entry's code; Enter on it says so at once and asks nothing.
A refusal is shown here, in one message."""

from __future__ import annotations

from rich.markup import escape
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from entrytui.domain import Session
from entrytui.errors import InputRefused
from entrytui.rules import plural
from entrytui.services.entries import EntryRow, MovedEntry, MoveTarget, move_entry, move_targets
from entrytui.tui.dialogs.base import ConfirmDialog, Dialog
from entrytui.tui.widgets.filter_table import harmless
from entrytui.tui.workers import call_service


def described(session: Session) -> str:
    return harmless(f"{session.name} ({session.id}), {session.start}")


def shown(target: MoveTarget) -> Text:
    """A session to move to; one the candidate is in already greyed, with why."""
    if not target.held:
        return Text(described(target.session))
    return Text(f"{described(target.session)}\n  already in it, entry code {target.held}", style="dim")


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
        self.targets: list[MoveTarget] = []

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
        code = self.row.entry.entry_code
        call_service(
            self, lambda: move_targets(self.app.store, code, self.app.actor), self.show_targets, group="sessions"
        )

    def show_targets(self, found: list[MoveTarget]) -> None:
        """The active sessions but this one (a complete session takes no entries), those the
        candidate is in already greyed; the first one it can go to highlighted; with none, no
        Move button (Enter on a greyed one still says why)."""
        self.targets = found
        targets = self.query_one(OptionList)
        targets.clear_options()
        targets.add_options([Option(shown(t), id=t.session.id) for t in found])
        if found:
            targets.highlighted = next((i for i, t in enumerate(found) if not t.held), 0)
        held = sum(1 for t in found if t.held)
        if not found:
            said = "There is no other active session."
        elif held == len(found):
            said = "They hold an active entry in every other active session: there is nowhere to move it."
        elif held:
            said = f"Greyed: {plural(held, 'session', 'sessions')} they are in already: a move there is refused."
        else:
            said = ""
        self.query_one("#move-status", Static).update(said)
        self.query_one("#move", Button).display = held < len(found)  # no Move button with nowhere to move it

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_pick()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_pick() if event.button.id == "move" else self.dismiss(None)

    def action_pick(self) -> None:
        at = self.query_one(OptionList).highlighted
        if at is None or not 0 <= at < len(self.targets):
            return
        target, c, code = self.targets[at].session, self.row.candidate, self.row.entry.entry_code
        if held := self.targets[at].held:
            self.query_one("#move-status", Static).update(
                harmless(
                    f"Not moved: {c.full_name} ('{c.username}') already has an active entry in "
                    f"{target.name} ({target.id}), entry code {held}."
                )
            )
            return
        test = (
            f"This changes their test: {self.session.test} → {target.test}.\n"
            if target.test != self.session.test
            else ""
        )
        question = escape(
            harmless(
                f"Move {c.full_name} ({c.username}), entry code {code},\n"
                f"from {described(self.session)}\nto {described(target)}?\n{test}"
                "The entry code and their password stay the same, but the slip they hold names the old "
                "session and start: print a new one (l on the session).",
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
