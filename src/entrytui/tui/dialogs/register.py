"""The attendance register of a session: a PDF of its active entries for the invigilator,
written in the background with progress; returns what was written.  It changes nothing in
the store (an operator who may only read it can print one)."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, ProgressBar, Static

from entrytui.domain import Session
from entrytui.errors import InputRefused
from entrytui.rules import Problem, plural
from entrytui.services.register import Register, produce_register
from entrytui.tui.dialogs import login_information
from entrytui.tui.dialogs.base import Dialog, StoppableWrite, ask_before_replacing
from entrytui.tui.widgets.field import Field
from entrytui.tui.workers import call_service


def _required_path(value: str) -> list[Problem]:
    return [] if value.strip() else [Problem("file", "is required")]


class RegisterDialog(StoppableWrite, Dialog[Register | None]):
    STAGE = "#register-stage"
    TITLE = "Attendance register"
    AUTO_FOCUS = "#register-pdf-input"
    BINDINGS = [
        Binding("ctrl+s", "produce", "Write", tooltip="Write the attendance register (PDF)"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, session: Session, active: int) -> None:
        """``active``: how many active entries the session screen shows (the register
        counts them again as it is written)."""
        super().__init__()
        self.session, self.active = session, active
        self.running = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="register"):
            yield Static("Attendance register", classes="dialog-title")
            yield Static(
                f"A PDF for the invigilator: the {plural(self.active, 'active entry', 'active entries')} of "
                f"{self.session.name} ({self.session.id}) by family name, each with its entry code, a Present box "
                "and a line to sign. Withdrawn entries are left out.",
                classes="dialog-body",
                markup=False,
            )
            yield Field(
                "PDF file",
                _required_path,
                id="register-pdf",
                value=login_information.default_path(f"register-{self.session.id}", ".pdf"),
            )
            yield Static("", id="register-stage")
            yield ProgressBar(id="register-progress", show_eta=False)
            with Horizontal(classes="buttons"):
                yield Button("Write (ctrl+s)", id="produce", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False  # until it has something to show

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_produce() if event.button.id == "produce" else self.action_cancel()

    def on_input_submitted(self) -> None:
        self.action_produce()

    def action_produce(self) -> None:
        pdf = self.query_one("#register-pdf", Field)
        if self.running or pdf.check():
            return
        path = Path(pdf.value.strip()).expanduser()
        ask_before_replacing(self, [(pdf, path)], lambda: self.produce(path))

    def produce(self, path: Path) -> None:
        if self.running:
            return
        progress = self.start_write(self.progress)
        self.query_one(ProgressBar).display = True
        self.query_one("#register-stage", Static).update("Reading the entries…")

        def produce() -> Register:
            return produce_register(self.app.store, self.session.id, path, progress=progress, actor=self.app.actor)

        call_service(self, produce, self.dismiss, failed=self.failed)

    def progress(self, stage: str, done: int, total: int) -> None:
        self.query_one("#register-stage", Static).update(f"{stage}: {done:,} of {total:,}")
        self.query_one(ProgressBar).update(total=total, progress=done)

    def failed(self, error: Exception) -> bool:
        """A file that cannot be written is said under its field; anything else is reported
        by the app.  Either way, said here that no register was written."""
        self.running = False
        if self.was_stopped(error):
            return True
        self.query_one(ProgressBar).display = False
        self.query_one("#register-stage", Static).update("No register was written.")
        if isinstance(error, InputRefused) and all(p.field == "file" for p in error.problems):
            self.query_one("#register-pdf", Field).show(error.problems)
            return True
        return False
