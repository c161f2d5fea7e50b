"""The candidate's fields, shared by the Single Candidate Entry form (Add Entries) and Edit
candidate: the same fields on the same rules, a service's refusal shown under the field it
names, and the same question for a username that differs from another only by case."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from rich.markup import escape
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Label, Select, Static

from entrytui.domain import Candidate
from entrytui.errors import CaseVariantExists, InputRefused, StoreError
from entrytui.rules import (
    GENDERS,
    TITLES,
    check_date_of_birth,
    check_email,
    check_name,
    check_password,
    check_username,
    plural,
)
from entrytui.tui.dialogs.base import ConfirmDialog
from entrytui.tui.widgets.field import Field

# Where a service problem's field name is shown on the form.
FIELD_IDS = {
    "first name": "first-name",
    "family name": "family-name",
    "username": "username",
    "password": "password",
    "email": "email",
    "date of birth": "dob",
}


def choice_row(caption: str, choices: tuple[str, ...], select_id: str, value: str = "") -> Horizontal:
    """A caption and a Select of the rules' closed set (title, gender); ``""``: none chosen."""
    select = Select([(c, c) for c in choices], prompt="optional", id=select_id, value=value or Select.NULL)
    return Horizontal(Label(caption, classes="caption"), select, classes="select-row")


def candidate_fields(
    *, title: bool = False, password: bool = False, username_hint: str = "", values: Candidate | None = None
) -> Iterator[Widget]:
    """The form's widgets, in the order the operator fills them, prefilled from ``values``."""
    held = values or Candidate(id="", username="", first_name="", family_name="")
    if title:
        yield choice_row("Title", TITLES, "title", held.title)
    yield Field("First name", lambda v: check_name("first name", v)[1], id="first-name", value=held.first_name)
    yield Field("Family name", lambda v: check_name("family name", v)[1], id="family-name", value=held.family_name)
    yield Field(
        "Username", lambda v: check_username(v)[1], id="username", placeholder=username_hint, value=held.username
    )
    if password:
        yield Field(
            "Password",
            lambda v: check_password(v)[1] if v else [],
            id="password",
            password=True,
            placeholder="8+ characters, an upper-case letter and a digit (ctrl+g)",
        )
    yield Field("Email", lambda v: check_email(v)[1], id="email", placeholder="optional", value=held.email)
    yield Field(
        "Date of birth",
        lambda v: check_date_of_birth(v, date.today())[1],
        id="dob",
        placeholder="optional, YYYY-MM-DD",
        value=held.date_of_birth,
    )
    yield choice_row("Gender", GENDERS, "gender", held.gender)


class CandidateForm:
    """Mixin for a screen holding :func:`candidate_fields` inside ``.candidate-form``, a
    ``#form-status`` line and ``action_save(allow_case_variant=...)``."""

    def asked(self, error: Exception) -> bool:
        """Ask the question this form has for ``error`` (override); True if it asked one."""
        return False

    def not_saved(self, error: Exception) -> bool:
        """The form keeps its input; a question or the reasons are shown on the form (True),
        a store problem also as a message."""
        if self.asked(error):
            pass
        elif isinstance(error, CaseVariantExists):
            self.ask_case_variant(error)
        elif isinstance(error, InputRefused):
            self.show_refusal(error)
        else:
            reason = str(error) if isinstance(error, StoreError) else "an unexpected error"
            self.status(f"Not saved: {reason}. Your input is kept; try Save again.")
            return False
        return True

    def field(self, field_id: str) -> Field:
        return self.query_one(f"#{field_id}", Field)

    def fields(self) -> list[Field]:
        return list(self.query(".candidate-form Field").results(Field))

    def choice(self, select_id: str) -> str:
        value = self.query_one(f"#{select_id}", Select).value
        return "" if value is Select.NULL else str(value)

    def status(self, text: str) -> None:
        self.query_one("#form-status", Static).update(text)

    def fields_pass(self) -> bool:
        """Every field checked with its rule; False (the first wrong one focused) if any fails."""
        problems = [p for f in self.fields() for p in f.check()]
        if problems:
            self.status(f"{plural(len(problems), 'problem', 'problems')} to fix before saving.")
            next(f for f in self.fields() if f.has_class("-invalid")).input.focus()
        return not problems

    def show_refusal(self, exc: InputRefused) -> None:
        by_field: dict[str, list] = {}
        other = []
        for problem in exc.problems:
            if problem.field in FIELD_IDS:
                by_field.setdefault(FIELD_IDS[problem.field], []).append(problem)
            else:
                other.append(str(problem))
        for field_id, problems in by_field.items():
            self.field(field_id).show(problems)
        self.status("Not saved. " + " ".join(other) if other else "Not saved: see the messages above.")
        if by_field:
            self.field(next(iter(by_field))).input.focus()

    def ask_case_variant(self, exc: CaseVariantExists) -> None:
        self.status("")
        question = f"{escape(exc.problems[0].message)}.\nThey would be two different logins. Save '{escape(exc.username)}' anyway?"

        def answered(yes: bool | None) -> None:
            if yes:
                self.action_save(allow_case_variant=True)
            else:
                self.field("username").input.focus()

        self.app.push_screen(
            ConfirmDialog("Username differs only by case", question, yes="Save anyway", no="Change it"), answered
        )
