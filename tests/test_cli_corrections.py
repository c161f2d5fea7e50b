"""The correction commands of PRODUCT §9: venue list|edit|remove, session edit|remove, entry
move, candidate list|show|edit|merge, entry add --title / --update-details; their --json and
exit statuses (0 done, 1 refused naming the field, 2 usage, 3 store unusable)."""

from __future__ import annotations

import io
import json

import pytest

from entrytui.cli import main
from entrytui.services.audit import list_events
from entrytui.services.candidate_edits import show_candidate
from entrytui.services.entries import list_entries
from helpers import corrupt, entry_add, run_entrytui


@pytest.fixture
def cli(store, capsys, monkeypatch):
    """Run ``entrytui --data <store> ARGS`` in this process; returns (status, stdout, stderr),
    a usage error (argparse's SystemExit) as its status."""

    def run(*args: str, stdin: str = ""):
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        try:
            status = main(["--data", str(store.path), *args])
        except SystemExit as exit_:
            status = exit_.code
        out, err = capsys.readouterr()
        return status, out, err

    return run


@pytest.fixture
def entered(cli):
    """S1 and S2; Ana (Cand1) entered in S1; returns her entry code."""
    assert cli("session", "add", "--name", "Later", "--test", "Linguaskill", "--start", "2099-09-01 09:00")[0] == 0
    status, out, err = cli(*entry_add("Ana", "Silva", "Cand1", "--password-stdin"), stdin="Secret123\n")
    assert (status, err) == (0, "")
    return out.strip()


def test_venue_add_capacity_list_json_edit_remove(cli):
    assert cli("venue", "add", "Cambridge Hall", "--address", "1 King's Parade", "--capacity", "30") == (0, "V2\n", "")
    status, out, _ = cli("venue", "list", "--json")
    assert status == 0
    assert json.loads(out) == [
        {"id": "V1", "name": "Oxford Centre", "address": "", "capacity": None, "sessions": ["S1"]},
        {"id": "V2", "name": "Cambridge Hall", "address": "1 King's Parade", "capacity": 30, "sessions": []},
    ]
    status, out, _ = cli("venue", "list")
    assert out.splitlines()[2].split() == ["V2", "Cambridge", "Hall", "1", "King's", "Parade", "30", "-"]
    status, out, err = cli("venue", "edit", "v2", "--name", "Great Hall", "--capacity", "")
    assert (status, err) == (0, "")
    assert out == "V2: venue 'Cambridge Hall' → 'Great Hall'; capacity '30' → (none)\n"
    assert cli("venue", "edit", "V2", "--name", "Great Hall") == (0, "V2: nothing to change\n", "")
    assert cli("venue", "remove", "V2") == (0, "V2 (Great Hall) removed\n", "")
    status, out, err = cli("venue", "remove", "V1")
    assert (status, out) == (1, "") and err.startswith("venue: Oxford Centre (V1) is the venue of")
    status, _, err = cli("venue", "edit", "V9", "--name", "x")
    assert (status, err) == (1, "venue: there is no venue 'V9' (see 'entrytui venue list')\n")
    status, _, err = cli("venue", "edit", "V1", "--capacity", "many")
    assert status == 1 and err.startswith("capacity: ")
    status, _, err = cli("venue", "edit", "V1")
    assert status == 2 and "needs at least one of --name, --address, --capacity" in err


def test_session_edit_and_remove(cli, entered):
    status, out, err = cli("session", "edit", "S2", "--start", "2099-09-02 10:00", "--venue", "oxford centre")
    assert (status, err) == (0, "")
    assert out == (
        "S2: venue (none) → 'V1'; start '2099-09-01 09:00' → '2099-09-02 10:00'; "
        "end '2099-09-01 11:00' → '2099-09-02 12:00'\n"
    )
    status, out, _ = cli("session", "list", "--json")
    s2 = next(s for s in json.loads(out) if s["id"] == "S2")
    assert (s2["venue"], s2["start"], s2["end"]) == ("Oxford Centre", "2099-09-02 10:00", "2099-09-02 12:00")
    status, _, err = cli("session", "edit", "S2", "--end", "2099-09-02 09:00", "--name", "")
    assert status == 1 and err.splitlines() == [
        "session name: is required (1 to 200 characters)",
        "end: 2099-09-02 09:00 must be after the start 2099-09-02 10:00",
    ]
    status, _, err = cli("session", "edit", "S1", "--start", "2001-01-01 09:00")
    assert status == 0 and "warning: session S1 ends at 2001-01-01 11:00, which has passed" in err
    status, _, err = cli("session", "remove", "S1")
    assert status == 1 and err.startswith("session: ") and "has 1 entry (1 active)" in err
    assert cli("session", "remove", "S2") == (0, "S2 (Later) removed\n", "")
    assert cli("session", "remove", "S2")[0] == 1
    assert cli("session", "edit", "S1")[0] == 2


