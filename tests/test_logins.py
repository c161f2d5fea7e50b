"""Candidate login information: slips read back from the PDF, the CSV, password resets."""

from __future__ import annotations

import csv
import io
import os
import stat

import pytest

from entrytui.documents.slips import HEADINGS
from entrytui.errors import InputRefused, NotFound, StoreLocked
from entrytui.services.audit import list_events
from entrytui.services.candidates import password_matches
from entrytui.services.entries import add_entry, withdraw_entry
from entrytui.services.login_information import produce_login_information, single_slip
from entrytui.services.sessions import add_session
from entrytui.store import Store
from helpers import pages, run_entrytui

PEOPLE = [("Ana", "Silva", "Cand001"), ("Bo", "Li", "Cand_Ā02"), ("Chloé", "Dubois", "-cand3")]


@pytest.fixture
def entered(store):
    return [
        add_entry(store, "S1", first_name=first, family_name=family, username=u, password="Secret123").entry.entry_code
        for first, family, u in PEOPLE
    ]


def test_one_page_per_active_entry_with_the_current_passwords_and_a_reprint_shows_the_same(store, entered, tmp_path):
    withdraw_entry(store, entered[1])
    result = produce_login_information(store, "S1", tmp_path / "slips.pdf", tmp_path / "slips.csv")
    assert (result.slips, result.skipped, result.reset) == (2, [entered[1]], [])
    slips = pages(tmp_path / "slips.pdf")
    assert [s["User ID"] for s in slips] == ["Cand001", "-cand3"]
    assert [s["Entry code"] for s in slips] == [entered[0], entered[2]]
    assert {s["Institution ID"] for s in slips} == {"GB123"}
    assert slips[1]["Candidate"] == "Chloé Dubois" and slips[0]["Venue"] == "Oxford Centre"
    assert [s["Password"] for s in slips] == ["Secret123", "Secret123"], "the passwords entered, shown again"
    assert {s["Issued"] for s in slips} == {result.issued} and len(result.issued) == len("2026-12-01 09:30")
    produce_login_information(store, "S1", tmp_path / "again.pdf")
    assert [s["Password"] for s in pages(tmp_path / "again.pdf")] == ["Secret123", "Secret123"]
    assert password_matches(store, "Cand001", "Secret123"), "printing changed nothing"


def test_new_passwords_only_for_the_chosen_entries_and_the_reprint_shows_them(store, entered, tmp_path):
    result = produce_login_information(store, "S1", tmp_path / "s.pdf", codes=[entered[0]], reset="all")
    assert result.reset == ["Cand001"]
    [slip] = pages(tmp_path / "s.pdf")
    assert slip["Password"] != "Secret123" and password_matches(store, "Cand001", slip["Password"])
    assert not password_matches(store, "Cand001", "Secret123")
    assert password_matches(store, "Cand_Ā02", "Secret123") and password_matches(store, "-cand3", "Secret123")
    produce_login_information(store, "S1", tmp_path / "again.pdf", codes=[entered[0]])
    assert [s["Password"] for s in pages(tmp_path / "again.pdf")] == [slip["Password"]]


def test_the_csv_has_the_same_columns_with_a_byte_order_mark(store, entered, tmp_path):
    produce_login_information(store, "S1", tmp_path / "s.pdf", tmp_path / "s.csv")
    raw = (tmp_path / "s.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[0] == HEADINGS
    assert [r[0] for r in table[1:]] == ["Cand001", "Cand_Ā02", "'-cand3"]  # no formula in a spreadsheet
    for row in table[1:]:
        assert password_matches(store, row[0].lstrip("'"), row[1])
    pdf_passwords = [s["Password"] for s in pages(tmp_path / "s.pdf")]
    assert pdf_passwords == [r[1] for r in table[1:]]


def test_chosen_entries_only_and_unknown_codes_are_named(store, entered, tmp_path):
    result = produce_login_information(store, "S1", tmp_path / "s.pdf", codes=[entered[2].lower()])
    assert result.slips == 1 and [s["User ID"] for s in pages(tmp_path / "s.pdf")] == ["-cand3"]
    with pytest.raises(NotFound, match="not in session S1: NOPE"):
        produce_login_information(store, "S1", tmp_path / "x.pdf", codes=["nope"])


def test_files_are_private_and_audited_without_passwords(store, entered, tmp_path):
    old = os.umask(0)
    try:
        produce_login_information(store, "S1", tmp_path / "s.pdf", tmp_path / "s.csv")
    finally:
        os.umask(old)
    for name in ("s.pdf", "s.csv"):
        assert stat.S_IMODE(os.stat(tmp_path / name).st_mode) == 0o600
    [printout, *_] = list_events(store, "S1")
    assert printout.action == "logins.produce" and printout.entries == entered, "printing reveals: audited"
    assert printout.who and "3 slips" in printout.summary
    produce_login_information(store, "S1", tmp_path / "n.pdf", reset="all")
    actions = [e.action for e in list_events(store, "S1")]
    assert actions[:4] == ["logins.produce"] + ["candidate.password_reset"] * 3
    printed = [s["Password"] for s in pages(tmp_path / "n.pdf")]
    for password in printed:
        for path in (store.path, store.journal_path):
            assert password.encode() not in path.read_bytes()


def test_a_locked_store_changes_no_password_and_writes_no_file(store, entered, tmp_path, monkeypatch):
    def locked(*_a, **_k):
        raise StoreLocked("the store is locked")

    monkeypatch.setattr(Store, "transaction", locked)
    with pytest.raises(StoreLocked):
        produce_login_information(store, "S1", tmp_path / "s.pdf", tmp_path / "s.csv")
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("s.", ".s."))) == []
    assert password_matches(store, "Cand001", "Secret123")


