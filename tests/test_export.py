"""Export in the portal's upload template: read back (CSV with its BOM, XLSX in openpyxl),
uploaded into another session (every row a link), passwords only when asked and audited,
nothing written to the store without them, and the command line's exit statuses."""

from __future__ import annotations

import csv
import io
import stat

import pytest
from openpyxl import load_workbook

from entrytui.errors import InputRefused, NotFound
from entrytui.passwords import hash_password
from entrytui.services.audit import list_events
from entrytui.services.candidates import password_matches
from entrytui.services.entries import add_entry, list_entries, withdraw_entry
from entrytui.services.export import export_session
from entrytui.services.sessions import add_session
from entrytui.services.upload_template import TEMPLATE
from entrytui.services.uploads import commit_upload, plan_upload
from entrytui.store import update_where
from helpers import run_entrytui

HEADINGS = [
    "Login",
    "Password",
    "Institution ID",
    "Title",
    "First name",
    "Family name",
    "Email address",
    "Date of Birth",
    "Gender",
]
PEOPLE = [  # username, password, title, first, family, email, date of birth, gender
    ("Cand001", "Secret123", "Dr", "Ana", "Silva", "ana@example.org", "2001-02-03", "Female"),
    ("-cand2", "=Formula9x", "", "Bo", "O'Brien", "", "", "Not stated"),  # a username a spreadsheet would run
    ("Cand_Ā03", "Zeta98765", "Mx", "Chloé", "St. John", "", "1999-12-31", "Other"),
]


@pytest.fixture
def entered(store) -> list[str]:
    """PEOPLE in S1, and a withdrawn Dee; session S2 (empty) to upload into."""
    codes = [
        add_entry(
            store,
            "S1",
            username=u,
            password=p,
            title=t,
            first_name=f,
            family_name=n,
            email=e,
            date_of_birth=d,
            gender=g,
        ).entry.entry_code
        for u, p, t, f, n, e, d, g in PEOPLE
    ]
    dee = add_entry(store, "S1", first_name="Dee", family_name="Out", username="Gone1", password="Secret123")
    withdraw_entry(store, dee.entry.entry_code)
    add_session(store, name="January Linguaskill", test="Linguaskill", start="2099-01-10 09:00")
    return codes


def read_csv(path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def store_files(store) -> dict[str, bytes]:
    folder = store.path.parent
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.name.startswith(store.path.name)}


def test_the_csv_has_the_template_columns_a_bom_and_is_formula_safe(store, entered, tmp_path):
    result = export_session(store, "S1", tmp_path / "s1.csv")
    assert (result.rows, result.withdrawn, result.with_passwords, result.without_password) == (3, 1, False, [])
    table = read_csv(tmp_path / "s1.csv")
    assert table[0] == HEADINGS == TEMPLATE
    assert table[1] == ["Cand001", "", "GB123", "Dr", "Ana", "Silva", "ana@example.org", "2001-02-03", "Female"]
    assert table[2][0] == "'-cand2", "a leading - would run as a formula: guarded with '"
    assert table[3][:6] == ["Cand_Ā03", "", "GB123", "Mx", "Chloé", "St. John"]
    assert [r[1] for r in table[1:]] == ["", "", ""], "no password unless asked"
    assert "Gone1" not in (tmp_path / "s1.csv").read_text("utf-8-sig"), "withdrawn entries are left out"
    assert stat.S_IMODE((tmp_path / "s1.csv").stat().st_mode) == 0o600


def test_a_name_that_is_a_formula_is_guarded_in_the_csv_and_text_in_the_xlsx(store, tmp_path):
    add_entry(store, "S1", first_name="Ana", family_name="Silva", username="Cand1", password="Secret123")
    with store.transaction() as db:  # past the rules (a name holds no '='), as a store changed by hand might
        update_where(db, "candidates", "username", "Cand1", {"first_name": "=cmd|' /C calc'!A0"})
    export_session(store, "S1", tmp_path / "s.csv")
    assert read_csv(tmp_path / "s.csv")[1][4] == "'=cmd|' /C calc'!A0"
    export_session(store, "S1", tmp_path / "s.xlsx")
    cell = load_workbook(tmp_path / "s.xlsx").active.cell(row=2, column=5)
    assert (cell.value, cell.data_type) == ("=cmd|' /C calc'!A0", "s"), "text, never a formula"


