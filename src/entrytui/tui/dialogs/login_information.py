"""Candidate login information for a session: slips (and a CSV) with the candidates' current
passwords; new passwords only when chosen (ctrl+n), naming the other sessions whose slips they
make stale; a page a slip, or sheets of 8 to cut (ctrl+l).  Shows progress while writing, and
returns what was written."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, ProgressBar, Static

from entrytui.documents.slips import Layout
from entrytui.domain import Session
from entrytui.errors import NoPasswordToShow
from entrytui.rules import Problem, plural
from entrytui.services.entries import EntryRow
from entrytui.services.login_information import (
    LoginInformation,
    password_reset_warning,
    produce_login_information,
    single_slip,
    stale_sessions,
)
from entrytui.tui.dialogs.base import NAMED, ConfirmDialog, Dialog, StoppableWrite, ask_before_replacing, named_lines
from entrytui.tui.widgets.field import Field
from entrytui.tui.widgets.filter_table import harmless
from entrytui.tui.widgets.tick import Tick
from entrytui.tui.workers import call_service


def _required_path(value: str) -> list[Problem]:
    return [] if value.strip() else [Problem("file", "is required")]


def named(rows: list[EntryRow], shown: int = NAMED) -> str:
    """The people a question touches, by name: the first few, then how many more."""
    return "\n".join(
        named_lines([f"{r.candidate.full_name} ({r.candidate.username}, {r.entry.entry_code})" for r in rows], shown)
    )


def default_path(stem: str, suffix: str) -> str:
    return str(Path.cwd() / f"{stem}-{datetime.now():%Y%m%d-%H%M}{suffix}")


class LoginInformationDialog(StoppableWrite, Dialog[LoginInformation | None]):
    STAGE = "#logins-stage"
    TITLE = "Login information"
    AUTO_FOCUS = "#logins-pdf-input"
    BINDINGS = [
        Binding("ctrl+s", "produce", "Write", tooltip="Write the slips (and the CSV)"),
        Binding("ctrl+n", "toggle_reset", "New passwords", tooltip="Set new passwords for these entries, or not"),
        Binding(
            "ctrl+l", "toggle_sheet", "Sheets of 8", tooltip="8 slips to an A4 page with cut lines, or a page each"
        ),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, session: Session, rows: list[EntryRow], marked: bool) -> None:
        """``rows``: the entries chosen (``marked``: by the operator; else every active one)."""
        super().__init__()
        self.session, self.rows, self.marked = session, rows, marked
        self.codes = [r.entry.entry_code for r in rows]
        self.running = False
        self.stale: list[str] | None = None  # the other sessions new passwords would make stale (read on mount)

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
                f"{scope} of {self.session.name} ({self.session.id}), a slip each in a PDF (and a CSV if you "
                f"name one):\n{named(self.rows)}",
                classes="dialog-body",
                markup=False,
            )
            yield Tick("Set new passwords (ctrl+n)", id="logins-reset")
            yield Static(self.said(), id="logins-reset-said", markup=False)
            yield Tick("8 slips to a sheet, with cut lines (ctrl+l)", id="logins-sheet")
            yield Field("PDF file", _required_path, id="logins-pdf", value=default_path(stem, ".pdf"))
            yield Field(  # empty unless named: a CSV holds the passwords in clear
                "CSV file", None, id="logins-csv", placeholder=f"optional, e.g. {default_path(stem, '.csv')}"
            )
            yield Static("", id="logins-stage")
            yield ProgressBar(id="logins-progress", show_eta=False)
            with Horizontal(classes="buttons"):
                yield Button("Write (ctrl+s)", id="produce", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        call_service(
            self,
            lambda: stale_sessions(self.app.store, self.session.id, self.codes),
            self.show_stale,
            group="stale",
        )

    @property
    def reset(self) -> bool:
        return self.query_one("#logins-reset", Checkbox).value

    @property
    def slip_layout(self) -> Layout:
        return Layout.SHEET if self.query_one("#logins-sheet", Checkbox).value else Layout.PAGE

    def said(self) -> str:
        if not self.is_mounted or not self.reset:
            return "Each slip shows the candidate's current password: printing again changes nothing."
        if self.stale is None:
            return "New passwords: reading which other sessions' slips they would make stale…"
        return password_reset_warning(len(self.rows), self.stale)

    def show_stale(self, stale: list[str]) -> None:
        self.stale = stale
        self.query_one("#logins-reset-said", Static).update(self.said())

    def action_toggle_reset(self) -> None:
        if not self.running:
            self.query_one("#logins-reset", Checkbox).toggle()

    def action_toggle_sheet(self) -> None:
        if not self.running:
            self.query_one("#logins-sheet", Checkbox).toggle()

    @on(Checkbox.Changed, "#logins-reset")
    def reset_changed(self, event: Checkbox.Changed) -> None:
        self.query_one("#logins-reset-said", Static).update(self.said())
        button = self.query_one("#produce", Button)
        button.label = "Set new passwords and write (ctrl+s)" if event.value else "Write (ctrl+s)"
        button.variant = "warning" if event.value else "primary"

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_produce() if event.button.id == "produce" else self.action_cancel()

    def paths(self) -> tuple[Path, Path | None]:
        """The PDF and the CSV (None unless named), as their fields name them."""
        pdf, csv = (self.query_one(f"#logins-{name}", Field).value.strip() for name in ("pdf", "csv"))
        return Path(pdf).expanduser(), Path(csv).expanduser() if csv else None

    def action_produce(self) -> None:
        pdf = self.query_one("#logins-pdf", Field)
        if self.running or pdf.check():
            return
        pdf_path, csv_path = self.paths()
        files = [(pdf, pdf_path)] + ([(self.query_one("#logins-csv", Field), csv_path)] if csv_path else [])
        ask_before_replacing(self, files, lambda: self.produce("all" if self.reset else "none"))

    def produce(self, reset: str) -> None:
        """Write the files the fields name; ``reset`` as :func:`produce_login_information` takes it."""
        if self.running:
            return
        progress = self.start_write(self.progress)
        self.query_one(ProgressBar).add_class("-running")
        layout = self.slip_layout
        pdf_path, csv_path = self.paths()

        def produce() -> LoginInformation:
            return produce_login_information(
                self.app.store,
                self.session.id,
                pdf_path,
                csv_path,
                self.codes,
                progress=progress,
                actor=self.app.actor,
                reset=reset,
                layout=layout,
            )

        call_service(self, produce, self.dismiss, failed=self.failed)

    def progress(self, stage: str, done: int, total: int) -> None:
        self.query_one("#logins-stage", Static).update(f"{stage}: {done:,} of {total:,}")
        self.query_one(ProgressBar).update(total=total, progress=done)

    def failed(self, error: Exception) -> bool:
        """Candidates without a password a slip can show: asked (new ones for them only).
        Anything else: reported, and said here that nothing changed."""
        self.running = False
        self.query_one(ProgressBar).remove_class("-running")
        if self.was_stopped(error):
            return True
        if isinstance(error, NoPasswordToShow):
            self.query_one("#logins-stage", Static).update("Not written: some candidates need a new password.")
            question = (
                f"{plural(len(error.names), 'candidate has', 'candidates have')} no password a slip can show "
                "(set before passwords were sealed):\n"
                + "\n".join(named_lines(error.names))
                + "\n\nSet new passwords for them only? Everyone else's slip shows their current password."
            )
            self.app.push_screen(
                ConfirmDialog("New passwords for some?", Text(harmless(question, "\n")), yes="Set them", no="Not now"),
                lambda yes: self.produce("missing") if yes else None,
            )
            return True
        self.query_one("#logins-stage", Static).update("Nothing was changed.")
        return False


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
        ask_before_replacing(
            self,
            [(field, pdf)],
            lambda: call_service(
                self,
                lambda: single_slip(self.app.store, self.entry_code, self.password, pdf, self.app.actor),
                self.dismiss,
            ),
        )
