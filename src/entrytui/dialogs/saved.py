"""After Save: the entry code, large and clear, and the password once if it was generated."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from entrytui.services.entries import AddedEntry


def spaced(code: str) -> str:
    """``7KQ2M9XD`` as ``7 K Q 2  M 9 X D``: easy to read aloud and to copy by hand."""
    return " ".join(code[:4]) + "   " + " ".join(code[4:])


class SavedDialog(ModalScreen[str]):
    """Returns ``"another"`` (clear the form for the next candidate) or ``"done"``."""

    BINDINGS = [
        Binding("a,enter", "answer('another')", "Add another"),
        Binding("escape,d", "answer('done')", "Done"),
    ]

    def __init__(self, added: AddedEntry, generated_password: str | None) -> None:
        super().__init__()
        self.added, self.generated_password = added, generated_password

    def compose(self) -> ComposeResult:
        a = self.added
        linked = " (linked to the existing candidate)" if a.linked else ""
        with Vertical(classes="dialog", id="saved"):
            yield Static("Saved", classes="dialog-title")
            yield Static(f"{a.candidate.full_name} · {a.candidate.username}{linked}\n"
                         f"is entered into {a.session.name} ({a.session.id}). Entry code:", classes="dialog-body",
                         markup=False)
            yield Static(spaced(a.entry.entry_code), id="entry-code")
            if self.generated_password:
                yield Static(f"Password: [b]{self.generated_password}[/b]\nIt is shown this once: note it now.",
                             id="generated-password")
            for warning in a.warnings:
                yield Static(f"Warning: {warning}", classes="warning", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Add another (a)", id="another", variant="primary")
                yield Button("Done (esc)", id="done")

    def on_mount(self) -> None:
        self.query_one("#another", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)
