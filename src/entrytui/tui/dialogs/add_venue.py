"""Add a client venue (from the new-session dialog)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from entrytui.errors import InputRefused
from entrytui.rules import check_venue_name
from entrytui.services.venues import add_venue
from entrytui.tui.dialogs.base import Dialog, GuardedForm
from entrytui.tui.widgets.field import Field
from entrytui.tui.workers import call_service


class AddVenueDialog(GuardedForm, Dialog[str | None]):
    """Returns the new venue's id, or None."""

    TITLE = "New venue"

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
        if name.check():
            return
        address = self.query_one("#venue-address", Field).value
        call_service(
            self,
            lambda: add_venue(self.app.store, name.value, address, self.app.actor),
            lambda venue: self.dismiss(venue.id),
            failed=self.refused,
        )

    def refused(self, error: Exception) -> bool:
        """A refused name is shown under the name (True); a store problem as a message."""
        if isinstance(error, InputRefused):
            self.query_one("#venue-name", Field).show(error.problems)
            return True
        return False
