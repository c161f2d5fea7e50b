"""Edit a venue: the New venue dialog's fields and rules, prefilled with the venue as the
Venues screen listed it.  Save sends only the fields changed, with ``seen``: if another operator
changed the venue since, nothing is saved and the question says who changed what; saving on top
of theirs keeps their change in every field left alone here."""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from entrytui.domain import VENUE_FIELDS, Venue
from entrytui.errors import ChangedMeanwhile, InputRefused, NotFound
from entrytui.services.changes import describe
from entrytui.services.venues import EditedVenue, edit_venue
from entrytui.tui.dialogs.add_venue import FIELD_IDS, AddVenueDialog, form_value
from entrytui.tui.dialogs.changed_meanwhile import ask_what_to_do, save_changes

OPENED_SAID = "Only changed fields are saved; an empty address or capacity clears it."


def edited_message(edited: EditedVenue) -> str:
    """What the Venues screen says after Save."""
    return f"Venue {edited.venue.id}: {describe(edited.changes, VENUE_FIELDS)}"


def named(venue: Venue) -> str:
    return f"{venue.name} ({venue.id})"


class EditVenueDialog(AddVenueDialog):
    """Returns the :class:`EditedVenue`, or None (nothing saved)."""

    TITLE = "Edit venue"
    BINDINGS = [Binding("ctrl+s", "save", "Save", tooltip="Check the fields and save the changed ones (enter too)")]

    def __init__(self, venue: Venue) -> None:
        super().__init__()
        self.opened = venue  # what the form was filled with: a field differing from it is a change
        self.seen = venue  # what the service compares the store with (theirs, once saved on top)

    def heading(self) -> str:
        return f"Edit venue {named(self.opened)}"

    def initial(self, field: str) -> str:
        return form_value(self.opened, field)

    def extra_fields(self) -> ComposeResult:
        yield Static(OPENED_SAID, id="venue-status", markup=False)

    def status(self, text: str) -> None:
        self.query_one("#venue-status", Static).update(text)

    def changed(self) -> dict[str, str]:
        """The fields the operator changed from what the form opened with."""
        return {name: value for name, value in self.typed().items() if value != form_value(self.opened, name)}

    def has_unsaved_input(self) -> bool:
        return bool(self.changed())

    def fill(self, venue: Venue) -> None:
        """The form holds ``venue`` (after Reload)."""
        self.opened = self.seen = venue
        for name in FIELD_IDS:
            self.field(name).value = form_value(venue, name)
            self.field(name).check()
        self.query_one("#venue-heading", Static).update(self.heading())

    def action_save(self) -> None:
        if not self.fields_pass():
            return
        changed = self.changed()
        edit = partial(edit_venue, self.app.store, actor=self.app.actor, **changed)
        save_changes(self, changed, lambda seen: edit(seen.id, seen=seen), self.not_saved)

    def not_saved(self, error: Exception) -> bool:
        """Changed meanwhile: the question.  Gone meanwhile: said on the status line.  A rule or
        a name taken: under the field.  A store problem: the app's message (the form kept)."""
        if isinstance(error, ChangedMeanwhile):
            self.ask_changed(error)
            return True
        if isinstance(error, NotFound):
            self.status("Not saved: " + "; ".join(p.message for p in error.problems))
            return True
        if isinstance(error, InputRefused):
            self.status("Not saved: see the message under the field.")
        else:
            self.status(OPENED_SAID)
        return self.refused(error)

    def ask_changed(self, exc: ChangedMeanwhile) -> None:
        self.status("Not saved: another operator changed this venue meanwhile.")
        mine = {name: (form_value(self.opened, name), value) for name, value in self.changed().items()}
        reloaded = "Reloaded: the venue as it is now; make your change again if it applies."
        ask_what_to_do(self, exc, mine, reloaded, labels=VENUE_FIELDS, what=named(self.opened))
