"""Withdraw or restore one entry, each in one step with a reason; the dialog is the question."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from entrytui.domain import Entry, Session
from entrytui.errors import InputRefused
from entrytui.rules import check_reason
from entrytui.services.entries import EntryRow, restore_entry, withdraw_entry
from entrytui.tui.dialogs.base import Dialog
from entrytui.tui.widgets.field import Field
from entrytui.tui.workers import call_service


class _EntryStatusDialog(Dialog[str | None]):
    """Returns the entry code once changed, or None when cancelled or refused."""

    VERB = ""
    EXPLAIN = ""
    VARIANT = "primary"
    AUTO_FOCUS = "#status-reason-input"
    BINDINGS = [Binding("ctrl+s", "confirm", "Confirm"), Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, row: EntryRow, session: Session) -> None:
        super().__init__()
        self.row, self.session = row, session

    def change(self, code: str, reason: str) -> Entry:
        """The service call (runs in a worker)."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        c, e = self.row.candidate, self.row.entry
        with Vertical(classes="dialog"):
            yield Static(f"{self.VERB} this entry?", classes="dialog-title")
            yield Static(
                f"{c.full_name} ({c.username}), entry code {e.entry_code},\n"
                f"in {self.session.name} ({self.session.id}).\n{self.EXPLAIN}",
                classes="dialog-body",
                markup=False,
            )
            yield Field("Reason", lambda v: check_reason(v)[1], id="status-reason", placeholder="optional")
            with Horizontal(classes="buttons"):
                yield Button(f"{self.VERB} (ctrl+s)", id="confirm", variant=self.VARIANT)
                yield Button("Cancel (esc)", id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_confirm() if event.button.id == "confirm" else self.dismiss(None)

    def on_input_submitted(self) -> None:
        self.action_confirm()

    def action_confirm(self) -> None:
        reason = self.query_one(Field)
        if reason.check():
            return
        code, why = self.row.entry.entry_code, reason.value
        call_service(
            self, lambda: self.change(code, why), lambda entry: self.dismiss(entry.entry_code), failed=self.refused
        )

    def refused(self, error: Exception) -> None:
        """Refused (e.g. changed by another operator meanwhile): nothing to retry here. A store
        problem keeps the dialog open, to try again."""
        if isinstance(error, InputRefused):
            self.dismiss(None)


class WithdrawDialog(_EntryStatusDialog):
    TITLE = "Withdraw an entry"
    VERB = "Withdraw"
    VARIANT = "error"
    EXPLAIN = "The entry stays listed as withdrawn; the candidate can be entered again."

    def change(self, code: str, reason: str) -> Entry:
        return withdraw_entry(self.app.store, code, reason, self.app.actor)


class RestoreDialog(_EntryStatusDialog):
    TITLE = "Restore an entry"
    VERB = "Restore"
    EXPLAIN = "The entry becomes active again, with the same entry code."

    def change(self, code: str, reason: str) -> Entry:
        return restore_entry(self.app.store, code, reason, self.app.actor)
