"""Candidate login information for a session: asks first (it resets passwords), shows
progress while hashing and writing, and returns what was written."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, ProgressBar, Static

from entrytui.domain import Session
from entrytui.rules import Problem
from entrytui.services.login_information import (
    LoginInformation,
    password_reset_warning,
    produce_login_information,
    single_slip,
)
from entrytui.tui.widgets.field import Field
from entrytui.tui.workers import call_service, progress_to


def _required_path(value: str) -> list[Problem]:
    return [] if value.strip() else [Problem("file", "is required")]


def default_path(stem: str, suffix: str) -> str:
    return str(Path.cwd() / f"{stem}-{datetime.now():%Y%m%d-%H%M}{suffix}")


class LoginInformationDialog(ModalScreen[LoginInformation | None]):
    AUTO_FOCUS = "#logins-pdf-input"
    BINDINGS = [Binding("ctrl+s", "produce", "Reset and write"), Binding("escape", "cancel", "Cancel")]

    def __init__(self, session: Session, codes: list[str], scope: str) -> None:
        super().__init__()
        self.session, self.codes, self.scope = session, codes, scope
        self.running = False

    def compose(self) -> ComposeResult:
        stem = f"logins-{self.session.id}"
        with Vertical(classes="dialog", id="logins"):
            yield Static("Candidate login information", classes="dialog-title")
            yield Static(
                f"{self.scope} of {self.session.name} ({self.session.id}): a PDF with one page per "
                f"candidate, and a CSV if you name one.\n{password_reset_warning(len(self.codes))}",
                classes="dialog-body",
                markup=False,
            )
            yield Field("PDF file", _required_path, id="logins-pdf")
            yield Field("CSV file", None, id="logins-csv", placeholder="optional")
            yield Static("", id="logins-stage")
            yield ProgressBar(id="logins-progress", show_eta=False)
            with Horizontal(classes="buttons"):
                yield Button("Reset passwords and write (ctrl+s)", id="produce", variant="warning")
                yield Button("Cancel (esc)", id="cancel")
        self.call_after_refresh(self._defaults, stem)

    def _defaults(self, stem: str) -> None:
        self.query_one("#logins-pdf", Field).value = default_path(stem, ".pdf")
        self.query_one("#logins-csv", Field).value = default_path(stem, ".csv")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_produce() if event.button.id == "produce" else self.action_cancel()

    def action_cancel(self) -> None:
        if not self.running:
            self.dismiss(None)

    def action_produce(self) -> None:
        pdf = self.query_one("#logins-pdf", Field)
        if self.running or pdf.check():
            return
        self.running = True
        self.query_one(ProgressBar).add_class("-running")
        csv_name = self.query_one("#logins-csv", Field).value.strip()
        pdf_path, csv_path = Path(pdf.value.strip()).expanduser(), Path(csv_name).expanduser() if csv_name else None

        def produce() -> LoginInformation:
            return produce_login_information(
                self.app.store,
                self.session.id,
                pdf_path,
                csv_path,
                self.codes,
                progress=progress_to(self, self.progress),
                actor=self.app.actor,
            )

        call_service(self, produce, self.dismiss, failed=self.failed)

    def progress(self, stage: str, done: int, total: int) -> None:
        self.query_one("#logins-stage", Static).update(f"{stage}: {done} of {total}")
        self.query_one(ProgressBar).update(total=total, progress=done)

    def failed(self, _error: Exception) -> None:
        self.running = False
        self.query_one("#logins-stage", Static).update("Nothing was changed.")


class SlipDialog(ModalScreen[Path | None]):
    """The slip of the entry just saved, with the password just typed (no reset)."""

    AUTO_FOCUS = "#slip-pdf-input"
    BINDINGS = [Binding("ctrl+s", "write", "Write slip"), Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, entry_code: str, password: str) -> None:
        super().__init__()
        self.entry_code, self.password = entry_code, password

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Login slip", classes="dialog-title")
            yield Static(
                f"A one-page PDF for entry {self.entry_code}, with the password just entered (it is not changed).",
                classes="dialog-body",
                markup=False,
            )
            yield Field("PDF file", _required_path, id="slip-pdf")
            with Horizontal(classes="buttons"):
                yield Button("Write slip (ctrl+s)", id="write", variant="primary")
                yield Button("Cancel (esc)", id="cancel")
        self.call_after_refresh(self._default)

    def _default(self) -> None:
        self.query_one(Field).value = str(Path.cwd() / f"slip-{self.entry_code}.pdf")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_write() if event.button.id == "write" else self.dismiss(None)

    def on_input_submitted(self) -> None:
        self.action_write()

    def action_write(self) -> None:
        field = self.query_one(Field)
        if field.check():
            return
        pdf = Path(field.value.strip()).expanduser()
        call_service(
            self, lambda: single_slip(self.app.store, self.entry_code, self.password, pdf, self.app.actor), self.dismiss
        )
