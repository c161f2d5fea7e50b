"""First run: the institution this store belongs to, then on to Sessions."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Static

from entrytui.domain import Institution
from entrytui.rules import check_institution_id, check_institution_name
from entrytui.services.setup import init_store
from entrytui.tui.keys import ADVANCE
from entrytui.tui.screens.base import BaseScreen
from entrytui.tui.screens.session_list import SessionListScreen
from entrytui.tui.widgets.field import Field
from entrytui.tui.widgets.footer import KeysFooter
from entrytui.tui.widgets.header import SafeHeader
from entrytui.tui.workers import call_service


class SetupScreen(BaseScreen):
    TITLE = "Set up"
    AUTO_FOCUS = "#institution-id-input"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="Create the store for this institution"),
        Binding("escape", "app.quit", "Quit"),
        ADVANCE,
    ]

    def compose(self) -> ComposeResult:
        yield SafeHeader()
        with Vertical(classes="panel"):
            yield Static("Welcome. This store is new: which institution is it for?", classes="dialog-title")
            yield Static(f"It will be created at {self.app.store.path}", id="store-path", markup=False)
            yield Field(
                "Institution ID", lambda v: check_institution_id(v)[1], id="institution-id", placeholder="e.g. GB123"
            )
            yield Field(
                "Name",
                lambda v: check_institution_name(v)[1],
                id="institution-name",
                placeholder="e.g. Oxford Language Centre",
            )
            yield Button("Save (ctrl+s)", id="save", variant="primary")
        yield KeysFooter()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_save()

    def action_save(self) -> None:
        fields = list(self.query(Field))
        if any([f.check() for f in fields]):
            return
        institution_id, name = fields[0].value, fields[1].value
        call_service(self, lambda: init_store(self.app.store, institution_id, name, self.app.actor), self.done)

    def done(self, found: Institution) -> None:
        self.app.set_institution(found)
        self.app.switch_screen(SessionListScreen())
