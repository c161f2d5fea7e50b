"""The Upload Entries tab: read a class list, preview every row, commit the accepted ones.

Reading and committing run in thread workers with a progress bar, so 25,000 rows never
freeze the screen; the preview holds every row (the table is windowed) and can be filtered.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, ProgressBar, Static

from entrytui.errors import InputRefused, refuse
from entrytui.rules import Problem, collation_key, plural
from entrytui.services.uploads import RowStatus, UploadPlan, UploadResult, commit_upload, plan_upload, write_rejects
from entrytui.tui.dialogs.base import ConfirmDialog, literal, named_lines
from entrytui.tui.keys import LIST_MOVES
from entrytui.tui.widgets.field import Field
from entrytui.tui.widgets.filter_table import Column, FilterTable, MovesList, Row, harmless
from entrytui.tui.workers import call_service, progress_to

DELIMITER_NAMES = {"": None, "comma": ",", "semicolon": ";", "tab": "\t"}


def _file_rule(value: str) -> list[Problem]:
    if not value.strip():
        return [Problem("file", "is required: the path of a CSV or XLSX file")]
    return [] if Path(value.strip()).expanduser().is_file() else [Problem("file", "there is no such file")]


def _delimiter_rule(value: str) -> list[Problem]:
    if value.strip().lower() in DELIMITER_NAMES:
        return []
    return [Problem("delimiter", "must be comma, semicolon or tab (or empty: detect it)")]


class UploadPane(MovesList, Vertical):
    class Committed(Message):
        """Entries were added: the other views of the screen follow (Search Existing)."""

    BINDINGS = [
        *LIST_MOVES,
        Binding("ctrl+o", "read", "Read", tooltip="Read and check the file; nothing is written yet"),
        Binding("ctrl+s", "commit", "Commit", tooltip="Add every accepted row to the session (asks first)"),
        Binding(
            "ctrl+b",
            "save_rejects",
            "Rejects",
            tooltip="Save the refused rows, with an Error column, to fix and upload again",
        ),
        Binding("slash", "filter", "Filter", tooltip="Type to narrow the preview (e.g. refused)"),
        Binding("escape", "back", "Back", tooltip="Leave the filter, or go back to the session"),
    ]

    @property
    def listing(self) -> FilterTable:
        return self.query_one(FilterTable)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """While a field has focus, / and Home/End are the field's."""
        return not (action in ("filter", "edge") and isinstance(self.screen.focused, Input))

    def action_filter(self) -> None:
        self.screen.set_focus(self.listing.filter)

    def action_back(self) -> None:
        """Escape in the preview's filter returns to the rows; elsewhere it leaves the screen."""
        listing = self.listing
        if self.screen.focused is listing.filter:
            self.screen.set_focus(listing.table)
        else:
            self.screen.action_cancel()

    def __init__(self, session_id: str) -> None:
        super().__init__(id="upload-pane")
        self.session_id = session_id
        self.plan: UploadPlan | None = None  # the file read, until it is committed
        self.refused_from: UploadPlan | None = None  # the last file read, kept after its commit for ctrl+b
        self.rows_by_line: dict = {}
        self.busy = False

    def compose(self) -> ComposeResult:
        yield Field("File", _file_rule, id="upload-file", placeholder="path of a CSV or XLSX class list")
        with Horizontal(classes="upload-options"):
            yield Field("Encoding", None, id="upload-encoding", placeholder="detect")
            yield Field("Delimiter", _delimiter_rule, id="upload-delimiter", placeholder="detect")
        yield Static(
            "Columns as the portal's bulk import: Login, Password, First name, Family name, "
            "Email address, Date of Birth, Gender.",
            id="upload-summary",
            markup=False,
        )
        yield ProgressBar(id="upload-progress", show_eta=False)
        yield FilterTable(
            [
                Column("Row", 3),
                Column("Status", 7),
                Column("Login", 10, ends=True),
                Column("Name", 10, ends=True),
                Column("Reason", 12),
            ],
            placeholder="/ filter rows (try: refused)",
            id="upload-rows",
            detail=False,  # the row's every problem is shown below
        )
        yield Static("", id="upload-detail", markup=False)

    def on_filter_table_highlighted(self) -> None:
        """The highlighted row whole: every problem, its login and name (the table cuts long ones)."""
        key = self.listing.selected_key
        row = self.rows_by_line.get(key) if key else None
        if row is None:
            self.query_one("#upload-detail", Static).update("")
            return
        name = f"{row.values.get('first_name', '')} {row.values.get('family_name', '')}".strip()
        said = "; ".join(row.messages) if row.messages else row.status
        self.query_one("#upload-detail", Static).update(
            harmless(f"Row {row.line}: {said}  ·  Login: {row.values.get('username', '')}  ·  Name: {name}")
        )

    def summary(self, text: str) -> None:
        self.query_one("#upload-summary", Static).update(harmless(text, keep="\n"))  # may quote the file's headings

    def progress(self, stage: str, done: int, total: int) -> None:
        bar = self.query_one(ProgressBar)
        bar.add_class("-running")
        bar.update(total=total, progress=done)
        self.summary(f"{stage}: {done:,} of {total:,}")

    def _finish(self) -> None:
        self.busy = False
        self.query_one(ProgressBar).remove_class("-running")
        self.screen.refresh_bindings()

    def action_read(self) -> None:
        fields = [self.query_one("#upload-file", Field), self.query_one("#upload-delimiter", Field)]
        if self.busy or any([f.check() for f in fields]):
            return
        self.busy = True
        encoding = self.query_one("#upload-encoding", Field).value.strip() or None
        delimiter = DELIMITER_NAMES[fields[1].value.strip().lower()]
        path = Path(fields[0].value.strip()).expanduser()

        def read() -> UploadPlan:
            try:
                data = path.read_bytes()
            except OSError as exc:
                refuse("file", f"cannot read it: {exc.strerror}")
            return plan_upload(
                self.app.store,
                self.session_id,
                data,
                path.name,
                encoding,
                delimiter,
                progress=progress_to(self, self.progress),
                actor=self.app.actor,
            )

        call_service(self, read, self.show_plan, failed=self.failed, group="upload")

    def failed(self, error: Exception) -> None:
        self._finish()
        reasons = "; ".join(str(p) for p in error.problems) if isinstance(error, InputRefused) else str(error)
        self.summary(f"Not read. {reasons}")

    def show_plan(self, plan: UploadPlan) -> None:
        self._finish()
        self.plan = self.refused_from = plan
        self.rows_by_line = {str(r.line): r for r in plan.rows}
        header = plan.columns_said()
        unknown = f"; unknown columns ignored: {', '.join(plan.unknown_columns)}" if plan.unknown_columns else ""
        self.summary(
            f"{plan.sheet.describe()}; {header}{unknown}\n{plan.totals()}. "
            "Nothing is written until you commit (ctrl+s)."
        )
        table = self.listing
        table.set_rows(
            [
                Row(
                    str(r.line),
                    (
                        r.line,
                        r.status,
                        r.values.get("username", ""),
                        f"{r.values.get('first_name', '')} {r.values.get('family_name', '')}",
                        "; ".join(r.messages),
                    ),
                    collation_key(
                        f"{r.status} {r.values.get('username', '')} {r.values.get('first_name', '')} "
                        f"{r.values.get('family_name', '')} {' '.join(r.messages)}"
                    ),
                )
                for r in plan.rows
            ]
        )
        table.table.focus()

    def action_commit(self) -> None:
        plan = self.plan
        if self.busy or plan is None or not plan.accepted:
            self.app.notify("Read a file with accepted rows first (ctrl+o).", severity="warning")
            return
        reset = plan.new_passwords_for_existing
        warnings = [f"[b]{plan.capacity_said}.[/b]"] if plan.capacity_said else []
        if reset:
            slips = (
                f"the slips printed for {'; '.join(plan.stale)} stop working (print them again)"
                if plan.stale
                else "none of them is in another session"
            )
            warnings.append(
                f"[b]{plural(len(reset), 'existing candidate gets', 'existing candidates get')} the file's password, "
                f"for every session they are in: {literal(slips)}.[/b]"
            )
        question = "\n\n".join(
            [
                *warnings,  # first: a question taller than the terminal scrolls, and these must be seen
                f"Add {len(plan.accepted):,} entries to session {plan.session_id}: "
                f"{plan.count(RowStatus.NEW):,} new candidates and {plan.count(RowStatus.LINK):,} linked to existing "
                f"ones ({plural(plan.count(RowStatus.REFUSED), 'refused row', 'refused rows')} left out)? All are "
                "written at once, or none if anything changed meanwhile.",
            ]
        )
        if reset:
            question += "\n" + "\n".join(literal(line) for line in named_lines(reset))
        self.app.push_screen(
            ConfirmDialog("Commit the upload?", question, yes="Commit", no="Not yet"),
            lambda yes: yes and self._start_commit(),
        )

    def _start_commit(self) -> None:
        plan = self.plan
        if plan is None:
            return
        self.busy = True
        call_service(
            self,
            lambda: commit_upload(
                self.app.store, plan, progress=progress_to(self, self.progress), actor=self.app.actor
            ),
            self.committed,
            failed=self.failed,
            group="upload",
        )

    def committed(self, result: UploadResult) -> None:
        self._finish()
        generated = (
            f" {plural(result.generated, 'password was', 'passwords were')} generated: produce login information "
            "to hand them out."
            if result.generated
            else ""
        )
        refused = self.plan.count(RowStatus.REFUSED) if self.plan else 0
        left_out = (
            f" {plural(refused, 'refused row was', 'refused rows were')} left out: ctrl+b saves them."
            if refused
            else ""
        )
        self.summary(f"Committed: {result.added:,} entries added, {result.linked:,} linked.{generated}{left_out}")
        self.plan, self.rows_by_line = None, {}
        self.listing.set_rows([])
        self.app.notify(f"Upload committed: {result.added + result.linked:,} entries")
        self.post_message(self.Committed())

    def action_save_rejects(self) -> None:
        plan = self.plan or self.refused_from
        if plan is None or not plan.count(RowStatus.REFUSED):
            self.app.notify("There are no refused rows to save.", severity="warning")
            return
        source = Path(self.query_one("#upload-file", Field).value.strip()).expanduser()
        target = source.with_name(f"{source.stem}-refused{'.xlsx' if plan.sheet.kind == 'xlsx' else '.csv'}")
        call_service(
            self,
            lambda: write_rejects(plan, target),
            lambda count: self.app.notify(
                f"{plural(count, 'refused row', 'refused rows')} saved to {target}", markup=False
            ),
            group="rejects",
        )
