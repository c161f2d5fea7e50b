"""No silent overwrite: another operator changed the record after this form opened.  The
question says who changed which field (before → now) beside the operator's own changes, and
lets them save theirs on top, reload the record, or go back to the form."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from entrytui.domain import CANDIDATE_FIELDS
from entrytui.errors import ChangedMeanwhile
from entrytui.tui.dialogs.base import Dialog
from entrytui.tui.workers import call_service


def shown(value: Any) -> str:
    return "(none)" if value in (None, "") else f"'{value}'"


class ChangedMeanwhileDialog(Dialog[str | None]):
    """Returns ``"mine"`` (save on top of theirs), ``"reload"``, or None (back to the form)."""

    TITLE = "Changed meanwhile"
    BINDINGS = [
        Binding("s", "answer('mine')", "Save mine", tooltip="Save yours on top (the rest keeps theirs)"),
        Binding("r", "answer('reload')", "Reload", tooltip="Fill the form with theirs, dropping yours"),
        Binding("escape", "answer(None)", "Back", tooltip="Back to the form: nothing saved, yours kept"),
    ]

    def __init__(
        self,
        changed: ChangedMeanwhile,
        mine: dict[str, tuple[Any, Any]],
        labels: Mapping[str, str] = CANDIDATE_FIELDS,
        what: str = "",
    ) -> None:
        """``mine``: {field: (as the form opened, as typed)} for the fields the operator changed;
        ``labels``: how those fields are named (the record's ``*_FIELDS``); ``what``: how the
        record is named, e.g. ``Oxford Centre (V1)`` (by default a candidate's ``name (username)``)."""
        super().__init__()
        self.changed, self.mine, self.labels = changed, mine, labels
        current = changed.current
        self.what = what or f"{current.full_name} ({current.username})"

    def body(self) -> str:
        theirs = []
        for c in self.changed.changes:
            by = f"  (by {c.who}, {c.at[:16].replace('T', ' ')})" if c.who else ""
            theirs.append(f"  · {c.label}: {shown(c.seen)} → {shown(c.now)}{by}")
        yours = [f"  · {self.labels.get(f, f)}: {shown(old)} → {shown(new)}" for f, (old, new) in self.mine.items()]
        return (
            f"{self.what} was changed by another operator after you opened the form; "
            "nothing was saved.\nTheir change:\n" + "\n".join(theirs) + "\nYours:\n" + "\n".join(yours) + "\n\n"
            "s saves yours on top of theirs; r shows their details in the form; esc goes back to your changes."
        )

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Changed by another operator", classes="dialog-title")
            yield Static(self.body(), classes="dialog-body", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Save mine (s)", id="mine", variant="warning")
                yield Button("Reload (r)", id="reload")
                yield Button("Back (esc)", id="back")

    def on_mount(self) -> None:
        self.query_one("#back", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "back" else event.button.id)

    def action_answer(self, answer: str | None) -> None:
        self.dismiss(answer)


def save_changes(form: Any, changed: dict, edit: Callable[[Any], Any], failed: Callable[[Exception], bool]) -> None:
    """An edit form's save: nothing changed says so and closes; else ``edit(seen)`` runs off the
    UI thread (``seen``: the record as the form holds it), its result closing the form."""
    if not changed:
        form.notify("Nothing changed: nothing to save")
        form.dismiss(None)
        return
    form.status("Saving…")
    seen = form.seen
    call_service(form, lambda: edit(seen), form.dismiss, failed=failed, group="save")


def ask_what_to_do(form: Any, changed: ChangedMeanwhile, mine: dict, reloaded: str, **named: Any) -> None:
    """The question for ``form`` (an edit form with ``seen``, ``action_save``, ``fill`` and
    ``status``), then what it answers: save mine on top of theirs (``seen`` becomes theirs),
    reload (the form holds theirs and says ``reloaded``), or back to the form.  ``named``:
    the dialog's ``labels`` and ``what``."""

    def answered(answer: str | None) -> None:
        if answer == "mine":
            form.seen = changed.current
            form.action_save()
        elif answer == "reload":
            form.fill(changed.current)
            form.status(reloaded)

    form.app.push_screen(ChangedMeanwhileDialog(changed, mine, **named), answered)
