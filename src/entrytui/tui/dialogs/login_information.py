"""Candidate login information for a session: asks first (it resets passwords), shows
progress while hashing and writing, and returns what was written."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, ProgressBar, Static

from entrytui.domain import Session
from entrytui.rules import Problem, plural
from entrytui.services.entries import EntryRow
from entrytui.services.login_information import (
    LoginInformation,
    password_reset_warning,
    produce_login_information,
    single_slip,
)
from entrytui.tui.dialogs.base import Dialog
from entrytui.tui.widgets.field import Field
from entrytui.tui.workers import call_service, progress_to

NAMED = 4  # people named in the question, before '... and N others' (it fits 80x24)


def _required_path(value: str) -> list[Problem]:
    return [] if value.strip() else [Problem("file", "is required")]


def named(rows: list[EntryRow], shown: int = NAMED) -> str:
    """The people a question touches, by name: the first few, then how many more."""
    lines = [f"  · {r.candidate.full_name} ({r.candidate.username}, {r.entry.entry_code})" for r in rows[:shown]]
    if len(rows) > shown:
        lines.append(f"  … and {plural(len(rows) - shown, 'other', 'others')}")
    return "\n".join(lines)


def default_path(stem: str, suffix: str) -> str:
    return str(Path.cwd() / f"{stem}-{datetime.now():%Y%m%d-%H%M}{suffix}")


class LoginInformationDialog(Dialog[LoginInformation | None]):
    TITLE = "Login information"
    AUTO_FOCUS = "#logins-pdf-input"
    BINDINGS = [Binding("ctrl+s", "produce", "Reset and write"), Binding("escape", "cancel", "Cancel")]

    def __init__(self, session: Session, rows: list[EntryRow], marked: bool) -> None:
        """``rows``: the entries chosen (``marked``: by the operator; else every active one)."""
        super().__init__()
        self.session, self.rows, self.marked = session, rows, marked
        self.codes = [r.entry.entry_code for r in rows]
        self.running = False

    def compose(self) -> ComposeResult:
        stem = f"logins-{self.session.id}"
        count = len(self.rows)
        if self.marked:
            scope = f"The {plural(count, 'marked entry', 'marked entries')}"
        else:
            scope = "The one active entry" if count == 1 else f"All {count:,} active entries"
        with Vertical(classes="dialog", id="logins"):
            yield Static("Candidate login information", classes="dialog-title")
            yield Static(
                f"{scope} of {self.session.name} ({self.session.id}), a PDF page each (and a CSV if you name "
                f"one):\n{named(self.rows)}\n{password_reset_warning(count)}",
                classes="dialog-body",
                markup=False,
            )
            yield Field("PDF file", _required_path, id="logins-pdf", value=default_path(stem, ".pdf"))
            yield Field(  # empty unless named: a CSV holds the passwords in clear
                "CSV file", None, id="logins-csv", placeholder=f"optional, e.g. {default_path(stem, '.csv')}"
            )
            yield Static("", id="logins-stage")
            yield ProgressBar(id="logins-progress", show_eta=False)
            with Horizontal(classes="buttons"):
                yield Button("Reset passwords and write (ctrl+s)", id="produce", variant="warning")
                yield Button("Cancel (esc)", id="cancel")

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


class SlipDialog(Dialog[Path | None]):
    """The slip of the entry just saved, with the password just typed (no reset)."""

    TITLE = "Login slip"

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
            yield Field(
                "PDF file", _required_path, id="slip-pdf", value=str(Path.cwd() / f"slip-{self.entry_code}.pdf")
            )
            with Horizontal(classes="buttons"):
                yield Button("Write slip (ctrl+s)", id="write", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

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
