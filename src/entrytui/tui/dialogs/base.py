"""Shared dialog pieces: the base of every dialog, a yes/no question and the "discard
unsaved input?" guard."""

from __future__ import annotations

from typing import TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from entrytui.tui.keys import HELP
from entrytui.tui.widgets.field import Field

Result = TypeVar("Result")


class Dialog(ModalScreen[Result]):
    """Every dialog: its own keys in a footer of its own, F1 listing them (a modal screen
    hides the app's keys), and a human title for F1 and the palette (``TITLE``)."""

    BINDINGS = [HELP]

    def on_mount(self) -> None:
        self.mount(Footer(compact=True))


class ConfirmDialog(Dialog[bool]):
    """A question with two answers, each on a key; Escape answers no."""

    TITLE = "Question"
    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, title: str, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.title_text, self.question, self.yes, self.no = title, question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield Static(self.question, classes="dialog-body")
            with Horizontal(classes="buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="warning")
                yield Button(f"{self.no} (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class GuardedForm:
    """Mixin for a screen or dialog with Fields: Escape asks before throwing input away."""

    def has_unsaved_input(self) -> bool:
        return any(f.value.strip() for f in self.query(Field))

    def leave_form(self) -> None:
        """Called when the operator confirmed leaving (override)."""
        self.dismiss(None)

    def action_cancel(self) -> None:
        if not self.has_unsaved_input():
            self.leave_form()
            return
        self.app.push_screen(
            ConfirmDialog(
                "Discard this form?",
                "What you typed has not been saved and will be lost.",
                yes="Discard",
                no="Keep editing",
            ),
            lambda discard: self.leave_form() if discard else None,
        )