def test_the_xlsx_opens_in_openpyxl_with_the_template_headings(store, entered, tmp_path):
    export_session(store, "S1", tmp_path / "s1.xlsx")
    sheet = load_workbook(tmp_path / "s1.xlsx").active
    rows = [[c or "" for c in r] for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADINGS
    assert [r[0] for r in rows[1:]] == ["Cand001", "-cand2", "Cand_Ā03"], "text as it is: no guard needed"
    assert rows[1][2:] == ["GB123", "Dr", "Ana", "Silva", "ana@example.org", "2001-02-03", "Female"]
    assert stat.S_IMODE((tmp_path / "s1.xlsx").stat().st_mode) == 0o600


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("with_passwords", [False, True])
def test_round_trip_every_row_links_to_its_candidate(store, entered, tmp_path, suffix, with_passwords):
    file = tmp_path / f"s1{suffix}"
    export_session(store, "S1", file, with_passwords=with_passwords)
    plan = plan_upload(store, "S2", file.read_bytes(), file.name)
    assert plan.header == HEADINGS and plan.unknown_columns == []
    assert [(r.status, r.messages) for r in plan.rows] == [  # the passwords theirs already: nothing to set
        ("link", ["enters the existing candidate Ana Silva"]),
        ("link", ["enters the existing candidate Bo O'Brien"]),
        ("link", ["enters the existing candidate Chloé St. John"]),
    ]
    assert plan.new_passwords_for_existing == [] and plan.stale == []
    result = commit_upload(store, plan)
    assert (result.added, result.linked, result.generated) == (0, 3, 0)
    assert "candidate.password_reset" not in [e.action for e in list_events(store)]
    s1 = {r.candidate.username: r.candidate for r in list_entries(store, "S1")}
    s2 = {r.candidate.username: r.candidate for r in list_entries(store, "S2")}
    assert sorted(s2) == sorted(p[0] for p in PEOPLE)
    assert all(s2[u].id == s1[u].id for u in s2), "each row entered its own candidate"
    for username, password, *_ in PEOPLE:
        assert password_matches(store, username, password), "the passwords as they were (a '=' one too)"


def test_with_passwords_they_are_the_current_ones_and_the_export_is_audited(store, entered, tmp_path):
    before = len(list_events(store))
    result = export_session(store, "S1", tmp_path / "s1.csv", with_passwords=True)
    assert result.with_passwords and "with their passwords (audited)" in result.said()
    table = read_csv(tmp_path / "s1.csv")
    assert [r[1] for r in table[1:]] == ["Secret123", "'=Formula9x", "Zeta98765"]
    events = list_events(store)
    assert len(events) == before + 1
    event = events[0]
    assert (event.action, event.subject, event.session_id) == ("export.passwords", "S1", "S1")
    assert event.entries == entered and str(tmp_path / "s1.csv") in event.summary
    assert all(p[1] not in repr(event) for p in PEOPLE), "the audit trail never holds a password"


def test_without_passwords_nothing_is_written_to_the_store(store, entered, tmp_path):
    before = store_files(store)
    export_session(store, "S1", tmp_path / "a.csv")
    export_session(store, "S1", tmp_path / "a.xlsx")
    assert store_files(store) == before, "a read-only operator can export"
    export_session(store, "S1", tmp_path / "b.csv", with_passwords=True)
    assert store_files(store) != before, "the control: an export with passwords is recorded"


def test_a_version_1_candidate_keeps_an_empty_password_cell_and_is_counted(store, entered, tmp_path):
    with store.transaction() as db:
        update_where(
            db,
            "candidates",
            "username",
            "Cand001",
            {"password_hash": hash_password("Secret123"), "password_sealed": ""},
        )
    result = export_session(store, "S1", tmp_path / "s1.csv", with_passwords=True)
    assert result.without_password == ["Ana Silva (Cand001)"]
    assert result.warnings()[0].startswith("1 candidate has no password that can be shown")
    assert [r[1] for r in read_csv(tmp_path / "s1.csv")[1:]] == ["", "'=Formula9x", "Zeta98765"]


def test_unknown_session_and_wrong_file_names_are_refused_before_anything_is_written(store, tmp_path):
    with pytest.raises(NotFound, match="there is no session 'S9'"):
        export_session(store, "S9", tmp_path / "x.csv")
    with pytest.raises(InputRefused, match=r"'x.txt' must end in .csv or .xlsx"):
        export_session(store, "S1", tmp_path / "x.txt")
    with pytest.raises(InputRefused, match="does not exist"):
        export_session(store, "S1", tmp_path / "no" / "x.csv")
    assert list(tmp_path.glob("*.csv")) == []


def test_an_empty_session_exports_the_template_alone(store, tmp_path):
    result = export_session(store, "S1", tmp_path / "blank.csv")
    assert result.rows == 0 and read_csv(tmp_path / "blank.csv") == [HEADINGS]


# ---- the command line ----------------------------------------------------------------------


def test_cli_export_and_upload_round_trip(store, entered, tmp_path):
    file = tmp_path / "s1.xlsx"
    done = run_entrytui("export", "--session", "S1", str(file), "--with-passwords", data=store.path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"3 entries written to {file}, with their passwords (audited)"
    assert "1 withdrawn entry left out" in done.stderr
    upload = run_entrytui("upload", "--session", "S2", str(file), data=store.path)
    assert upload.returncode == 0, upload.stdout + upload.stderr
    assert "committed: 0 entries added, 3 linked" in upload.stdout


def test_cli_exit_statuses(store, tmp_path):
    unknown = run_entrytui("export", "--session", "S9", str(tmp_path / "x.csv"), data=store.path)
    assert unknown.returncode == 1 and "there is no session 'S9'" in unknown.stderr
    # PRODUCT §9's grammar is FILE.csv|FILE.xlsx: another name is a usage error, exit 2
    wrong = run_entrytui("export", "--session", "S1", str(tmp_path / "x.pdf"), data=store.path)
    assert wrong.returncode == 2 and "end FILE in .csv or .xlsx" in wrong.stderr
    missing = run_entrytui("export", "--session", "S1", data=store.path)
    assert missing.returncode == 2
    folder = run_entrytui("export", "--session", "S1", str(tmp_path / "none" / "x.csv"), data=store.path)
    assert folder.returncode == 1 and "does not exist" in folder.stderr
    assert list(tmp_path.rglob("x.*")) == []