def test_entry_move_keeps_the_code(cli, entered, store):
    status, out, err = cli("entry", "move", entered.lower(), "--to", "s2")
    assert (status, out, err) == (0, f"{entered} moved from S1 to S2; entry code kept\n", "")
    assert [r.entry.entry_code for r in list_entries(store, "S2")] == [entered]
    status, _, err = cli("entry", "move", entered, "--to", "S2")
    assert (status, err) == (1, f"session: {entered} is in Later (S2) already\n")
    status, _, err = cli("entry", "move", "ZZZZZZZZ", "--to", "S1")
    assert (status, err) == (1, "entry code: there is no entry with code 'ZZZZZZZZ'\n")
    status, _, err = cli("entry", "move", entered, "--to", "S7")
    assert status == 1 and err.startswith("session: there is no session 'S7'")
    status, _, err = cli("entry", "move", entered)
    assert status == 2 and "--to" in err


def test_entry_move_refused_where_the_candidate_is_active_naming_the_entry(cli, entered):
    status, out, _ = cli(*entry_add("Ana", "Silva", "Cand1", "--link", session="S2"))
    assert status == 0
    status, _, err = cli("entry", "move", entered, "--to", "S2")
    assert status == 1 and err.startswith("username: ") and f"entry code {out.strip()}" in err


def test_candidate_list_search_and_show(cli, entered):
    cli(*entry_add("Bo", "Li", "Cand2", "--generate-password", "--title", "Dr", "--email", "bo@example.org"))
    status, out, _ = cli("candidate", "list")
    assert status == 0 and [line.split()[0] for line in out.splitlines()] == ["USERNAME", "Cand2", "Cand1"]
    status, out, _ = cli("candidate", "list", "--search", entered.lower(), "--json")
    [found] = json.loads(out)
    assert (found["username"], found["active_entries"], found["entries"]) == ("Cand1", 1, 1)
    assert "password_hash" not in found
    status, out, _ = cli("candidate", "show", "Cand2", "--json")
    shown = json.loads(out)
    assert (shown["title"], shown["email"], [e["session_id"] for e in shown["entries"]]) == (
        "Dr",
        "bo@example.org",
        ["S1"],
    )
    status, out, _ = cli("candidate", "show", "Cand1")
    lines = out.splitlines()
    assert lines[0].split() == ["username:", "Cand1"] and lines[-1].split()[-2:] == [entered, "active"]
    assert cli("candidate", "show", "Nobody") == (1, "", "username: there is no candidate with username 'Nobody'\n")


def test_candidate_edit_every_option_and_the_case_question(cli, entered, store):
    cli(*entry_add("Bo", "Li", "Cand2", "--generate-password"))
    status, out, err = cli(
        "candidate", "edit", "Cand1", "--username", "Ana.S", "--title", "ms", "--first-name", "Anna",
        "--family-name", "St. John", "--email", "a@example.org", "--dob", "2008-01-02", "--gender", "female",
    )  # fmt: skip
    assert (status, err) == (0, "")
    assert out.startswith("Ana.S: username 'Cand1' → 'Ana.S'; title (none) → 'Ms'; first name 'Ana' → 'Anna'")
    candidate = show_candidate(store, "Ana.S").candidate
    assert (candidate.full_name, candidate.date_of_birth, candidate.gender) == ("Anna St. John", "2008-01-02", "Female")
    status, _, err = cli("candidate", "edit", "Ana.S", "--username", "cand2")
    assert status == 1 and err.splitlines()[-1] == "username: add --allow-case-variant to save it anyway"
    assert cli("candidate", "edit", "Ana.S", "--username", "cand2", "--allow-case-variant")[0] == 0
    status, _, err = cli("candidate", "edit", "cand2", "--username", "Cand2")
    assert status == 1 and "already belongs to Bo Li" in err
    status, _, err = cli("candidate", "edit", "cand2", "--first-name", "An4", "--dob", "tomorrow")
    assert status == 1 and [line.split(":")[0] for line in err.splitlines()] == ["first name", "date of birth"]
    assert cli("candidate", "edit", "cand2")[0] == 2


