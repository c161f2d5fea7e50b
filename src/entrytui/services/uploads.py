"""Upload Entries: a class list checked row by row, previewed, then committed at once.

Every row goes through the same rules as the form.  A row is **new** (a new candidate),
**link** (its Login belongs to a candidate already: the entry is theirs) or **refused**
(with every reason).  Nothing is written until :func:`commit_upload`, which re-checks
every accepted row against the store as it is then (when anything was committed since the
preview) and writes them all in **one** transaction: a crash or a lock timeout leaves none or all of them.  Which column holds
what (the portal's template, with or without a header row) is
:mod:`entrytui.services.upload_template`'s; an Institution ID, when given, must be the store's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from entrytui.documents.sheets import SheetData, UnreadableFile, read_sheet, write_sheet
from entrytui.domain import Action, Candidate, Session
from entrytui.errors import InputRefused, refuse, refuse_any
from entrytui.files import Staged, unusable
from entrytui.passwords import generate_password, sealed_fields
from entrytui.rules import Problem, plural
from entrytui.services.common import (
    Actor,
    acting,
    allocate_ids,
    get_session,
    get_venue,
    record,
    stale_said,
)
from entrytui.services.entering import REPORT_EVERY, NewEntry, enter_candidates, refuse_complete
from entrytui.services.upload_rows import RowChecker, RowPlan, RowStatus, sealing_key
from entrytui.services.upload_template import COLUMNS, PASSWORD, Columns, columns_said, read_columns
from entrytui.store import Store, update_where

MAX_ROWS = 25_000
Progress = Callable[[str, int, int], None]


@dataclass
class UploadPlan:
    session_id: str
    sheet: SheetData
    header: list[str] | None
    unknown_columns: list[str]
    rows: list[RowPlan]
    empty_lines: int
    columns: Columns = field(default_factory=list)  # the field of each column (upload_template), as read
    version: tuple = ()  # the store's state the rows were checked against (Store.version)
    # The other sessions whose printed slips the file's passwords for existing candidates make
    # stale: 'January Linguaskill (S2): 3 candidates' (login_information.stale_sessions)
    stale: list[str] = field(default_factory=list)
    seats: tuple[int, int] = (0, 0)  # the venue's capacity (0: none given) and the session's active entries

    @property
    def capacity_said(self) -> str:
        """'The venue seats 24 and the session holds 3: this makes 25,003, 24,979 over capacity'
        when the accepted rows would overfill it, else ''."""
        capacity, active = self.seats
        after = active + len(self.accepted)
        if not capacity or after <= capacity:
            return ""
        return (
            f"The venue seats {capacity:,} and the session holds {active:,}: this makes {after:,}, "
            f"{after - capacity:,} over capacity"
        )

    def columns_said(self) -> str:
        return columns_said(self.header, self.columns)

    def count(self, status: RowStatus) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def accepted(self) -> list[RowPlan]:
        return [r for r in self.rows if r.status != RowStatus.REFUSED]

    @property
    def new_passwords_for_existing(self) -> list[str]:
        """Who the linked rows with a password are ('Ana Silva (Cand001)'): each one's password
        becomes the file's, for every session they are in."""
        return [r.owner for r in self._relinked()]

    def _relinked(self) -> list[RowPlan]:
        return [r for r in self.rows if r.status == RowStatus.LINK and r.values.get("password")]

    def totals(self) -> str:
        empty = f"; {self.empty_lines} empty lines skipped" if self.empty_lines else ""
        reset = len(self.new_passwords_for_existing)
        resets = (
            f"; {plural(reset, 'existing candidate gets', 'existing candidates get')} the file's password"
            if reset
            else ""
        )
        if self.stale:
            resets += f" (their slips printed for {'; '.join(self.stale)} stop working: print them again)"
        said = self.capacity_said
        full = f"; {said[:1].lower()}{said[1:]}" if said else ""
        return (
            f"{len(self.rows):,} rows: {self.count(RowStatus.NEW):,} new, {self.count(RowStatus.LINK):,} link, "
            f"{self.count(RowStatus.REFUSED):,} refused{empty}{resets}{full}"
        )


