"""Add a client venue (from the Venues screen, or from the New session dialog): name, address,
capacity, each checked by its rule.  The fields are the Edit venue dialog's too
(dialogs/edit_venue.py)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from entrytui.domain import Venue
from entrytui.errors import InputRefused, NotFound
from entrytui.rules import check_address, check_capacity, check_venue_name
from entrytui.services.venues import add_venue
from entrytui.tui.dialogs.base import Dialog, GuardedForm
from entrytui.tui.widgets.field import Field
from entrytui.tui.workers import call_service

# The venue's field (as edit_venue takes it) -> the Field's id; a refusal's field (as the rules
# name it: "venue", "address", "capacity") -> the same Field.
FIELD_IDS = {"name": "venue-name", "address": "venue-address", "capacity": "venue-capacity"}
REFUSED_UNDER = {"venue": "venue-name", "address": "venue-address", "capacity": "venue-capacity"}


def form_value(venue: Venue, field: str) -> str:
    """A venue's field as its Field holds it (no capacity: empty)."""
    value = getattr(venue, field)
    return "" if value is None else str(value)


class AddVenueDialog(GuardedForm, Dialog[str | None]):
    """Returns the new venue's id, or None."""

    TITLE = "New venue"

    AUTO_FOCUS = "#venue-name-input"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="Check the fields and add the venue (enter too)"),
        Binding("escape", "cancel", "Cancel", tooltip="Back without saving (asks before discarding what you typed)"),
    ]

    def heading(self) -> str:
        return "New client venue"

    def initial(self, field: str) -> str:
        """What a field (``name``, ``address``, ``capacity``) holds when the dialog opens."""
        return ""

    def extra_fields(self) -> ComposeResult:
        """Below the fields (an edit's status line)."""
        yield from ()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.heading(), classes="dialog-title", id="venue-heading", markup=False)
            yield Field(
                "Name",
                lambda v: check_venue_name(v)[1],
                id="venue-name",
                placeholder="e.g. Oxford Centre",
                value=self.initial("name"),
            )
            yield Field(
                "Address",
                lambda v: check_address(v)[1],
                id="venue-address",
                placeholder="optional",
                value=self.initial("address"),
            )
            yield Field(
                "Capacity",
                lambda v: check_capacity(v)[1],
                id="venue-capacity",
                placeholder="optional: seats, e.g. 40",
                value=self.initial("capacity"),
            )
            yield from self.extra_fields()
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def field(self, name: str) -> Field:
        return self.query_one(f"#{FIELD_IDS[name]}", Field)

    def typed(self) -> dict[str, str]:
        return {name: self.field(name).value for name in FIELD_IDS}

    def fields_pass(self) -> bool:
        """Every field's rule, shown under it (all of them, not only the first that fails)."""
        return not any([self.field(name).check() for name in FIELD_IDS])

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_save() if event.button.id == "save" else self.action_cancel()

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        if not self.fields_pass():
            return
        typed = self.typed()
        call_service(
            self,
            lambda: add_venue(self.app.store, typed["name"], typed["address"], self.app.actor, typed["capacity"]),
            lambda venue: self.dismiss(venue.id),
            failed=self.refused,
            group="save",
        )

    def refused(self, error: Exception) -> bool:
        """A refusal is shown under the field it names (True); anything else (a store problem)
        as the app's message."""
        if not isinstance(error, InputRefused) or isinstance(error, NotFound):
            return False
        under: dict[str, list] = {}
        for problem in error.problems:
            under.setdefault(REFUSED_UNDER.get(problem.field, "venue-name"), []).append(problem)
        for field_id, problems in under.items():
            self.query_one(f"#{field_id}", Field).show(problems)
        return True
