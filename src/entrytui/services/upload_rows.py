"""One row of an upload: its status (new, link, refused) and reasons, and the checks that
need memory (duplicates within the file, the store's candidates), for
:mod:`entrytui.services.uploads`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from entrytui.documents.sheets import unguarded
from entrytui.errors import StoreError
from entrytui.passwords import sealed_matches
from entrytui.rules import check_candidate, check_password, clean_text, gender_letter, shown
from entrytui.services.common import active_entries, institution
from entrytui.services.upload_template import FIELDS, Columns
from entrytui.store import Store, rows


class RowStatus(StrEnum):
    NEW = "new"  # a new candidate
    LINK = "link"  # an existing candidate (the Login is theirs)
    REFUSED = "refused"  # with every reason


@dataclass
class RowPlan:
    line: int  # the row's number as a spreadsheet shows it
    raw: list[str]
    status: RowStatus = RowStatus.NEW
    messages: list[str] = field(default_factory=list)
    values: dict = field(default_factory=dict)
    owner_id: str = ""  # the candidate a "link" row enters
    owner: str = ""  # and who they are: 'Ana Silva (Cand001)'

    def refuse(self, message: str) -> None:
        message = shown(message)
        self.status = RowStatus.REFUSED
        self.messages.append(message)


class RowChecker:
    """Row checks that need memory: duplicates within the file and the store's candidates."""

    def __init__(self, db, session_id: str, today: date):
        self.by_username = {d["username"]: d for d in rows(db, "candidates")}
        self.by_folded: dict[str, dict] = {}
        for doc in self.by_username.values():
            self.by_folded.setdefault(doc["username"].casefold(), doc)
        self.in_session = {d["candidate_id"]: d["entry_code"] for d in active_entries(db, session_id)}
        self.seen: dict[str, int] = {}
        self.seen_folded: dict[str, tuple[int, str]] = {}
        self.today = today
        owner = institution(db)
        self.institution_id = owner.institution_id if owner else ""
        self.key: bytes | None = None  # the store's: a linked row's password that is theirs already changes nothing

    def check(self, line: int, cells: list[str], columns: Columns, width: int) -> RowPlan:
        row = RowPlan(line, list(cells))
        cells = [unguarded(c) for c in cells]  # a spreadsheet-safe file's ' before = + - @ (sheets.py)
        last = max(i for i, c in enumerate(cells) if c.strip())
        if last >= width:
            row.refuse(
                f"has a value in column {last + 1} ('{cells[last].strip()[:20]}'), but the file has {width} columns"
            )
        values = {name: "" for name in FIELDS}
        for cell, index in zip(cells, columns):
            if index is not None:
                values[FIELDS[index]] = cell
        details, problems = check_candidate(
            first_name=values["first_name"],
            family_name=values["family_name"],
            username=values["username"],
            email=values["email"],
            date_of_birth=values["date_of_birth"],
            gender=gender_letter(values["gender"]),
            title=values["title"],
            today=self.today,
        )
        theirs = clean_text(values["institution_id"])
        if theirs and theirs.upper() != self.institution_id:
            row.refuse(f"institution id: '{theirs[:20]}' is not this centre's ({self.institution_id or 'none set up'})")
        password = values["password"]
        if password:
            password, more = check_password(password)
            problems += more
        for problem in problems:
            row.refuse(str(problem))
        row.values = {**vars(details), "password": password}  # not asdict: a deep copy per row
        if details.username:
            self._uniqueness(row, details.username)
        return row

    def check_again(self, row: RowPlan) -> RowPlan:
        """What :meth:`check` would say of a row it accepted, now: only the store can have
        changed (who owns its username, who is in the session), not its cells' rules."""
        fresh = RowPlan(row.line, row.raw, values=dict(row.values))
        self._uniqueness(fresh, row.values["username"])
        return fresh

    def _uniqueness(self, row: RowPlan, username: str) -> None:
        if username in self.seen:
            row.refuse(f"username: '{username}' is also on row {self.seen[username]}")
            return
        folded = username.casefold()
        if folded in self.seen_folded:
            other_line, other = self.seen_folded[folded]
            row.refuse(f"username: '{username}' differs only by case from '{other}' on row {other_line}")
            return
        self.seen[username] = row.line
        self.seen_folded[folded] = (row.line, username)
        owner = self.by_username.get(username)
        if owner is None:
            variant = self.by_folded.get(folded)
            if variant:
                row.refuse(
                    f"username: '{username}' differs only by case from the existing '{variant['username']}' "
                    f"({variant['first_name']} {variant['family_name']})"
                )
            return
        if owner["id"] in self.in_session:
            row.refuse(
                f"username: {owner['first_name']} {owner['family_name']} ('{username}') is in this session "
                f"already, entry code {self.in_session[owner['id']]}"
            )
        elif row.status != RowStatus.REFUSED:
            row.status, row.owner_id = RowStatus.LINK, owner["id"]
            row.owner = f"{owner['first_name']} {owner['family_name']} ({username})"
            row.messages.append(f"enters the existing candidate {owner['first_name']} {owner['family_name']}")
            if row.values.get("password") and self._theirs(owner, row.values["password"]):
                row.values["password"] = ""  # their password already (an export's): nothing to set
            if row.values.get("password"):
                row.messages.append("the file's password becomes their password, for every session")

    def _theirs(self, owner: dict, password: str) -> bool:
        if self.key is None or not owner.get("password_sealed"):
            return False
        try:
            return sealed_matches(self.key, owner["id"], password, owner["password_sealed"])
        except StoreError:  # a seal this key does not open: the file's password is new to them
            return False


def sealing_key(store: Store) -> bytes | None:
    """The store's key, to tell the passwords linked rows hold already; None without one."""
    try:
        return store.key()
    except StoreError:  # no key yet (nothing sealed), or unreadable: the commit says so if it needs one
        return None