@dataclass(frozen=True)
class UploadResult:
    added: int
    linked: int
    generated: int


def plan_upload(
    store: Store,
    session_id: str,
    data: bytes,
    name: str = "",
    encoding: str | None = None,
    delimiter: str | None = None,
    progress: Progress | None = None,
    actor: Actor | None = None,
) -> UploadPlan:
    """Read and check every row; writes nothing."""
    actor = acting(actor)
    try:
        sheet = read_sheet(data, name, encoding, delimiter)
    except UnreadableFile as exc:
        raise InputRefused([Problem("file", str(exc))]) from None
    with store.reading() as db:
        session = get_session(db, session_id)
        refuse_complete(session, actor)
        checker = RowChecker(db, session.id, actor.today())
        version = store.version()
        venue = get_venue(db, session.venue_id)
        seats = (venue.capacity if venue and venue.capacity else 0, len(checker.in_session))
    checker.key = sealing_key(store)
    lines = [(i, r) for i, r in enumerate(sheet.rows, start=1)]
    filled = [(i, r) for i, r in lines if any(c.strip() for c in r)]
    header, columns, unknown = read_columns([r for _, r in filled])
    body = filled[1:] if header else filled
    if len(body) > MAX_ROWS:
        refuse("file", f"has {len(body):,} rows; at most {MAX_ROWS:,} can be uploaded at once")
    plan = UploadPlan(session.id, sheet, header, unknown, [], len(lines) - len(filled), columns, version, seats=seats)
    for done, (line, cells) in enumerate(body, start=1):
        plan.rows.append(checker.check(line, cells, *_layout(plan)))
        if progress and (done % 500 == 0 or done == len(body)):
            progress("Checking rows", done, len(body))
    if relinked := {r.owner_id for r in plan._relinked()}:
        with store.reading() as db:
            plan.stale = stale_said(db, relinked, session.id)
    return plan


class _CommitProgress:
    """One bar over the commit, on the scale of its accepted rows and never going back: each
    step (checking again, sealing and writing the candidates, entering them) moves it across
    its share, about its share of the time; the rest is writing the journal line (and, when
    it is due, the new snapshot), and the bar reaches the total when the commit returns."""

    STAGE = "Writing the entries"
    SHARES = (0.2, 0.1, 0.35)  # of its CPU time at 100,000 entries; the write (and compaction) takes 0.35

    def __init__(self, progress: Progress | None, total: int):
        self.progress, self.total = progress, total

    def at(self, step: int, done: int, of: int) -> None:
        if self.progress and of:
            before = sum(self.SHARES[:step])
            self.progress(self.STAGE, int(self.total * (before + self.SHARES[step] * done / of)), self.total)

    def done(self) -> None:
        if self.progress:
            self.progress(self.STAGE, self.total, self.total)


