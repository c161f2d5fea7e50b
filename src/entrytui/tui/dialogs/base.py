"""Shared dialog pieces: the base of every dialog, a yes/no question, the "discard unsaved
input?" guard and the "replace this file?" question; values and the people a question
touches, as markup."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from rich.console import RenderableType
from rich.markup import escape
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Static

from entrytui.tui.keys import HELP
from entrytui.tui.widgets.columns import harmless
from entrytui.tui.widgets.field import Field
from entrytui.tui.widgets.footer import KeysFooter
from entrytui.tui.workers import Progress, progress_to

Result = TypeVar("Result")
NAMED = 4  # people named in a question, before '... and N others' (it fits 80x24)


def literal(value: str) -> str:
    """A stored or typed value inside markup: shown as it is, never read as markup or as a
    terminal control."""
    return escape(harmless(value))


def named_lines(people: Sequence[str], shown: int = NAMED) -> list[str]:
    """The people a question touches, by name, one a line: the first few, then how many more
    (plain text: pass each through :func:`literal` for markup)."""
    lines = [f"  · {who}" for who in people[:shown]]
    if len(people) > shown:
        more = len(people) - shown
        lines.append(f"  … and {more} {'other' if more == 1 else 'others'}")
    return lines


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

    focused_once = False  # set by the dialog's first focus (its AUTO_FOCUS, as it opens)

    def set_focus(self, widget: Widget | None, scroll_visible: bool = True, from_app_focus: bool = False) -> None:
        """A dialog opens at its top, title and body in view, whichever widget it focuses first:
        scrolling a field near its end into view would hide them (at 60x20 down to a fragment
        of a line).  The field is in view too when the terminal is tall enough; when not, the
        operator scrolls (down, or tab).  Every later focus scrolls its widget into view, also
        from behind the docked buttons (which Textual's own check takes for in view)."""
        first = widget is not None and not self.focused_once
        self.focused_once = self.focused_once or widget is not None
        moves = widget is not self.focused
        super().set_focus(widget, False, from_app_focus)
        if widget is not None and moves and scroll_visible and not first:
            self.call_later(widget.scroll_visible, animate=False)

    def on_mount(self) -> None:
        stack = self.app.screen_stack
        below = stack[stack.index(self) - 1] if self in stack[1:] else None
        self.set_class(isinstance(below, ModalScreen), "-over-dialog")
        self.mount(KeysFooter())
        # A notice is about what was done before; left up, it would cover this dialog's lower
        # half (its buttons, a field's message) for the rest of its 10 s.
        self.app.clear_notices()  # type: ignore[attr-defined]  # EntryApp's

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

    def __init__(self, title: RenderableType, question: RenderableType, yes: str = "Yes", no: str = "No") -> None:
        """``title``, ``question``: markup, or a Rich renderable (a Text for values the operator typed).
        ``yes``, ``no``: the answers' words, on the buttons and in the footer, F1 and the palette alike."""
        super().__init__()
        self.title_text, self.question, self.yes, self.no = title, question, yes, no
        said = {"answer(True)": yes, "answer(False)": no}
        for key, bindings in self._bindings.key_to_bindings.items():
            self._bindings.key_to_bindings[key] = [
                replace(b, description=said[b.action]) if b.action in said else b for b in bindings
            ]

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


def ask_before_replacing(dialog: Dialog, files: Sequence[tuple[Field, Path]], write: Callable[[], object]) -> None:
    """``write`` at once when none of ``files`` (each with the field naming it) is there yet;
    else first ask "Replace …?", naming the ones that are: yes writes, no goes back to the
    first one's field.  Only a stat, on the UI thread: no store call.  (A folder is left to the
    service, which refuses it; a file made after the question is replaced.)"""
    there = [(field, path) for field, path in files if os.path.lexists(path) and not path.is_dir()]
    if not there:
        write()
        return
    field = there[0][0]

    def answered(replace: bool | None) -> None:
        if replace:
            write()
            return
        field.input.focus()
        field.scroll_visible(animate=False)  # also when it had the focus: the dialog may have scrolled since

    one = len(there) == 1
    question = (
        ("A file of that name is there already:\n" if one else "Files of those names are there already:\n")
        + "".join(f"  {path}\n" for _, path in there)
        + f"\nReplace {'it' if one else 'them'}, or go back and give another name?"
    )
    title = f"Replace {' and '.join(path.name for _, path in there)}?"
    dialog.app.push_screen(
        ConfirmDialog(Text(harmless(title)), Text(harmless(question, "\n")), yes="Replace", no="Another name"),
        answered,
    )


class Stopped(Exception):
    """Escape during a long write: raised in the worker at the write's next progress report."""


class StoppableWrite:
    """Mixin for a dialog that writes a file in a worker, with progress (login information,
    the register, export).  While it runs, ``running`` holds its controls; Escape stops it at
    the next progress report, before anything is written (the services stage their files and
    publish them after their last report), and the dialog closes saying so.  A write that is
    past its last report (publishing the file) finishes, and says what it wrote as usual."""

    running = False
    STAGE = ""  # the selector of the Static that says how far it got

    def start_write(self, show: Progress) -> Progress:
        """Mark the write running and give the progress callback for its worker:
        ``progress_to(self, show)``, stopped by Escape (a report of the end never stops it).
        On the UI thread, before the worker starts: an Escape that comes first still stops it."""
        self.running = True
        self._stop = stop = threading.Event()
        forward = progress_to(self, show)  # type: ignore[arg-type]  # a Dialog, mixed in

        def report(stage: str, done: int, total: int) -> None:
            if stop.is_set() and done < total:
                raise Stopped()
            forward(stage, done, total)

        return report

    def action_cancel(self) -> None:
        if not self.running:
            self.dismiss(None)  # type: ignore[attr-defined]
        elif not self._stop.is_set():
            self._stop.set()
            self.query_one(self.STAGE, Static).update("Stopping: nothing will be written…")  # type: ignore[attr-defined]

    def was_stopped(self, error: Exception) -> bool:
        """For the dialog's ``failed``: a write Escape stopped closes the dialog, said in a notice."""
        if not isinstance(error, Stopped):
            return False
        self.dismiss(None)  # type: ignore[attr-defined]
        self.app.notify("Stopped: nothing was written.")  # type: ignore[attr-defined]
        return True
