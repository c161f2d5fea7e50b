"""The one validation module: pure functions shared by the form, the upload and the CLI.

Every ``check_*`` function returns the cleaned value and a list of :class:`Problem`;
an empty list means the value is accepted.  Nothing here touches the store or a UI.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from entrytui.char_rules import CharRule, positions

USERNAME_MAX = 500
PASSWORD_MIN = 8
PASSWORD_MAX = 256
NAME_MAX = 100
TEXT_MAX = 200
EMAIL_MAX = 254
AGE_MIN, AGE_MAX = 3, 120
GENDERS = ("Male", "Female", "Other", "Not stated")
GENDER_LETTERS = {"M": "Male", "F": "Female", "U": "Not stated"}  # what an upload may write instead
TITLES = ("Mr", "Mrs", "Ms", "Miss", "Dr", "Mx")  # the portal's bulk template
CAPACITY_MAX = 100_000
# What a name may hold besides letters (any script) and their marks: spaces, hyphens
# (- U+2010 U+2011), apostrophes (' U+2019; U+02BC is a letter already) and full stops.
NAME_PUNCTUATION = frozenset(" -\u2010\u2011'\u2019\u02bc.")
DATETIME_FORMAT = "%Y-%m-%d %H:%M"

# The article's supported characters: ASCII letters and digits, the four default
# symbols, U+00C0-U+00FF except the two operators, and A with macron/breve/ogonek.
DEFAULT_SYMBOLS = "@_-."
DIACRITICS = frozenset(chr(c) for c in range(0xC0, 0x100) if c not in (0xD7, 0xF7)) | frozenset("ĀāĂăĄą")
ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
USERNAME_ALLOWED = ASCII_ALNUM | frozenset(DEFAULT_SYMBOLS) | DIACRITICS
# The article's explicit list of unsupported characters (all refused anyway).
ARTICLE_REFUSED = "!£\"#$%'()*+,/:;<=>?[\\]^`{|}~&"

# Characters that must never reach a terminal or a printed slip unseen:
# controls, format characters (bidi overrides, zero-width), separators, private use.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_EMAIL_RE = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)
_INSTITUTION_ID_RE = re.compile(r"^[A-Z]{2}[A-Z0-9]{1,18}$")


@dataclass(frozen=True)
class Problem:
    """One refusal: the field it concerns and a sentence an operator can act on."""

    field: str
    message: str

    def __post_init__(self) -> None:
        # A message may quote what was typed or uploaded: never a raw control character.
        object.__setattr__(self, "field", shown(self.field))
        object.__setattr__(self, "message", shown(self.message))

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def plural(count: int, one: str, many: str) -> str:
    """``1 candidate``, ``2 candidates``: a count as English reads it."""
    return f"{count:,} {one if count == 1 else many}"


def collation_key(text: str) -> str:
    """How names sort and searches compare for people: accents and case set aside (Ñúñez with
    the N's, not after Z; 'nunez' finds it)."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def shown(text, keep: str = "", mark=lambda c: f"<U+{ord(c):04X}>") -> str:
    """``text`` with every control, bidi or invisible character (but those in ``keep``)
    replaced by ``mark(c)`` - <U+XXXX> unless told otherwise - so that quoting an operator's
    input back to them can never drive their terminal.  The one place this is decided:
    messages, the command line's output and the UI's tables all come through here."""
    text = "" if text is None else str(text)
    if text.isprintable():
        return text
    return "".join(mark(c) if is_unsafe_char(c) and c not in keep else c for c in text)


def describe_char(ch: str) -> str:
    """Show a character so that a terminal never interprets it: visible ones quoted,
    spaces, controls and invisible ones by code point and name."""
    cat = unicodedata.category(ch)
    if ch.isprintable() and cat[0] not in "ZC" and cat not in ("Mn", "Me"):
        return f"'{ch}'"
    name = unicodedata.name(ch, "control character" if cat == "Cc" else "unnamed character")
    return f"U+{ord(ch):04X} {name.lower()}"


def _char_problems(field: str, found: dict[str, list[int]]) -> list[Problem]:
    problems = []
    for ch, where in found.items():
        shown = ", ".join(str(p) for p in where[:10])
        if len(where) > 10:
            shown += f" and {len(where) - 10} more"
        noun = "position" if len(where) == 1 else "positions"
        problems.append(Problem(field, f"{describe_char(ch)} at {noun} {shown} is not allowed"))
    return problems


def is_unsafe_char(ch: str) -> bool:
    return unicodedata.category(ch) in _UNSAFE_CATEGORIES


_UNSAFE = CharRule(is_unsafe_char)
_NOT_IN_USERNAMES = CharRule(lambda c: c not in USERNAME_ALLOWED)


def clean_text(raw: str | None) -> str:
    """Trim surrounding white space and compose to NFC (the form every rule sees)."""
    return unicodedata.normalize("NFC", (raw or "").strip())


def normalise_username(raw: str | None) -> str:
    return clean_text(raw)


def check_username(raw: str | None) -> tuple[str, list[Problem]]:
    value = normalise_username(raw)
    if not value:
        return value, [Problem("username", "is required (1 to 500 characters)")]
    problems = []
    if len(value) > USERNAME_MAX:
        problems.append(Problem("username", f"is {len(value)} characters long; at most {USERNAME_MAX} are allowed"))
    problems += _char_problems("username", positions(value, _NOT_IN_USERNAMES))
    return value, problems


def check_password(raw: str | None) -> tuple[str, list[Problem]]:
    """The article's rule: 8+ characters with an upper-case letter and a digit.

    Passwords are not trimmed (a space is a character like any other) but are
    composed to NFC so that the same typed text always hashes the same.
    Control and invisible characters are refused: no candidate can type them.
    """
    value = unicodedata.normalize("NFC", raw or "")
    problems = []
    if len(value) < PASSWORD_MIN:
        problems.append(Problem("password", f"must be at least {PASSWORD_MIN} characters (has {len(value)})"))
    if len(value) > PASSWORD_MAX:
        problems.append(Problem("password", f"must be at most {PASSWORD_MAX} characters (has {len(value)})"))
    if not any(c.isupper() for c in value):
        problems.append(Problem("password", "needs at least one upper-case letter"))
    if not any(c in "0123456789" for c in value):
        problems.append(Problem("password", "needs at least one digit (0-9)"))
    problems += _char_problems("password", positions(value, _UNSAFE))
    return value, problems


def _check_free_text(field: str, raw: str | None, maximum: int, required: bool = True) -> tuple[str, list[Problem]]:
    value = clean_text(raw)
    if not value:
        return value, ([Problem(field, f"is required (1 to {maximum} characters)")] if required else [])
    problems = []
    if len(value) > maximum:
        problems.append(Problem(field, f"is {len(value)} characters long; at most {maximum} are allowed"))
    problems += _char_problems(field, positions(value, _UNSAFE))
    return value, problems


def _name_char_refused(ch: str) -> bool:
    return not (unicodedata.category(ch)[0] in "LM" or ch in NAME_PUNCTUATION)


_NOT_IN_NAMES = CharRule(_name_char_refused)


def check_name(field: str, raw: str | None) -> tuple[str, list[Problem]]:
    """First or family name: 1-100 letters of any script, spaces, hyphens, apostrophes and
    full stops (``St. John``, ``J. R.``), with at least one letter."""
    value = clean_text(raw)
    if not value:
        return value, [Problem(field, f"is required (1 to {NAME_MAX} characters)")]
    problems = []
    if len(value) > NAME_MAX:
        problems.append(Problem(field, f"is {len(value)} characters long; at most {NAME_MAX} are allowed"))
    refused = positions(value, _NOT_IN_NAMES)
    problems += _char_problems(field, refused)
    if not refused and not any(unicodedata.category(c)[0] == "L" for c in value):
        problems.append(Problem(field, f"'{value}' holds no letter"))
    return value, problems


def check_title(raw: str | None) -> tuple[str, list[Problem]]:
    """Optional: one of the portal's titles, in any case, with or without a full stop (``Dr.``)."""
    value = clean_text(raw)
    if not value:
        return "", []
    for title in TITLES:
        if value.rstrip(".").casefold() == title.casefold():
            return title, []
    return value, [Problem("title", f"'{_shown(value)}' is not one of {', '.join(TITLES)}")]


def check_email(raw: str | None) -> tuple[str, list[Problem]]:
    value = clean_text(raw)
    if not value:
        return "", []
    if len(value) > EMAIL_MAX:
        return value, [Problem("email", f"is {len(value)} characters long; at most {EMAIL_MAX} are allowed")]
    bad = _char_problems("email", positions(value, _UNSAFE))
    if bad:
        return value, bad
    if not _EMAIL_RE.match(value) or ".." in value:
        return value, [Problem("email", f"'{value}' is not an email address (expected name@example.org)")]
    return value, []


def check_date_of_birth(raw: str | None, today: date) -> tuple[str, list[Problem]]:
    value = clean_text(raw)
    if not value:
        return "", []
    try:
        born = date.fromisoformat(value)
        if len(value) != 10:
            raise ValueError
    except ValueError:
        return value, [Problem("date of birth", f"'{_shown(value)}' is not a date {_why_not(value)}")]
    if born >= today:
        return value, [Problem("date of birth", f"{value} is not in the past")]
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if not AGE_MIN <= age <= AGE_MAX:
        return value, [Problem("date of birth", f"gives an age of {age}; it must be {AGE_MIN} to {AGE_MAX}")]
    return value, []


def check_gender(raw: str | None) -> tuple[str, list[Problem]]:
    value = clean_text(raw)
    if not value:
        return "", []
    for gender in GENDERS:
        if value.casefold() == gender.casefold():
            return gender, []
    return value, [Problem("gender", f"'{_shown(value)}' is not one of {', '.join(GENDERS)}")]


def gender_letter(raw: str | None) -> str | None:
    """An upload's ``M``, ``F`` or ``U`` (in any case) as the gender it stands for; any other
    value as it was, for :func:`check_gender`."""
    return GENDER_LETTERS.get(clean_text(raw).upper(), raw)


def check_institution_id(raw: str | None) -> tuple[str, list[Problem]]:
    value = clean_text(raw).upper()
    if not _INSTITUTION_ID_RE.match(value):
        return value, [
            Problem(
                "institution id", f"'{_shown(value)}' must be 2 letters then 1 to 18 letters or digits (e.g. GB123)"
            )
        ]
    return value, []


def check_institution_name(raw: str | None) -> tuple[str, list[Problem]]:
    return _check_free_text("institution name", raw, TEXT_MAX)


def check_venue_name(raw: str | None) -> tuple[str, list[Problem]]:
    return _check_free_text("venue", raw, TEXT_MAX)


def check_session_name(raw: str | None) -> tuple[str, list[Problem]]:
    return _check_free_text("session name", raw, TEXT_MAX)


def check_test_name(raw: str | None) -> tuple[str, list[Problem]]:
    return _check_free_text("test", raw, TEXT_MAX)


def check_reason(raw: str | None) -> tuple[str, list[Problem]]:
    return _check_free_text("reason", raw, TEXT_MAX, required=False)


def check_address(raw: str | None) -> tuple[str, list[Problem]]:
    return _check_free_text("address", raw, TEXT_MAX, required=False)


def check_capacity(raw: str | int | None) -> tuple[int | None, list[Problem]]:
    """Optional: how many candidates a venue seats, a whole number from 1."""
    value = clean_text(str(raw)) if raw is not None else ""
    if not value:
        return None, []
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= CAPACITY_MAX:
        return None, [Problem("capacity", f"'{_shown(value)}' is not a whole number from 1 to {CAPACITY_MAX:,}")]
    return int(value), []


def parse_datetime(field: str, raw: str | None) -> tuple[datetime | None, list[Problem]]:
    value = clean_text(raw)
    try:
        return datetime.strptime(value, DATETIME_FORMAT), []
    except ValueError:
        return None, [Problem(field, f"'{_shown(value)}' is not a date and time {_why_not(value, with_time=True)}")]


def _why_not(value: str, with_time: bool = False) -> str:
    """Why a value written as a date (and time) is none: the day or month that does not exist,
    or else the form expected."""
    shape = r"(\d{4})-(\d{2})-(\d{2})" + (r" (\d{2}):(\d{2})" if with_time else "")
    found = re.fullmatch(shape, value)
    if found:
        year, month, day = (int(found.group(n)) for n in (1, 2, 3))
        if not 1 <= month <= 12:
            return f"(there is no month {month})"
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            return f"({calendar.month_name[month]} {year} has {days} days)"
        if with_time and int(found.group(4)) > 23:
            return f"(there is no hour {int(found.group(4))})"
        if with_time and int(found.group(5)) > 59:
            return f"(there is no minute {int(found.group(5))})"
    return "(expected YYYY-MM-DD HH:MM)" if with_time else "(expected YYYY-MM-DD)"


def _shown(value: str) -> str:
    """A value echoed in a message, with anything a terminal could interpret escaped."""
    return "".join(describe_char(c) if is_unsafe_char(c) else c for c in value[:60]) + ("…" if len(value) > 60 else "")


@dataclass(frozen=True)
class CandidateInput:
    """A candidate's details as every path hands them to the entry service, cleaned."""

    first_name: str
    family_name: str
    username: str
    email: str = ""
    date_of_birth: str = ""
    gender: str = ""
    title: str = ""


def check_candidate(
    *,
    first_name: str | None,
    family_name: str | None,
    username: str | None,
    email: str | None = "",
    date_of_birth: str | None = "",
    gender: str | None = "",
    title: str | None = "",
    today: date,
) -> tuple[CandidateInput, list[Problem]]:
    """Every candidate field at once (the password is checked on its own)."""
    honorific, p0 = check_title(title)
    first, p1 = check_name("first name", first_name)
    family, p2 = check_name("family name", family_name)
    user, p3 = check_username(username)
    mail, p4 = check_email(email)
    dob, p5 = check_date_of_birth(date_of_birth, today)
    sex, p6 = check_gender(gender)
    return CandidateInput(first, family, user, mail, dob, sex, honorific), p0 + p1 + p2 + p3 + p4 + p5 + p6


@dataclass(frozen=True)
class SessionInput:
    name: str
    test: str
    start: datetime
    end: datetime


def check_session(
    *, name: str | None, test: str | None, start: str | None, end: str | None = None, duration_minutes: int
) -> tuple[SessionInput | None, list[Problem]]:
    """A session: name, test and start required; end derived from the test's duration unless given."""
    clean_name, problems = check_session_name(name)
    clean_test, p = check_test_name(test)
    problems += p
    begins, p = parse_datetime("start", start)
    problems += p
    ends = None
    if clean_text(end):
        ends, p = parse_datetime("end", end)
        problems += p
    elif begins is not None:
        ends = begins + timedelta(minutes=duration_minutes)
    if begins is not None and ends is not None and ends <= begins:
        problems.append(Problem("end", f"{ends:%Y-%m-%d %H:%M} must be after the start {begins:%Y-%m-%d %H:%M}"))
    if problems:
        return None, problems
    assert begins is not None and ends is not None  # parse_datetime gives None only with a problem
    return SessionInput(clean_name, clean_test, begins, ends), []