def commit_upload(
    store: Store, plan: UploadPlan, progress: Progress | None = None, actor: Actor | None = None
) -> UploadResult:
    """Write every accepted row in one transaction, after checking them again if anything was
    committed since the preview (the plan's version); ``progress``
    is told how far it got every ``REPORT_EVERY`` rows of each step, from 0 to the total."""
    actor = acting(actor)
    accepted = plan.accepted
    if not accepted:
        refuse("file", "no row can be added; nothing was written")
    generated = 0
    passwords = []
    for row in accepted:
        if not row.values["password"] and row.status == RowStatus.NEW:
            row.values["password"] = generate_password()
            generated += 1
        passwords.append(row.values["password"])
    key = store.key(create=True) if any(passwords) else b""  # "": a linked row without one keeps its own
    bar = _CommitProgress(progress, len(accepted))
    bar.at(0, 0, 1)
    with store.transaction() as db:
        session = get_session(db, plan.session_id)
        refuse_complete(session, actor)
        if store.version() != plan.version:  # something was committed since the preview
            _refuse_changed_rows(db, session, accepted, actor, bar)
        new_rows = [r for r in accepted if r.status == RowStatus.NEW]
        candidate_ids = allocate_ids(db, "C", len(new_rows))
        relinked = {r.owner_id: r.values["password"] for r in accepted if r.status == RowStatus.LINK}
        resealed = [(owner_id, password) for owner_id, password in relinked.items() if password]
        sealing = len(new_rows) + len(resealed)
        for start in range(0, len(new_rows), REPORT_EVERY):
            db.table("candidates").insert_multiple(
                Candidate(
                    id=cid,
                    **sealed_fields(key, cid, r.values["password"]),
                    **{k: v for k, v in r.values.items() if k != "password"},
                ).to_doc()
                for cid, r in zip(candidate_ids[start : start + REPORT_EVERY], new_rows[start : start + REPORT_EVERY])
            )
            bar.at(1, min(start + REPORT_EVERY, len(new_rows)), sealing)
        for done, (owner_id, password) in enumerate(resealed, start=1):
            update_where(db, "candidates", "id", owner_id, sealed_fields(key, owner_id, password))
            if done % REPORT_EVERY == 0:
                bar.at(1, len(new_rows) + done, sealing)
        owners = iter(candidate_ids)
        wanted = [
            NewEntry(
                row.owner_id if row.status == RowStatus.LINK else next(owners),
                row.values["username"],
                linked=row.status == RowStatus.LINK,
                note=f"upload, row {row.line}",
            )
            for row in accepted
        ]
        enter_candidates(db, session, wanted, actor, progress=lambda done, of: bar.at(2, done, of))
        for owner_id, _password in resealed:
            record(db, actor, Action.PASSWORD_RESET, owner_id, "from an upload", session.id)
        record(
            db,
            actor,
            Action.UPLOAD_COMMIT,
            session.id,
            f"{len(new_rows)} new, {len(accepted) - len(new_rows)} linked, {plan.count(RowStatus.REFUSED)} refused",
            session.id,
        )
    bar.done()
    return UploadResult(len(new_rows), len(accepted) - len(new_rows), generated)


def _refuse_changed_rows(db, session: Session, accepted: list[RowPlan], actor: Actor, bar: _CommitProgress) -> None:
    """Each accepted row checked again against the store as it is now: a row whose username
    another operator has taken, or entered into this session, since the preview is refused."""
    again = RowChecker(db, session.id, actor.today())
    changed = []
    for done, row in enumerate(accepted, start=1):
        fresh = again.check_again(row)
        if fresh.status != row.status or fresh.owner_id != row.owner_id:
            changed.append(
                Problem(f"row {row.line}", "changed since the preview (another operator); read the file again")
            )
        if done % REPORT_EVERY == 0:
            bar.at(0, done, len(accepted))
    refuse_any(changed)


def _layout(plan: UploadPlan) -> tuple[Columns, int]:
    """The field of each column, and how many columns the file has."""
    return plan.columns, len(plan.header or plan.columns)


def rejects_table(plan: UploadPlan) -> list[list[str]]:
    """The refused rows as they were read, under the file's header, with an Error column
    first (a stray extra cell stays where it was; uploading the fixed file again ignores
    the Error column as an unknown heading).  Passwords are left out - entrytui writes no
    password to any file but a slip (or an export asked for with them); a row left without
    one gets a generated password."""
    mapped, width = _layout(plan)
    heading = ["Error"] + (plan.header or [COLUMNS[i] for i in mapped if i is not None])
    body = []
    for row in plan.rows:
        if row.status == RowStatus.REFUSED:
            cells = row.raw + [""] * (width - len(row.raw))
            cells = ["" if mapped[i : i + 1] == [PASSWORD] else cell for i, cell in enumerate(cells)]
            body.append(["; ".join(row.messages)] + cells)
    return [heading] + body


def write_rejects(plan: UploadPlan, path: Path) -> int:
    """Save the refused rows in the file's own format (mode 0600); returns how many."""
    table = rejects_table(plan)
    if why := unusable(path):
        refuse("rejects", why)
    try:
        staged = Staged(path, write_sheet(table, plan.sheet))
        try:
            staged.publish()
        finally:
            staged.discard()
    except OSError as exc:
        raise InputRefused([Problem("rejects", f"cannot write {path}: {exc.strerror}")]) from None
    return len(table) - 1