def test_candidate_merge(cli, entered, store):
    _, code, _ = cli(*entry_add("Ana", "Silva", "AnaS", "--generate-password", session="S2"))
    code = code.split()[0]
    status, out, err = cli("candidate", "merge", "Cand1", "AnaS")
    assert (status, out, err) == (0, f"'AnaS' merged into 'Cand1'; entries moved: {code}\n", "")
    assert {e.entry.entry_code for e in show_candidate(store, "Cand1").entries} == {entered, code}
    status, _, err = cli("candidate", "merge", "Cand1", "AnaS")
    assert (status, err) == (1, "username: there is no candidate with username 'AnaS'\n")
    cli(*entry_add("Ana", "Silva", "AnaT", "--generate-password"))
    status, _, err = cli("candidate", "merge", "Cand1", "AnaT")
    assert status == 1 and err.startswith("candidate: both hold an active entry in ") and entered in err
    assert cli("candidate", "merge", "Cand1")[0] == 2
    assert [e.action for e in list_events(store)][:1] != ["candidate.merge"]  # the refused merge wrote nothing


def test_entry_add_tells_what_differs_and_can_update_the_details(cli, entered, store):
    status, _, err = cli(*entry_add("Anna", "Silva", "Cand1", "--password-stdin", session="S2"), stdin="Secret123\n")
    assert status == 1
    assert "first name: typed 'Anna', theirs is 'Ana'" in err
    assert err.splitlines()[-1].startswith("username: add --link to enter this candidate (--link --update-details")
    status, out, err = cli(*entry_add("Anna", "Silva", "Cand1", "--link", "--json", session="S2"))
    reply = json.loads(out)
    assert status == 0 and (reply["linked"], reply["updated"]) == (True, False)
    assert reply["differences"] == [{"field": "first_name", "typed": "Anna", "theirs": "Ana"}]
    assert "typed 'Anna', theirs is 'Ana'" in reply["warnings"][0] and "warning: " in err
    assert show_candidate(store, "Cand1").candidate.first_name == "Ana"
    cli("entry", "withdraw", reply["entry_code"])
    status, out, err = cli(
        *entry_add("Anna", "Silva", "Cand1", "--link", "--update-details", "--title", "Ms", "--json", session="S2")
    )
    assert status == 0 and json.loads(out)["updated"] is True and "their details updated" in err
    assert (show_candidate(store, "Cand1").candidate.first_name, show_candidate(store, "Cand1").candidate.title) == (
        "Anna",
        "Ms",
    )
    status, _, err = cli(*entry_add("Anna", "Silva", "Cand9", "--generate-password", "--update-details"))
    assert status == 2 and "--update-details goes with --link" in err
    status, _, err = cli(*entry_add("Anna", "Silva", "Cand9", "--generate-password", "--title", "Sir"))
    assert (status, err) == (1, "title: 'Sir' is not one of Mr, Mrs, Ms, Miss, Dr, Mx\n")


def test_options_are_never_abbreviated(cli, entered):
    status, _, err = cli("candidate", "edit", "Cand1", "--first", "Anna")
    assert status == 2 and "unknown option or argument: --first" in err


def test_the_real_program_exits_3_on_an_unusable_store(store, entered):
    corrupt(store, "garbage")
    for words in (["venue", "list"], ["candidate", "show", "Cand1"], ["entry", "move", entered, "--to", "S2"]):
        result = run_entrytui(*words, data=store.path)
        assert result.returncode == 3 and str(store.path) in result.stderr
