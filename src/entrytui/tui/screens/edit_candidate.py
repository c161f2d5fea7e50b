"""Edit candidate: the Single Candidate Entry form's fields and rules (the title too, not the
password), prefilled with the candidate as the operator saw them.

Save sends only the fields the operator changed, with ``seen``: the candidate as the form
opened.  If another operator changed them since, nothing is saved and the question says who
changed what; saving on top of theirs keeps their change in every field left alone here.
"""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Button, Select, Static

from entrytui.domain import CANDIDATE_FIELDS, Candidate
from entrytui.errors import ChangedMeanwhile
from entrytui.services.candidate_edits import EditedCandidate, edit_candidate
from entrytui.services.changes import describe
from entrytui.tui.dialogs.base import GuardedForm
from entrytui.tui.dialogs.changed_meanwhile import ask_what_to_do, save_changes
from entrytui.tui.keys import ADVANCE
from entrytui.tui.screens.base import BaseScreen
from entrytui.tui.screens.candidate_form import CandidateForm, candidate_fields
from entrytui.tui.widgets.footer import KeysFooter
from entrytui.tui.widgets.header import SafeHeader

# The form's fields: the candidate's field -> the Field's id ("" for a Select of the same name).
FORM_FIELDS = {
    "title": "",
    "first_name": "first-name",
    "family_name": "family-name",
    "username": "username",
    "email": "email",
    "date_of_birth": "dob",
    "gender": "",
}


def edited_message(edited: EditedCandidate) -> str:
    """What the screen that opened the form says after Save."""
    c = edited.candidate
    return f"{c.full_name} ({c.username}): {describe(edited.changes, CANDIDATE_FIELDS)}"


class EditCandidateScreen(CandidateForm, GuardedForm, BaseScreen):
    """Returns the :class:`EditedCandidate`, or None (nothing saved)."""

    TITLE = "Edit candidate"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="Check every field and save the changed details"),
        Binding("escape", "cancel", "Back", tooltip="Back without saving (asks before discarding changes)"),
        ADVANCE,
    ]
    AUTO_FOCUS = "#first-name-input"  # the names are what is corrected most (the title comes first)

    def __init__(self, candidate: Candidate) -> None:
        super().__init__()
        self.opened = candidate  # what the form was filled with: a field differing from it is a change
        self.seen = candidate  # what the service compares the store with (theirs, once saved on top)

    def compose(self) -> ComposeResult:
        yield SafeHeader()
        with VerticalScroll(id="edit-form", classes="candidate-form"):
            yield Static(self.about(), id="edit-about", markup=False)
            yield from candidate_fields(title=True, values=self.opened)
            yield Static("", id="form-status", markup=False)
            yield Button("Save (ctrl+s)", id="save", variant="primary")
        yield KeysFooter()

    def about(self) -> str:
        c = self.opened
        return f"{c.full_name} ({c.username}): the change shows in every session they are in."

    def on_mount(self) -> None:
        self.sub_title = f"{self.opened.username} · {self.opened.full_name}"

    def typed(self) -> dict[str, str]:
        return {name: self.field(fid).value if fid else self.choice(name) for name, fid in FORM_FIELDS.items()}

    def changed(self) -> dict[str, str]:
        """The fields the operator changed from what the form opened with."""
        return {name: value for name, value in self.typed().items() if value != getattr(self.opened, name)}

    def has_unsaved_input(self) -> bool:
        return bool(self.changed())

    def fill(self, candidate: Candidate) -> None:
        """The form holds ``candidate``'s details (after Reload)."""
        self.opened = self.seen = candidate
        self.sub_title = f"{candidate.username} · {candidate.full_name}"
        for name, fid in FORM_FIELDS.items():
            value = getattr(candidate, name)
            if fid:
                self.field(fid).value = value
                self.field(fid).check()
            else:
                self.query_one(f"#{name}", Select).value = value or Select.NULL
        self.query_one("#edit-about", Static).update(self.about())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()

    def action_save(self, allow_case_variant: bool = False) -> None:
        if not self.fields_pass():
            return
        changed = self.changed()
        given = {("new_username" if k == "username" else k): v for k, v in changed.items()}
        edit = partial(
            edit_candidate, self.app.store, allow_case_variant=allow_case_variant, actor=self.app.actor, **given
        )
        save_changes(self, changed, lambda seen: edit(seen.username, seen=seen), self.not_saved)

    def asked(self, error: Exception) -> bool:
        if isinstance(error, ChangedMeanwhile):
            self.ask_changed(error)
            return True
        return False

    def ask_changed(self, exc: ChangedMeanwhile) -> None:
        self.status("Not saved: another operator changed this candidate meanwhile.")
        mine = {name: (getattr(self.opened, name), value) for name, value in self.changed().items()}
        reloaded = "Reloaded: the form shows their details now; make your change again if it still applies."
        ask_what_to_do(self, exc, mine, reloaded)

    def leave_form(self) -> None:
        self.dismiss(None)
