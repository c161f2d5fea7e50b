"""Upload reads the portal's template exactly: Title kept, an Institution ID that must be the
store's, Gender M/F/U, and files without headings read by their width (seven columns as
always, nine in the template's order)."""

from __future__ import annotations

import pytest

from entrytui.services.audit import list_events
from entrytui.services.candidates import password_matches
from entrytui.services.entries import add_entry, list_entries
from entrytui.services.sessions import add_session
from entrytui.services.upload_template import TEMPLATE, headerless
from entrytui.services.uploads import commit_upload, plan_upload, rejects_table


def plan_of(store, text: str):
    return plan_upload(store, "S1", text.encode(), "list.csv")


def statuses(plan) -> dict[int, tuple[str, list[str]]]:
    return {r.line: (r.status, r.messages) for r in plan.rows}


TEMPLATE_HEADER = ",".join(TEMPLATE)


def test_the_template_header_is_read_and_title_institution_and_gender_kept(store):
    plan = plan_of(
        store,
        f"{TEMPLATE_HEADER}\n"
        "Up1,Secret123,GB123,Dr,Ana,Silva,ana@example.org,2001-02-03,F\n"
        "Up2,,gb123,mr.,Bo,Li,,,m\n"
        "Up3,,,,Cy,Lo,,,U\n",
    )
    assert plan.header == TEMPLATE and plan.unknown_columns == [] and plan.columns_said() == "header row found"
    assert statuses(plan) == {2: ("new", []), 3: ("new", []), 4: ("new", [])}
    commit_upload(store, plan)
    got = {r.candidate.username: r.candidate for r in list_entries(store, "S1")}
    assert [(got[u].title, got[u].gender) for u in ("Up1", "Up2", "Up3")] == [
        ("Dr", "Female"),
        ("Mr", "Male"),
        ("", "Not stated"),
    ]
    assert got["Up1"].email == "ana@example.org" and got["Up1"].date_of_birth == "2001-02-03"


def test_a_row_for_another_institution_is_refused_naming_it(store):
    plan = plan_of(store, f"{TEMPLATE_HEADER}\nUp1,,GB123,,Ana,Silva,,,\nUp2,,XX999,,Bo,Li,,,\n")
    assert statuses(plan) == {
        2: ("new", []),
        3: ("refused", ["institution id: 'XX999' is not this centre's (GB123)"]),
    }


@pytest.mark.parametrize(
    "written, read",
    [("M", "Male"), ("f", "Female"), (" U ", "Not stated"), ("Other", "Other"), ("male", "Male")],
)
def test_gender_letters_are_read_as_the_portal_writes_them(store, written, read):
    plan = plan_of(store, f"Login,First name,Family name,Gender\nUp1,Ana,Silva,{written}\n")
    assert plan.rows[0].status == "new" and plan.rows[0].values["gender"] == read


def test_another_letter_is_not_a_gender(store):
    plan = plan_of(store, "Login,First name,Family name,Gender\nUp1,Ana,Silva,X\n")
    assert statuses(plan)[2] == ("refused", ["gender: 'X' is not one of Male, Female, Other, Not stated"])


def test_without_headings_seven_columns_are_read_as_always(store):
    plan = plan_of(store, "Up1,Secret123,Ana,Silva,ana@example.org,2001-02-03,M\n")
    assert plan.header is None
    assert plan.columns_said() == (
        "no header row: read as Login, Password, First name, Family name, Email address, Date of Birth, Gender"
    )
    values = plan.rows[0].values
    assert (values["username"], values["first_name"], values["family_name"], values["gender"]) == (
        "Up1",
        "Ana",
        "Silva",
        "Male",
    )
    assert plan.rows[0].status == "new"


def test_without_headings_nine_columns_are_read_in_the_template_order_and_committed(store):
    plan = plan_of(
        store,
        "Up1,Secret123,GB123,Ms,Ana,Silva,ana@example.org,2001-02-03,F\nUp2,,,,Bo,Li,,,\nUp3,,XX999,,Cy,Lo,,,\n",
    )
    assert plan.header is None and plan.columns_said().startswith("no header row: read as the portal's template")
    assert statuses(plan) == {
        1: ("new", []),
        2: ("new", []),
        3: ("refused", ["institution id: 'XX999' is not this centre's (GB123)"]),
    }
    ana = plan.rows[0].values
    assert (ana["title"], ana["first_name"], ana["family_name"], ana["email"], ana["gender"]) == (
        "Ms",
        "Ana",
        "Silva",
        "ana@example.org",
        "Female",
    )
    assert rejects_table(plan)[0] == ["Error"] + TEMPLATE
    result = commit_upload(store, plan)  # checks every row again in the same layout
    assert (result.added, result.linked) == (2, 0)
    assert {r.candidate.username: r.candidate.title for r in list_entries(store, "S1")} == {"Up1": "Ms", "Up2": ""}


def test_seven_columns_padded_wider_by_a_spreadsheet_are_still_seven(store):
    """A spreadsheet pads rows to its widest; family names in the fourth column say these are seven."""
    plan = plan_of(store, "Up1,Secret123,Ana,Silva,,,,,\nUp2,,Bo,Li,,,,,\n")
    assert plan.columns_said().startswith("no header row: read as Login, Password, First name")
    assert [(r.status, r.values["family_name"]) for r in plan.rows] == [("new", "Silva"), ("new", "Li")]


@pytest.mark.parametrize(
    "rows, nine",
    [
        ([["a"] * 7], False),
        ([["a"] * 9], False),  # a family name 'a' in the fourth column
        ([["u", "", "", "", "Ana", "Silva", "", "", ""]], True),
        ([["u", "", "", "Dr", "Ana", "Silva", "", ""]], True),  # eight: a spreadsheet dropped the empty Gender
        ([["u", "", "", "Dr", "A", "B", "", "", ""], ["v", "", "", "Sir", "A", "B", "", "", ""]], True),  # a typo
        ([["u", "", "Ana", "Silva", "", "", "", "stray"]], False),
    ],
)
def test_which_headerless_files_are_the_template(rows, nine):
    assert (headerless(rows) == [0, 1, 8, 7, 2, 3, 4, 5, 6]) is nine


def test_a_spreadsheets_formula_guard_is_dropped_on_reading(store):
    plan = plan_of(store, "Login,Password,First name,Family name\n'-cand1,'=Secret123,Ana,Silva\n")
    assert (plan.rows[0].values["username"], plan.rows[0].values["password"]) == ("-cand1", "=Secret123")
    assert plan.rows[0].status == "new"


def test_a_linked_rows_password_that_is_theirs_already_sets_nothing(store):
    add_entry(store, "S1", first_name="Ana", family_name="Silva", username="Up1", password="Secret123")
    add_entry(store, "S1", first_name="Bo", family_name="Li", username="Up2", password="Secret123")
    add_session(store, name="Jan", test="Linguaskill", start="2099-01-10 09:00")
    data = b"Login,Password,First name,Family name\nUp1,Secret123,Ana,Silva\nUp2,Other4567,Bo,Li\n"
    plan = plan_upload(store, "S2", data, "x.csv")
    assert statuses(plan) == {
        2: ("link", ["enters the existing candidate Ana Silva"]),
        3: (
            "link",
            ["enters the existing candidate Bo Li", "the file's password becomes their password, for every session"],
        ),
    }
    commit_upload(store, plan)
    assert password_matches(store, "Up1", "Secret123") and password_matches(store, "Up2", "Other4567")
    assert [e.action for e in list_events(store)].count("candidate.password_reset") == 1
