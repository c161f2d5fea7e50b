"""Shared dialog pieces: the base of every dialog, a yes/no question and the "discard
unsaved input?" guard."""

from __future__ import annotations

from typing import TypeVar

from rich.console import RenderableType
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Static

from entrytui.tui.keys import HELP
from entrytui.tui.widgets.field import Field
from entrytui.tui.widgets.footer import KeysFooter

Result = TypeVar("Result")


# A dialog taller than the terminal scrolls its box (``.dialog``), its buttons docked at the
# bottom of it (app.tcss); these keys scroll it when the widget with focus does not take them.
SCROLL_BOX = [
    Binding("up", "scroll_box(-1)", show=False),
    Binding("down", "scroll_box(1)", show=False),
    Binding("pageup", "scroll_box_page(-1)", show=False),
    Binding("pagedown", "scroll_box_page(1)", show=False),
    Binding("home", "scroll_box_edge(0)", show=False),
    Binding("end", "scroll_box_edge(1)", show=False),
]


class Dialog(ModalScreen[Result]):
    """Every dialog: its own keys in a footer of its own, F1 listing them (a modal screen
    hides the app's keys), and a human title for F1 and the palette (``TITLE``).  A dialog over
    another dialog hides it (class ``-over-dialog``): only its own box and buttons show."""

    BINDINGS = [HELP, *SCROLL_BOX]

    def on_mount(self) -> None:
        stack = self.app.screen_stack
        below = stack[stack.index(self) - 1] if self in stack[1:] else None
        self.set_class(isinstance(below, ModalScreen), "-over-dialog")
        self.mount(KeysFooter())

    @property
    def focus_chain(self) -> list[Widget]:
        """Tab goes through the box as it reads, its buttons last.  (Textual orders widgets by
        where they are, and the docked buttons sit where the box's view ends: above any field
        scrolled out of view below it.)"""
        return sorted(
            super().focus_chain, key=lambda widget: bool(widget.parent and widget.parent.has_class("buttons"))
        )

    def action_scroll_box(self, lines: int) -> None:
        for box in self.query(".dialog"):
            box.scroll_relative(y=lines, animate=False)

    def action_scroll_box_page(self, pages: int) -> None:
        for box in self.query(".dialog"):
            box.scroll_relative(y=pages * max(1, box.scrollable_content_region.height - 1), animate=False)

    def action_scroll_box_edge(self, end: int) -> None:
        for box in self.query(".dialog"):
            box.scroll_to(y=box.max_scroll_y if end else 0, animate=False)


class ConfirmDialog(Dialog[bool]):
    """A question with two answers, each on a key; Escape answers no."""

    TITLE = "Question"
    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, title: str, question: RenderableType, yes: str = "Yes", no: str = "No") -> None:
        """``question``: markup, or a Rich renderable (a Text for values the operator typed)."""
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

    def unsaved_said(self) -> str:
        """What the question says would be lost (override to say where it is)."""
        return "What you typed has not been saved and will be lost."

    def action_cancel(self) -> None:
        if not self.has_unsaved_input():
            self.leave_form()
            return
        self.app.push_screen(
            ConfirmDialog(
                "Discard this form?",
                self.unsaved_said(),
                yes="Discard",
                no="Keep editing",
            ),
            lambda discard: self.leave_form() if discard else None,
        )
