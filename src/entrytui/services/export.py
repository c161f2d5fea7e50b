"""Export: a session's active entries as a class list in the portal's upload template, CSV
or XLSX, so that the file uploads unchanged into another session here (every row a link:
its Login is its candidate's) or into the portal.

The columns are the template's (:data:`~entrytui.services.upload_template.TEMPLATE`): Login,
Password, Institution ID, Title, First name, Family name, Email address, Date of Birth,
Gender.  A CSV is UTF-8 with a byte-order mark; both formats are formula-safe
(:mod:`entrytui.documents.sheets`).  Withdrawn entries are left out.

The Password column is empty unless asked for (``with_passwords``).  Then the export is
audited as a printout is - who, and which entries, because the file holds their passwords in
clear - and candidates of a version 1 store, who have only a hash that cannot be shown, keep
an empty cell (counted in the result).  Without passwords the export only reads the store,
so an operator who may not change it can export.

The file is written to a temporary file (mode 0600, or 0660 in a group-shared folder) and
renamed into place once it is whole - with passwords, only after the audit event is committed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from entrytui.documents.sheets import NEW_CSV, NEW_XLSX, SheetData, write_sheet
from entrytui.domain import ACTIVE, Action, Candidate, Entry
from entrytui.errors import InputRefused, refuse
from entrytui.files import Staged, unusable
from entrytui.passwords import unseal
from entrytui.rules import Problem, plural
from entrytui.services.common import Actor, acting, get_candidate, get_session, institution, record
from entrytui.services.upload_template import TEMPLATE
from entrytui.store import Store, find, find_one

Progress = Callable[[str, int, int], None]  # (stage, done, total)
FORMATS = {".csv": NEW_CSV, ".xlsx": NEW_XLSX}
REPORT_EVERY = 500


@dataclass(frozen=True)
class Export:
    path: Path
    rows: int  # the active entries written
    withdrawn: int  # withdrawn entries left out
    with_passwords: bool
    without_password: list[str] = field(default_factory=list)  # 'Ana Silva (Cand1)': no password to show

    def said(self) -> str:
        """What was written, as the command line and the UI say it."""
        what = "with their passwords (audited)" if self.with_passwords else "without passwords"
        return f"{plural(self.rows, 'entry', 'entries')} written to {self.path}, {what}"

    def warnings(self) -> list[str]:
        said = []
        if self.without_password:
            said.append(
                f"{plural(len(self.without_password), 'candidate has', 'candidates have')} no password that can "
                "be shown (set before passwords were sealed): their Password cells are empty"
            )
        if self.withdrawn:
            said.append(f"{plural(self.withdrawn, 'withdrawn entry', 'withdrawn entries')} left out")
        return said


def format_of(path: Path) -> SheetData | None:
    """The format a file name asks for (.csv or .xlsx, in any case), or None."""
    return FORMATS.get(Path(path).suffix.lower())


def default_name(session_id: str, now: datetime) -> str:
    return f"export-{session_id}-{now:%Y%m%d-%H%M}.csv"


def export_session(
    store: Store,
    session_id: str,
    path: Path,
    with_passwords: bool = False,
    progress: Progress | None = None,
    actor: Actor | None = None,
) -> Export:
    """Write the session's active entries to ``path`` in the template's columns (see the
    module's text); returns what was written."""
    path = Path(path)
    like = format_of(path)
    if like is None:
        refuse("file", f"'{path.name}' must end in .csv or .xlsx (the format to write)")
    if why := unusable(path):
        refuse("file", why)
    with store.reading() as db:
        session = get_session(db, session_id)
        owner = institution(db)
        mine = find(db, "entries", "session_id", session.id)
        chosen = [Entry.from_doc(e) for e in mine if e["status"] == ACTIVE]
        candidates = [get_candidate(db, e.candidate_id) for e in chosen]
    institution_id = owner.institution_id if owner else ""
    passwords = _passwords(store, candidates, progress) if with_passwords else [""] * len(candidates)
    table = [TEMPLATE] + [_row(c, p, institution_id) for c, p in zip(candidates, passwords)]
    if progress:
        progress("Writing the file", 0, 1)
    try:
        staged = Staged(path, write_sheet(table, like))
    except OSError as exc:
        raise InputRefused([Problem("file", f"cannot write {path}: {exc.strerror}")]) from None
    try:
        if with_passwords:
            _audit(store, session.id, path, chosen, candidates, acting(actor))
        try:
            staged.publish()
        except OSError as exc:
            raise InputRefused([Problem("file", f"cannot write {path}: {exc.strerror}")]) from None
    finally:
        staged.discard()
    if progress:
        progress("Writing the file", 1, 1)
    lacking = [f"{c.full_name} ({c.username})" for c in candidates if with_passwords and not c.password_sealed]
    return Export(path, len(chosen), len(mine) - len(chosen), with_passwords, lacking)


def _passwords(store: Store, candidates: list[Candidate], progress: Progress | None) -> list[str]:
    """Each candidate's current password ("" for one with only a version 1 hash)."""
    key = store.key() if any(c.password_sealed for c in candidates) else b""
    shown = []
    for done, c in enumerate(candidates, start=1):
        shown.append(unseal(key, c.id, c.password_sealed, c.username) if c.password_sealed else "")
        if progress and (done % REPORT_EVERY == 0 or done == len(candidates)):
            progress("Reading passwords", done, len(candidates))
    return shown


def _row(c: Candidate, password: str, institution_id: str) -> list[str]:
    """One row in the template's order (TEMPLATE)."""
    return [
        c.username,
        password,
        institution_id,
        c.title,
        c.first_name,
        c.family_name,
        c.email,
        c.date_of_birth,
        c.gender,
    ]


def _audit(
    store: Store, session_id: str, path: Path, chosen: list[Entry], candidates: list[Candidate], actor: Actor
) -> None:
    """The export with passwords, audited (who, which entries), once no password or entry
    changed since they were read: the file then holds the passwords that hold."""
    with store.transaction() as tx:
        for entry, candidate in zip(chosen, candidates):
            current = find_one(tx, "entries", "id", entry.id)
            if not current or current["status"] != ACTIVE or current["session_id"] != session_id:
                refuse("entries", f"{entry.entry_code} was withdrawn or moved meanwhile; export again")
            now = find_one(tx, "candidates", "id", candidate.id) or {}
            if now.get("password_sealed", "") != candidate.password_sealed:
                refuse("passwords", f"{candidate.username}'s password was changed meanwhile; export again")
        record(
            tx,
            actor,
            Action.EXPORT_PASSWORDS,
            session_id,
            f"{plural(len(chosen), 'entry', 'entries')} with their passwords to {path}",
            session_id,
            entries=[e.entry_code for e in chosen],
        )
