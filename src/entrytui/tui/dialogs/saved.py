"""After Save: the entry code, large and clear, the password once if it was generated, and the
service's warnings (a link whose password replaced the owner's names the sessions whose printed
slips stopped working)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from entrytui.services.entries import AddedEntry
from entrytui.tui.dialogs.base import Dialog
from entrytui.tui.dialogs.login_information import SlipDialog
from entrytui.tui.widgets.columns import harmless


def quoted(value: str) -> str:
    return f"'{value}'" if value else "(none)"


def updated_line(added: AddedEntry) -> str:
    """A link that wrote the typed details over the owner's says which, before → now."""
    changed = "; ".join(f"{d.label} {quoted(d.stored)} → {quoted(d.typed)}" for d in added.differences)
    return f"Their details were updated: {changed}."


def spaced(code: str) -> str:
    """``7KQ2M9XD`` as ``7 K Q 2  M 9 X D``: easy to read aloud and to copy by hand."""
    return " ".join(code[:4]) + "   " + " ".join(code[4:])


class SavedDialog(Dialog[str]):
    """Returns ``"another"`` (clear the form for the next candidate) or ``"done"``."""

    TITLE = "Saved"

    BINDINGS = [
        Binding("a,enter", "answer('another')", "Add another"),
        Binding("p", "slip", "Login slip", tooltip="A one-page PDF slip with this password (not reset)"),
        Binding("escape,d", "answer('done')", "Done"),
    ]

    def __init__(self, added: AddedEntry, generated_password: str | None, password: str | None = None) -> None:
        """``password``: what was typed or generated, for the slip; None when a link kept theirs."""
        super().__init__()
        self.added, self.generated_password, self.password = added, generated_password, password

    def compose(self) -> ComposeResult:
        a = self.added
        linked = " (linked to the existing candidate)" if a.linked else ""
        title = f"{a.candidate.title} " if a.candidate.title else ""
        with Vertical(classes="dialog", id="saved"):
            yield Static("Saved", classes="dialog-title")
            yield Static(
                harmless(
                    f"{title}{a.candidate.full_name} · {a.candidate.username}{linked}\n"
                    f"is entered into {a.session.name} ({a.session.id}). Entry code:",
                    "\n",
                ),
                classes="dialog-body",
                markup=False,
            )
            yield Static(spaced(a.entry.entry_code), id="entry-code")
            if self.generated_password:
                yield Static(
                    f"Password: [b]{self.generated_password}[/b] (generated)\n"
                    "The login slip (p) and login information (l) print it again.",
                    id="generated-password",
                )
            if a.updated:
                yield Static(harmless(updated_line(a)), id="details-updated", markup=False)
            for warning in a.warnings:  # a link: the password replaced, the details typed differently
                yield Static(harmless(f"Warning: {warning}"), classes="warning", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Add another (a)", id="another", variant="primary")
                if self.password:
                    yield Button("Login slip (p)", id="slip")
                yield Button("Done (esc)", id="done")

    def on_mount(self) -> None:
        self.query_one("#another", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "slip":
            self.action_slip()
        else:
            self.dismiss(event.button.id)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        return bool(self.password) if action == "slip" else True

    def action_slip(self) -> None:
        if self.password:
            self.app.push_screen(SlipDialog(self.added.entry.entry_code, self.password), self.slip_written)

    def slip_written(self, path) -> None:
        if path:
            self.notify(f"Slip written to {path}", markup=False)

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)
