"""Export a session: its active entries in the portal's upload template, as a CSV or an
XLSX file (the name says which), passwords only when ticked (audited).  Returns what was
written."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Static

from entrytui.domain import Session
from entrytui.rules import Problem, plural
from entrytui.services.export import Export, default_name, export_session, format_of
from entrytui.tui.dialogs.base import Dialog, StoppableWrite, ask_before_replacing
from entrytui.tui.keys import READ_ONLY, read_only
from entrytui.tui.widgets.field import Field
from entrytui.tui.widgets.tick import Tick
from entrytui.tui.workers import call_service


def _export_file(value: str) -> list[Problem]:
    if not value.strip():
        return [Problem("file", "is required")]
    if format_of(Path(value.strip())) is None:
        return [Problem("file", "must end in .csv or .xlsx (the format to write)")]
    return []


class ExportDialog(StoppableWrite, Dialog[Export | None]):
    STAGE = "#export-stage"
    TITLE = "Export"
    AUTO_FOCUS = "#export-file-input"
    BINDINGS = [
        Binding("ctrl+s", "write", "Write", tooltip="Write the file"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, session: Session, active: int) -> None:
        """``active``: how many active entries the session has (as the screen showed it)."""
        super().__init__()
        self.session, self.active = session, active
        self.running = False

    def compose(self) -> ComposeResult:
        name = default_name(self.session.id, self.app.actor.local_now())
        with Vertical(classes="dialog", id="export"):
            yield Static("Export", classes="dialog-title")
            yield Static(
                f"{plural(self.active, 'active entry', 'active entries')} of {self.session.name} "
                f"({self.session.id}) in the portal's upload template, to upload into another session or "
                "the portal. The name's ending picks CSV or XLSX.",
                classes="dialog-body",
                markup=False,
            )
            yield Field("File", _export_file, id="export-file", value=str(Path.cwd() / name))
            writes = not read_only(self)  # with passwords the export is audited: a change to the store
            yield Tick("With passwords (audited)", id="export-passwords", disabled=not writes)
            yield Static(
                "Unticked, the Password column stays empty; ticked, it holds the passwords in clear, "
                "and the audit trail records the export." + ("" if writes else f" With passwords{READ_ONLY}."),
                id="export-passwords-said",
                markup=False,
            )
            yield Static("", id="export-stage")
            with Horizontal(classes="buttons"):
                yield Button("Write (ctrl+s)", id="write", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_write() if event.button.id == "write" else self.action_cancel()

    def on_input_submitted(self) -> None:
        self.action_write()

    def action_write(self) -> None:
        file = self.query_one("#export-file", Field)
        if self.running or file.check():
            return
        path = Path(file.value.strip()).expanduser()
        ask_before_replacing(self, [(file, path)], lambda: self.write(path))

    def write(self, path: Path) -> None:
        if self.running:
            return
        progress = self.start_write(self.progress)
        passwords = self.query_one("#export-passwords", Checkbox).value

        def write() -> Export:
            return export_session(
                self.app.store,
                self.session.id,
                path,
                passwords,
                progress=progress,
                actor=self.app.actor,
            )

        call_service(self, write, self.dismiss, failed=self.failed)

    def progress(self, stage: str, done: int, total: int) -> None:
        self.query_one("#export-stage", Static).update(f"{stage}: {done:,} of {total:,}")

    def failed(self, error: Exception) -> bool:
        self.running = False
        if self.was_stopped(error):
            return True
        self.query_one("#export-stage", Static).update("Nothing was written.")
        return False
