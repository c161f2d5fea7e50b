"""Withdraw one entry, with a reason; the dialog is the "are you sure?"."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from entrytui.domain import Session
from entrytui.errors import InputRefused
from entrytui.rules import check_reason
from entrytui.screens.base import ReportsWorkerErrors
from entrytui.services.entries import EntryRow, withdraw_entry
from entrytui.widgets.field import Field


class WithdrawDialog(ReportsWorkerErrors, ModalScreen[str | None]):
    """Returns the withdrawn entry code, or None when cancelled."""

    AUTO_FOCUS = "#withdraw-reason-input"
    BINDINGS = [Binding("ctrl+s", "withdraw", "Withdraw"), Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, row: EntryRow, session: Session) -> None:
        super().__init__()
        self.row, self.session = row, session

    def compose(self) -> ComposeResult:
        c, e = self.row.candidate, self.row.entry
        with Vertical(classes="dialog"):
            yield Static("Withdraw this entry?", classes="dialog-title")
            yield Static(f"{c.full_name} ({c.username}), entry code {e.entry_code},\n"
                         f"from {self.session.name} ({self.session.id}).\n"
                         "The entry stays listed as withdrawn; the candidate can be entered again.",
                         classes="dialog-body", markup=False)
            yield Field("Reason", lambda v: check_reason(v)[1], id="withdraw-reason", placeholder="optional")
            with Horizontal(classes="buttons"):
                yield Button("Withdraw (ctrl+s)", id="withdraw", variant="error")
                yield Button("Cancel (esc)", id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_withdraw() if event.button.id == "withdraw" else self.dismiss(None)

    def on_input_submitted(self) -> None:
        self.action_withdraw()

    def action_withdraw(self) -> None:
        reason = self.query_one(Field)
        if not reason.check():
            self.do_withdraw(reason.value)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def do_withdraw(self, reason: str) -> None:
        try:
            entry = withdraw_entry(self.app.store, self.row.entry.entry_code, reason)
        except InputRefused as exc:
            self.app.call_from_thread(self.app.report_error, exc)
            self.app.call_from_thread(self.dismiss, None)
            return
        self.app.call_from_thread(self.dismiss, entry.entry_code)