def test_a_missing_folder_is_refused_before_any_change(store, entered, tmp_path):
    with pytest.raises(InputRefused, match="does not exist"):
        produce_login_information(store, "S1", tmp_path / "nowhere" / "s.pdf")
    assert password_matches(store, "Cand001", "Secret123")


def test_single_slip_prints_the_password_just_entered_without_resetting(store, entered, tmp_path):
    single_slip(store, entered[0], "Secret123", tmp_path / "one.pdf")
    [slip] = pages(tmp_path / "one.pdf")
    assert (slip["User ID"], slip["Password"], slip["Entry code"]) == ("Cand001", "Secret123", entered[0])
    assert password_matches(store, "Cand001", "Secret123")
    with pytest.raises(InputRefused, match="does not match"):
        single_slip(store, entered[0], "Wrong1234", tmp_path / "two.pdf")
    assert not (tmp_path / "two.pdf").exists()


def test_cli_logins_shows_current_passwords_and_reset_names_the_sessions_made_stale(store, entered, tmp_path):
    add_session(store, name="January Linguaskill", test="Linguaskill", start="2100-01-10 09:00")
    add_entry(store, "S2", first_name="Ana", family_name="Silva", username="Cand001", link=True)
    reprint = run_entrytui("logins", "--session", "S1", "--pdf", str(tmp_path / "r.pdf"), data=store.path)
    assert reprint.returncode == 0, reprint.stderr
    assert "with their current passwords" in reprint.stdout
    assert {s["Password"] for s in pages(tmp_path / "r.pdf")} == {"Secret123"}
    done = run_entrytui(
        "logins",
        "--session",
        "S1",
        "--pdf",
        str(tmp_path / "s.pdf"),
        "--csv",
        str(tmp_path / "s.csv"),
        "--reset-passwords",
        data=store.path,
    )
    assert done.returncode == 0, done.stderr
    assert "sets new passwords for 3 candidates" in done.stderr
    assert "in these sessions too: January Linguaskill (S2): 1 candidate" in done.stderr
    for slip in pages(tmp_path / "s.pdf"):
        check = run_entrytui(
            "login",
            "check",
            f"--username={slip['User ID']}",
            "--password-stdin",
            data=store.path,
            stdin=slip["Password"] + "\n",
        )
        assert check.returncode == 0
        stale = run_entrytui(
            "login", "check", f"--username={slip['User ID']}", "--password-stdin", data=store.path, stdin="Secret123\n"
        )
        assert stale.returncode == 1


def test_a_slip_names_the_candidate_with_their_title(store, tmp_path):
    add_entry(store, "S1", first_name="Ada", family_name="Byron", username="Dr1", password="Secret123", title="Dr")
    produce_login_information(store, "S1", tmp_path / "t.pdf")
    [slip] = pages(tmp_path / "t.pdf")
    assert slip["Candidate"] == "Dr Ada Byron"


@pytest.mark.parametrize("stop_at", ["Reading passwords", "Writing slips"])
def test_a_write_stopped_at_a_progress_report_leaves_no_file_and_no_new_password(store, entered, tmp_path, stop_at):
    """How the UI's Escape stops a long write: its progress callback raises; the files are
    staged after the last report, so nothing is written and no password changes."""

    class Stop(Exception):
        pass

    def progress(stage, done, total):
        if stage == stop_at and done < total:
            raise Stop

    before = store.path.read_bytes()
    with pytest.raises(Stop):
        produce_login_information(store, "S1", tmp_path / "s.pdf", tmp_path / "s.csv", progress=progress, reset="all")
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("store")) == []
    assert store.path.read_bytes() == before and password_matches(store, PEOPLE[0][2], "Secret123")
