"""The portal's bulk upload template: its columns, the headings a class list may give them,
and which column of a file holds which field, with or without a header row.  Pure: no store.

The template, in its order (what an export writes): Login, Password, Institution ID, Title,
First name, Family name, Email address, Date of Birth, Gender.  With a header row, each
heading is matched without case, spaces or punctuation (``first_name``, ``SURNAME``), in any
order.  Without one, a file is read by its width and its fourth column:

* seven columns (or fewer) are read as entrytui always read them: Login, Password, First
  name, Family name, Email address, Date of Birth, Gender - a value in an eighth column is
  refused on its row;
* wider, with a fourth column of titles (or nothing): the template's nine.  A seven-column
  file a spreadsheet padded, or with a stray value further right, has family names there and
  is still read as seven.
"""

from __future__ import annotations

from entrytui.errors import refuse
from entrytui.rules import check_title

# The fields a class list may hold; a column maps to one by its index here.
COLUMNS = [
    "Login",
    "Password",
    "First name",
    "Family name",
    "Email address",
    "Date of Birth",
    "Gender",
    "Title",
    "Institution ID",
]
FIELDS = [
    "username",
    "password",
    "first_name",
    "family_name",
    "email",
    "date_of_birth",
    "gender",
    "title",
    "institution_id",
]
LOGIN, PASSWORD, TITLE = 0, 1, 7
REQUIRED = (0, 2, 3)  # a header must name Login, First name and Family name
HEADERLESS = 7  # a file without a header row, read as entrytui always read one: COLUMNS[:7]
TEMPLATE_ORDER = [0, 1, 8, 7, 2, 3, 4, 5, 6]  # the portal's template, by index into COLUMNS
TEMPLATE = [COLUMNS[i] for i in TEMPLATE_ORDER]
_ALIASES = {
    "login": 0,
    "username": 0,
    "userid": 0,
    "password": 1,
    "firstname": 2,
    "givenname": 2,
    "familyname": 3,
    "lastname": 3,
    "surname": 3,
    "emailaddress": 4,
    "email": 4,
    "dateofbirth": 5,
    "dob": 5,
    "birthdate": 5,
    "gender": 6,
    "sex": 6,
    "title": 7,
    "institutionid": 8,
    "centrenumber": 8,
}

Columns = list[int | None]  # the field (index into COLUMNS) of each cell of a row; None: ignored


def _heading(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def mapped(header: list[str]) -> Columns:
    """The field of each column of a header row (None: a heading that names none)."""
    return [_ALIASES.get(_heading(c)) for c in header]


def read_columns(rows: list[list[str]]) -> tuple[list[str] | None, Columns, list[str]]:
    """For a file's non-empty rows: (its header row or None, the field of each column, the
    headings that name no field).  A header that names a field twice, or lacks a required
    one, is refused whole."""
    first = rows[0] if rows else []
    while first and not first[-1].strip():  # spreadsheets pad rows to the widest one
        first = first[:-1]
    fields = mapped(first)
    if sum(1 for m in fields if m is not None) < 2:
        return None, headerless(rows), []
    seen: dict[int, str] = {}
    for heading, index in zip(first, fields):
        if index is not None:
            if index in seen:
                refuse("file", f"the columns '{seen[index]}' and '{heading}' are both {COLUMNS[index]}")
            seen[index] = heading
    missing = [COLUMNS[i] for i in REQUIRED if i not in seen]
    if missing:
        refuse("file", f"the header has no {', '.join(missing)} column")
    unknown = [h.strip() for h, m in zip(first, fields) if m is None and h.strip()]
    return [c.strip() for c in first], fields, unknown


def headerless(rows: list[list[str]]) -> Columns:
    """A file without a header row: seven columns, or the template's nine (see the module's text)."""
    width = max((len(r) for r in rows), default=0)
    if width <= HEADERLESS:
        return list(range(HEADERLESS))
    fourth = [r[3].strip() for r in rows if len(r) > 3 and r[3].strip()]
    titles = sum(1 for value in fourth if not check_title(value)[1])
    return list(TEMPLATE_ORDER) if 2 * titles >= len(fourth) else list(range(HEADERLESS))


def columns_said(header: list[str] | None, columns: Columns) -> str:
    """How the columns were read, as the preview and the command line say it."""
    if header:
        return "header row found"
    if columns == TEMPLATE_ORDER:
        return "no header row: read as the portal's template (" + ", ".join(TEMPLATE) + ")"
    return "no header row: read as " + ", ".join(COLUMNS[:HEADERLESS])
