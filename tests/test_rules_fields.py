"""Password, names, email, date of birth, gender, institution and session rules."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from entrytui.rules import (
    check_candidate,
    check_capacity,
    check_date_of_birth,
    check_email,
    check_gender,
    check_institution_id,
    check_name,
    check_password,
    check_session,
    check_title,
)

TODAY = date(2026, 11, 25)


def msgs(result) -> list[str]:
    return [p.message for p in result[1]]


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Secret12", []),
        (
            "aaaaaaa",
            [
                "must be at least 8 characters (has 7)",
                "needs at least one upper-case letter",
                "needs at least one digit (0-9)",
            ],
        ),
        ("Secret1", ["must be at least 8 characters (has 7)"]),
        ("secret123", ["needs at least one upper-case letter"]),
        ("SecretABC", ["needs at least one digit (0-9)"]),
        ("Secret 12 with spaces", []),
        ("Ñandú2024", []),
        ("A1" + "x" * 254, []),
        ("A1" + "x" * 255, ["must be at most 256 characters (has 257)"]),
        ("Secret12\x1b", ["U+001B control character at position 9 is not allowed"]),
        (
            "",
            [
                "must be at least 8 characters (has 0)",
                "needs at least one upper-case letter",
                "needs at least one digit (0-9)",
            ],
        ),
    ],
)
def test_password_rule(raw, expected):
    assert msgs(check_password(raw)) == expected


def test_password_is_not_trimmed_but_composed():
    assert check_password(" Secret12 ")[0] == " Secret12 "
    assert check_password("Jose\u0301Secret1")[0] == "JoséSecret1"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Ana", []),
        ("  Mary-Jane  ", []),
        ("O'Brien", []),
        ("D’Arcy", []),
        ("José María", []),
        ("Łukasz", []),
        ("张伟", []),
        ("", ["is required (1 to 100 characters)"]),
        ("x" * 101, ["is 101 characters long; at most 100 are allowed"]),
        ("Ana2", ["'2' at position 4 is not allowed"]),
        ("St. John", []),
        ("J. R.", []),
        ("Jean\u2010Luc", []),  # hyphen
        ("Jean\u2011Luc", []),  # non-breaking hyphen
        ("Ng\u02bcambi", []),  # modifier letter apostrophe
        ("...", ["'...' holds no letter"]),
        ("A_B", ["'_' at position 2 is not allowed"]),
        ("A\u2012B", ["'\u2012' at position 2 is not allowed"]),  # a figure dash is no hyphen
        ("An\u202ea", ["U+202E right-to-left override at position 3 is not allowed"]),
    ],
)
def test_name_rule(raw, expected):
    assert msgs(check_name("first name", raw)) == expected


def test_name_problem_names_the_field():
    assert [str(p) for p in check_name("family name", "")[1]] == ["family name: is required (1 to 100 characters)"]


@pytest.mark.parametrize(
    "raw, ok",
    [
        ("", True),
        ("ana@example.org", True),
        ("a.b+c@mail.example.co.uk", True),
        ("ana", False),
        ("ana@", False),
        ("@example.org", False),
        ("ana@example", False),
        ("ana@@example.org", False),
        ("an a@example.org", False),
        ("ana..b@example.org", False),
        ("a" * 250 + "@x.org", False),
    ],
)
def test_email_shape(raw, ok):
    assert (msgs(check_email(raw)) == []) is ok


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("", []),
        ("2010-05-01", []),
        ("2023-11-25", []),
        ("2023-11-26", ["gives an age of 2; it must be 3 to 120"]),
        ("1906-11-25", []),
        ("1905-11-25", ["gives an age of 121; it must be 3 to 120"]),
        ("2026-11-25", ["2026-11-25 is not in the past"]),
        ("2030-01-01", ["2030-01-01 is not in the past"]),
        ("2010-02-30", ["'2010-02-30' is not a date (February 2010 has 28 days)"]),
        ("2012-02-30", ["'2012-02-30' is not a date (February 2012 has 29 days)"]),
        ("2010-13-01", ["'2010-13-01' is not a date (there is no month 13)"]),
        ("2010-04-00", ["'2010-04-00' is not a date (April 2010 has 30 days)"]),
        ("01/05/2010", ["'01/05/2010' is not a date (expected YYYY-MM-DD)"]),
        ("20100501", ["'20100501' is not a date (expected YYYY-MM-DD)"]),
    ],
)
def test_date_of_birth(raw, expected):
    assert msgs(check_date_of_birth(raw, TODAY)) == expected


@pytest.mark.parametrize(
    "raw, value", [("male", "Male"), ("FEMALE", "Female"), ("other", "Other"), ("not stated", "Not stated"), ("", "")]
)
def test_gender_is_matched_without_case(raw, value):
    assert check_gender(raw) == (value, [])


@pytest.mark.parametrize("raw, value", [("mr", "Mr"), ("Dr.", "Dr"), (" MISS ", "Miss"), ("Mx", "Mx"), ("", "")])
def test_title_is_one_of_the_templates_in_any_case(raw, value):
    assert check_title(raw) == (value, [])


def test_unknown_title_lists_the_choices():
    assert msgs(check_title("Sir")) == ["'Sir' is not one of Mr, Mrs, Ms, Miss, Dr, Mx"]
    assert [
        p.field for p in check_candidate(first_name="A", family_name="B", username="u", title="Sir", today=TODAY)[1]
    ] == ["title"]


@pytest.mark.parametrize(
    "raw, value, ok", [("", None, True), (None, None, True), ("30", 30, True), (12, 12, True), ("0", None, False),
                       ("-3", None, False), ("3.5", None, False), ("٣", None, False), ("100001", None, False)]
)  # fmt: skip
def test_capacity_is_a_whole_number_from_one(raw, value, ok):
    found, problems = check_capacity(raw)
    assert found == value and (problems == []) is ok


def test_unknown_gender_lists_the_choices():
    assert msgs(check_gender("x")) == ["'x' is not one of Male, Female, Other, Not stated"]


@pytest.mark.parametrize(
    "raw, ok", [("GB123", True), ("gb123", True), ("G1", False), ("123", False), ("GB 123", False), ("GB", False)]
)
def test_institution_id(raw, ok):
    assert (msgs(check_institution_id(raw)) == []) is ok


def test_session_end_is_derived_from_the_duration():
    found, problems = check_session(name="May", test="Linguaskill", start="2026-05-01 09:00", duration_minutes=120)
    assert problems == []
    assert found.end == datetime(2026, 5, 1, 11, 0)


def test_session_problems_are_all_listed():
    _, problems = check_session(name="", test="", start="tomorrow", duration_minutes=60)
    assert [str(p) for p in problems] == [
        "session name: is required (1 to 200 characters)",
        "test: is required (1 to 200 characters)",
        "start: 'tomorrow' is not a date and time (expected YYYY-MM-DD HH:MM)",
    ]


@pytest.mark.parametrize(
    "start, why",
    [
        ("2099-02-30 09:00", "February 2099 has 28 days"),
        ("2099-13-01 09:00", "there is no month 13"),
        ("2099-01-01 25:00", "there is no hour 25"),
        ("2099-01-01 09:60", "there is no minute 60"),
        ("10/01/2099 09:00", "expected YYYY-MM-DD HH:MM"),
    ],
)
def test_a_start_that_is_no_date_says_why(start, why):
    _, problems = check_session(name="a", test="b", start=start, duration_minutes=60)
    assert [str(p) for p in problems] == [f"start: '{start}' is not a date and time ({why})"]


def test_session_end_must_follow_start():
    _, problems = check_session(
        name="a", test="b", start="2026-05-01 09:00", end="2026-05-01 09:00", duration_minutes=60
    )
    assert [str(p) for p in problems] == ["end: 2026-05-01 09:00 must be after the start 2026-05-01 09:00"]


def test_check_candidate_lists_every_problem_with_its_field():
    _, problems = check_candidate(
        first_name="", family_name="Li3", username="a b", email="x", date_of_birth="tomorrow", gender="?", today=TODAY
    )
    assert [p.field for p in problems] == ["first name", "family name", "username", "email", "date of birth", "gender"]
