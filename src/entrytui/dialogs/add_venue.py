"""Add a client venue (from the new-session dialog)."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from entrytui.dialogs.base import GuardedForm
from entrytui.errors import InputRefused
from entrytui.rules import check_venue_name
from entrytui.screens.base import ReportsWorkerErrors
from entrytui.services.venues import add_venue
from entrytui.widgets.field import Field


class AddVenueDialog(ReportsWorkerErrors, GuardedForm, ModalScreen[str | None]):
    """Returns the new venue's id, or None."""

    AUTO_FOCUS = "#venue-name-input"
    BINDINGS = [Binding("ctrl+s", "save", "Save"), Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("New client venue", classes="dialog-title")
            yield Field("Name", lambda v: check_venue_name(v)[1], id="venue-name", placeholder="e.g. Oxford Centre")
            yield Field("Address", None, id="venue-address", placeholder="optional")
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_save() if event.button.id == "save" else self.action_cancel()

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        name = self.query_one("#venue-name", Field)
        if not name.check():
            self.save(name.value, self.query_one("#venue-address", Field).value)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def save(self, name: str, address: str) -> None:
        try:
            venue = add_venue(self.app.store, name, address)
        except InputRefused as exc:
            self.app.call_from_thread(self.query_one("#venue-name", Field).show, exc.problems)
            return
        self.app.call_from_thread(self.dismiss, venue.id)
