"""Upload Entries: every encoding, with and without a header, bad rows of every kind,
dry runs that write nothing, and commits that are all or nothing."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from entrytui.documents.sheets import read_sheet
from entrytui.errors import InputRefused, StoreError
from entrytui.services.candidates import password_matches
from entrytui.services.entries import add_entry, list_entries
from entrytui.services.uploads import (
    RowStatus,
    commit_upload,
    plan_upload,
    rejects_table,
    write_rejects,
)
from entrytui.store import Store
from helpers import BAD, GOOD, HEADER, csv_bytes, run_entrytui

EXPECTED = {
    4: ["username: '£' at position 3 is not allowed"],
    5: [
        "password: must be at least 8 characters (has 5)",
        "password: needs at least one upper-case letter",
        "password: needs at least one digit (0-9)",
    ],
    6: ["date of birth: '2010-02-30' is not a date (February 2010 has 28 days)"],
    8: ["username: 'Up001' is also on row 2"],
    9: ["has a value in column 8 ('stray'), but the file has 7 columns"],
}


def xlsx_bytes(rows: list[list[str]], header: bool = True) -> bytes:
    book = Workbook()
    for cells in ([HEADER] if header else []) + rows:
        book.active.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def statuses(plan) -> dict[int, tuple[str, list[str]]]:
    return {r.line: (r.status, r.messages) for r in plan.rows}


@pytest.mark.parametrize(
    "encoding, detected",
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),
        ("utf-16-le", "utf-16-le"),
        ("utf-16-be", "utf-16-be"),
        ("cp1252", "cp1252"),
    ],
)
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_every_encoding_and_delimiter_is_detected(store, encoding, detected, delimiter):
    rows = GOOD + BAD
    if encoding == "cp1252":
        rows = [r for r in rows if r[0] != "Up£03"] + [["Up£03", "Secret123", "Cy", "Lo", "", "", ""]]
    plan = plan_upload(store, "S1", csv_bytes(rows, encoding, delimiter), "list.csv")
    assert (plan.sheet.encoding, plan.sheet.delimiter) == (detected, delimiter)
    assert plan.header == HEADER
    by_user = {r.values["username"]: r for r in reversed(plan.rows)}  # the first row of each login
    assert by_user["Up001"].values["first_name"] == "José" and by_user["Up001"].values["family_name"] == "Müller"
    assert by_user["Up002"].values["first_name"] == "Zoë"
    assert (plan.count("new"), plan.count("link"), plan.count("refused"), plan.empty_lines) == (2, 0, 5, 1)


def test_every_bad_row_has_its_exact_messages(store):
    plan = plan_upload(store, "S1", csv_bytes(GOOD + BAD, "utf-8"), "list.csv")
    assert statuses(plan) == {
        2: ("new", []),
        3: ("new", []),
        **{line: ("refused", msgs) for line, msgs in EXPECTED.items()},
    }
    assert plan.totals() == "7 rows: 2 new, 0 link, 5 refused; 1 empty lines skipped"


def test_without_a_header_the_portal_column_order_is_used(store):
    plan = plan_upload(store, "S1", csv_bytes(GOOD + BAD, "utf-8", header=False), "list.csv")
    assert plan.header is None
    assert [r.line for r in plan.rows if r.status == "new"] == [1, 2]
    assert [r.messages for r in plan.rows if r.line == 8] == [
        ["has a value in column 8 ('stray'), but the file has 7 columns"]
    ]


def test_headers_match_without_case_or_spaces_and_unknown_columns_are_reported(store):
    data = b"FAMILY NAME;login;first_name;Notes\nSilva;Up9;Ana;x\n"
    plan = plan_upload(store, "S1", data, "x.csv")
    assert plan.unknown_columns == ["Notes"]
    assert plan.rows[0].values["family_name"] == "Silva" and plan.rows[0].status == "new"


def test_a_title_column_is_read_checked_and_stored(store):
    data = b"Login,Title,First name,Family name\nUp1,dr.,Ana,St. John\nUp2,Sir,Bo,Li\nUp3,,Cy,Lo\n"
    plan = plan_upload(store, "S1", data, "x.csv")
    assert statuses(plan) == {
        2: ("new", []),
        3: ("refused", ["title: 'Sir' is not one of Mr, Mrs, Ms, Miss, Dr, Mx"]),
        4: ("new", []),
    }
    commit_upload(store, plan)
    assert {r.candidate.username: r.candidate.title for r in list_entries(store, "S1")} == {"Up1": "Dr", "Up3": ""}


def test_without_a_header_an_eighth_column_is_no_title(store):
    plan = plan_upload(store, "S1", b"Up1,Secret123,Ana,Silva,,,,Mr\n", "x.csv")
    assert plan.rows[0].status == "refused" and "but the file has 7 columns" in plan.rows[0].messages[0]


def test_a_header_without_login_is_refused_whole(store):
    with pytest.raises(InputRefused, match="the header has no Login column"):
        plan_upload(store, "S1", b"First name,Family name\nAna,Silva\n", "x.csv")


def test_xlsx_with_and_without_header(store):
    for header in (True, False):
        plan = plan_upload(store, "S1", xlsx_bytes(GOOD + BAD, header), "list.xlsx")
        assert plan.sheet.kind == "xlsx"
        assert (plan.count("new"), plan.count("refused")) == (2, 5)


def test_existing_usernames_link_and_candidates_already_in_the_session_are_refused(store):
    add_entry(store, "S1", first_name="Ana", family_name="Silva", username="InSession", password="Secret123")
    from entrytui.services.sessions import add_session

    add_session(store, name="Jan", test="Linguaskill", start="2099-01-10 09:00")
    add_entry(store, "S2", first_name="Bo", family_name="Li", username="Elsewhere", password="Secret123")
    data = b"Login,First name,Family name\nInSession,Ana,Silva\nElsewhere,Bo,Li\nELSEWHERE,Bo,Li\n"
    plan = plan_upload(store, "S1", data, "x.csv")
    assert statuses(plan) == {
        2: (
            "refused",
            [
                "username: Ana Silva ('InSession') is in this session already, entry code "
                f"{list_entries(store, 'S1')[0].entry.entry_code}"
            ],
        ),
        3: ("link", ["enters the existing candidate Bo Li"]),
        4: ("refused", ["username: 'ELSEWHERE' differs only by case from 'Elsewhere' on row 3"]),
    }


def test_a_linked_row_with_a_password_says_it_becomes_their_password(store):
    from entrytui.services.sessions import add_session

    add_session(store, name="Jan", test="Linguaskill", start="2099-01-10 09:00")
    add_entry(store, "S2", first_name="Bo", family_name="Li", username="Elsewhere", password="Secret123")
    plan = plan_upload(store, "S1", b"Login,Password,First name,Family name\nElsewhere,Newer4567,Bo,Li\n", "x.csv")
    assert statuses(plan)[2] == (
        "link",
        ["enters the existing candidate Bo Li", "the file's password becomes their password, for every session"],
    )
    assert plan.new_passwords_for_existing == ["Bo Li (Elsewhere)"]
    assert plan.stale == ["Jan (S2): 1 candidate"], "the other session whose slip stops working"
    assert plan.totals().endswith(
        "1 existing candidate gets the file's password (their slips printed for Jan (S2): 1 candidate stop "
        "working: print them again)"
    )


def test_commit_writes_every_accepted_row_and_generates_missing_passwords(store):
    plan = plan_upload(store, "S1", csv_bytes(GOOD + BAD, "utf-8"), "list.csv")
    result = commit_upload(store, plan)
    assert (result.added, result.linked, result.generated) == (2, 0, 1)
    assert sorted(r.candidate.username for r in list_entries(store, "S1")) == ["Up001", "Up002"]
    assert password_matches(store, "Up001", "Secret123")
    assert b"Secret123" not in store.path.read_bytes()


def test_the_commit_reports_progress_through_its_steps_up_to_the_total(store, monkeypatch):
    """The bar keeps moving while the transaction works (here every 2 rows of each step; in
    the product every few thousand), never goes back, and reaches the total once written."""
    from entrytui.services.sessions import add_session

    add_session(store, name="Jan", test="Linguaskill", start="2099-01-10 09:00")
    add_entry(store, "S2", first_name="Bo", family_name="Li", username="Elsewhere", password="Secret123")
    monkeypatch.setattr("entrytui.services.uploads.REPORT_EVERY", 2)
    monkeypatch.setattr("entrytui.services.entering.REPORT_EVERY", 2)
    rows = [f"Up{i:03d},Secret{i:03d}A,Ana,Silva" for i in range(40)] + ["Elsewhere,Newer4567,Bo,Li"]
    plan = plan_upload(store, "S1", ("Login,Password,First name,Family name\n" + "\n".join(rows)).encode(), "x.csv")
    before, reports = store.signature(), []

    def progress(stage: str, done: int, total: int) -> None:
        reports.append((stage, done, total, store.signature() == before))

    result = commit_upload(store, plan, progress=progress)
    assert (result.added, result.linked) == (40, 1)
    done = [r[1] for r in reports]
    assert done == sorted(done) and done[0] == 0 and done[-1] == 41 and done.count(41) == 1
    assert {(r[0], r[2]) for r in reports} == {("Writing the entries", 41)}  # one line, rewritten, on a terminal
    assert all(r[3] for r in reports[:-1]) and not reports[-1][3]  # inside the transaction; the last once written
    assert len(set(done)) > 20  # moved at every step: more than checking again (a fifth) could make


def test_a_failed_commit_writes_none_of_the_rows(store, monkeypatch):
    plan = plan_upload(store, "S1", csv_bytes(GOOD, "utf-8"), "list.csv")
    before = store.path.read_bytes()

    def broken(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("entrytui.files.os.write", broken)
    with pytest.raises(StoreError, match="disk is full"):
        commit_upload(store, plan)
    monkeypatch.undo()
    assert store.path.read_bytes() == before


def test_a_row_taken_meanwhile_stops_the_whole_commit(store):
    plan = plan_upload(store, "S1", csv_bytes(GOOD, "utf-8"), "list.csv")
    add_entry(Store(store.path), "S1", first_name="X", family_name="Y", username="Up002", password="Secret123")
    before = store.path.read_bytes()
    with pytest.raises(InputRefused, match="row 3: changed since the preview"):
        commit_upload(store, plan)
    assert store.path.read_bytes() == before


def test_a_row_taken_meanwhile_through_the_same_store_object_stops_it_too(store):
    plan = plan_upload(store, "S1", csv_bytes(GOOD, "utf-8"), "list.csv")
    add_entry(store, "S1", first_name="X", family_name="Y", username="Up002", password="Secret123")  # this process
    with pytest.raises(InputRefused, match="row 3: changed since the preview"):
        commit_upload(store, plan)


def test_nothing_committed_since_the_preview_is_not_checked_again(store, monkeypatch):
    plan = plan_upload(store, "S1", csv_bytes(GOOD, "utf-8"), "list.csv")
    with store.reading():
        pass  # reading changes nothing
    monkeypatch.setattr("entrytui.services.upload_rows.RowChecker.check_again", lambda *_: pytest.fail("checked again"))
    assert commit_upload(store, plan).added == plan.count(RowStatus.NEW)


def test_rejects_are_saved_in_the_same_format_with_an_error_column(store, tmp_path):
    plan = plan_upload(store, "S1", csv_bytes(GOOD + BAD, "utf-16", ";"), "list.csv")
    assert write_rejects(plan, tmp_path / "rejects.csv") == 5
    again = read_sheet((tmp_path / "rejects.csv").read_bytes())
    assert (again.encoding, again.delimiter) == ("utf-16", ";")
    assert again.rows[0] == ["Error"] + HEADER
    assert again.rows[1][0] == "username: '£' at position 3 is not allowed" and again.rows[1][1] == "Up£03"
    plan = plan_upload(store, "S1", xlsx_bytes(GOOD + BAD), "list.xlsx")
    write_rejects(plan, tmp_path / "rejects.xlsx")
    sheet = load_workbook(tmp_path / "rejects.xlsx").active
    assert [c.value for c in sheet[1] if c.value is not None] == ["Error"] + HEADER
    assert sheet.max_row == 6
    assert rejects_table(plan)[1][1] == "Up£03"


def test_cli_dry_run_prints_every_row_and_writes_nothing(store, tmp_path):
    (tmp_path / "list.csv").write_bytes(csv_bytes(GOOD + BAD, "utf-8"))
    before = store.path.read_bytes()
    done = run_entrytui(
        "upload",
        "--session",
        "S1",
        str(tmp_path / "list.csv"),
        "--dry-run",
        "--rejects",
        str(tmp_path / "rejects.csv"),
        data=store.path,
    )
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0].endswith("CSV, utf-8, comma-separated; header row found")
    assert sum(1 for x in lines if x.startswith("row ")) == 7
    assert "7 rows: 2 new, 0 link, 5 refused; 1 empty lines skipped" in lines
    assert "dry run: nothing was written" in lines
    assert store.path.read_bytes() == before
    assert (tmp_path / "rejects.csv").exists()
    committed = run_entrytui("upload", "--session", "S1", str(tmp_path / "list.csv"), data=store.path)
    assert "committed: 2 entries added, 0 linked; 1 password generated" in committed.stdout
    clean = run_entrytui(
        "upload",
        "--session",
        "S1",
        "--encoding",
        "utf-8",
        "--delimiter",
        "comma",
        str(tmp_path / "list.csv"),
        "--dry-run",
        data=store.path,
    )
    assert clean.returncode == 1 and "is in this session already" in clean.stdout


def test_unreadable_files_are_one_clear_refusal(store):
    with pytest.raises(InputRefused, match="the Excel file cannot be read"):
        plan_upload(store, "S1", b"PK\x03\x04garbage", "x.xlsx")
    with pytest.raises(InputRefused, match="the file is not utf-8"):
        plan_upload(store, "S1", "Café".encode("cp1252"), "x.csv", encoding="utf-8")


def test_an_upload_that_overfills_the_venue_says_so_before_the_commit(store):
    from entrytui.services.sessions import add_session
    from entrytui.services.venues import add_venue

    add_venue(store, "Small room", capacity=2)
    add_session(store, name="Small", test="Linguaskill", start="2099-12-20 09:00", venue="Small room")
    add_entry(store, "S2", first_name="X", family_name="Y", username="Already", password="Secret123")
    plan = plan_upload(store, "S2", csv_bytes(GOOD, "utf-8"), "list.csv")
    assert plan.seats == (2, 1)
    assert plan.capacity_said == "The venue seats 2 and the session holds 1: this makes 3, 1 over capacity"
    assert plan.totals().endswith("; the venue seats 2 and the session holds 1: this makes 3, 1 over capacity")
    assert plan_upload(store, "S1", csv_bytes(GOOD, "utf-8"), "list.csv").capacity_said == "", "no capacity given"
