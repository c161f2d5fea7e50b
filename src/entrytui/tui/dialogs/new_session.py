"""Create a session: name, test, venue (or a new one), start; the end is derived.  The
fields and their rules are the Edit session dialog's too (dialogs/edit_session.py)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Button, Label, Select, Static

from entrytui.domain import TEST_DURATIONS, Venue, duration_of
from entrytui.rules import check_session, check_session_name, check_test_name, parse_datetime
from entrytui.services.sessions import add_session
from entrytui.services.venues import list_venues
from entrytui.tui.dialogs.add_venue import AddVenueDialog
from entrytui.tui.dialogs.base import ConfirmDialog, Dialog, GuardedForm
from entrytui.tui.keys import ADVANCE, advance_allowed
from entrytui.tui.widgets.field import Field
from entrytui.tui.workers import call_service


class NewSessionDialog(GuardedForm, Dialog[str | None]):
    """Returns the new session's id, or None."""

    TITLE = "New session"
    HEADING = "New session"

    def __init__(self) -> None:
        super().__init__()
        self.venue_names: dict[str, str] = {}  # id -> name, as read in the background

    def initial(self, field: str) -> str:
        """What a field (``name``, ``test``, ``start``) holds when the dialog opens."""
        return ""

    def extra_fields(self) -> ComposeResult:
        """Fields after Start (an edit's End)."""
        yield from ()

    AUTO_FOCUS = "#session-name-input"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="Create the session"),
        Binding("ctrl+n", "new_venue", "New venue", tooltip="Add a client venue and choose it"),
        Binding("escape", "cancel", "Cancel"),
        ADVANCE,
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="new-session"):
            yield Static(self.HEADING, classes="dialog-title", markup=False)
            yield Field(
                "Name",
                lambda v: check_session_name(v)[1],
                id="session-name",
                placeholder="e.g. December Linguaskill",
                value=self.initial("name"),
            )
            yield Field(
                "Test",
                lambda v: check_test_name(v)[1],
                id="session-test",
                placeholder="e.g. Linguaskill",
                suggester=SuggestFromList(list(TEST_DURATIONS), case_sensitive=False),
                value=self.initial("test"),
            )
            with Horizontal(classes="select-row"):
                yield Label("Venue", classes="caption")
                yield Select([], prompt="No venue", id="session-venue")
            yield Field(
                "Start",
                lambda v: parse_datetime("start", v)[1],
                id="session-start",
                placeholder="YYYY-MM-DD HH:MM",
                value=self.initial("start"),
            )
            yield from self.extra_fields()
            yield Static("", id="session-end")
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.load_venues()

    def load_venues(self, choose: str | None = None) -> None:
        """The venues, read in a worker (another operator may hold the store for seconds)."""
        call_service(
            self, lambda: list_venues(self.app.store), lambda found: self.show_venues(found, choose), group="venues"
        )

    def show_venues(self, venues: list[Venue], choose: str | None) -> None:
        select = self.query_one(Select)
        self.venue_names = {v.id: v.name for v in venues}
        select.set_options([(name, venue_id) for venue_id, name in self.venue_names.items()])
        if choose:
            select.value = choose
        elif len(venues) == 1:  # the centre's only venue: chosen already
            select.value = venues[0].id

    def on_input_changed(self) -> None:
        """Show the derived end as soon as the start and test allow it."""
        test = self.query_one("#session-test", Field).value.strip()
        found, _ = check_session(
            name="x",
            test=test or "x",
            start=self.query_one("#session-start", Field).value,
            duration_minutes=duration_of(test),
        )
        self.query_one("#session-end", Static).update(
            f"Ends {found.end:%Y-%m-%d %H:%M} ({duration_of(test)} min)" if found else ""
        )

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        return advance_allowed(self) if action == "advance" else True

    def action_advance(self) -> None:
        self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_save() if event.button.id == "save" else self.action_cancel()

    def action_new_venue(self) -> None:
        self.app.push_screen(AddVenueDialog(), lambda venue_id: venue_id and self.load_venues(venue_id))

    def chosen_venue(self) -> str | None:
        select = self.query_one(Select)
        return None if select.value is Select.NULL else self.venue_names.get(select.value)

    def action_save(self) -> None:
        fields = {f.id: f for f in self.query(Field)}
        if any([f.check() for f in fields.values()]):
            return
        venue = self.chosen_venue()
        name, test, start = (fields[f].value for f in ("session-name", "session-test", "session-start"))

        def save(yes: bool | None = True) -> None:
            if yes:
                call_service(
                    self,
                    lambda: add_session(
                        self.app.store, name=name, test=test, start=start, venue=venue, actor=self.app.actor
                    ),
                    lambda session: self.dismiss(session.id),
                    group="save",
                )

        begins, _ = parse_datetime("start", start)
        if begins is not None and begins < self.app.actor.local_now():
            question = f"It starts {begins:%Y-%m-%d %H:%M}, in the past. Create it all the same?"
            self.app.push_screen(ConfirmDialog("A session in the past?", question, yes="Create", no="Change it"), save)
        else:
            save()
