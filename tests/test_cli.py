"""The command line contract: outputs, --json, and exit statuses 0/1/2/3."""

from __future__ import annotations

import io
import json

import pytest

from entrytui.cli import main
from entrytui.services.candidates import password_matches
from helpers import CORRUPTIONS, corrupt, entry_add, run_entrytui


@pytest.fixture
def cli(store, capsys, monkeypatch):
    """Run ``entrytui --data <store> ARGS`` in this process; returns (status, stdout, stderr)."""

    def run(*args: str, stdin: str = ""):
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        status = main(["--data", str(store.path), *args])
        out, err = capsys.readouterr()
        return status, out, err

    return run


def add_ana(cli, *extra: str, username: str = "Cand001", stdin: str = "Secret123\n"):
    return cli(
        "entry",
        "add",
        "--session",
        "S1",
        "--first-name",
        "Ana",
        "--family-name",
        "Silva",
        "--username",
        username,
        "--password-stdin",
        *extra,
        stdin=stdin,
    )


def test_entry_add_prints_the_code_and_entry_list_shows_it(cli):
    status, out, err = add_ana(cli)
    assert (status, err) == (0, "")
    code = out.strip()
    status, out, _ = cli("entry", "list", "--session", "S1")
    assert status == 0
    assert out.splitlines()[1].split() == [code, "Cand001", "Ana", "Silva", "active"]


def test_refused_input_exits_1_with_one_line_per_problem_naming_the_field(cli):
    status, out, err = cli(
        *entry_add("", "Silva", "Cand£1"),
        "--password-stdin",
        stdin="short\n",
    )
    assert status == 1 and out == ""
    assert err.splitlines() == [
        "first name: is required (1 to 100 characters)",
        "username: '£' at position 5 is not allowed",
        "password: must be at least 8 characters (has 5)",
        "password: needs at least one upper-case letter",
        "password: needs at least one digit (0-9)",
    ]


def test_generated_password_is_printed_once_next_to_the_code(cli, store):
    status, out, _ = cli(
        *entry_add("Ana", "Silva", "Cand001"),
        "--generate-password",
    )
    code, label, password = out.split()
    assert status == 0 and label == "password:"
    assert password_matches(store, "Cand001", password)


def test_json_output_for_scripts(cli):
    status, out, _ = add_ana(cli, "--json")
    added = json.loads(out)
    assert status == 0 and added["username"] == "Cand001" and added["linked"] is False
    assert added["password"] is None
    status, out, _ = cli("session", "list", "--json")
    [session] = json.loads(out)
    assert session["id"] == "S1" and session["active_entries"] == 1 and session["venue"] == "Oxford Centre"
    status, out, _ = cli("entry", "list", "--session", "S1", "--json")
    assert [e["entry_code"] for e in json.loads(out)] == [added["entry_code"]]
    status, out, _ = cli("audit", "--session", "S1", "--json")
    assert [e["action"] for e in json.loads(out)] == ["entry.add", "session.add"]


def test_owned_username_exits_1_until_link_is_given(cli):
    add_ana(cli)
    cli("session", "add", "--name", "January", "--test", "Linguaskill", "--start", "2099-01-10 09:00")
    status, _, err = cli(
        *entry_add("Ana", "Silva", "Cand001", session="S2"),
        "--password-stdin",
        stdin="Other1234\n",
    )
    assert status == 1 and "already belongs to Ana Silva" in err and "--link" in err
    status, out, err = cli(
        *entry_add("Ana", "Silva", "Cand001", session="S2"),
        "--link",
    )
    assert status == 0 and "linked to the existing candidate Ana Silva" in err


def test_entry_add_link_with_a_password_warns_which_slips_stopped_working(cli):
    add_ana(cli)
    cli("session", "add", "--name", "January", "--test", "Linguaskill", "--start", "2099-01-10 09:00")
    status, out, err = cli(
        *entry_add("Ana", "Silva", "Cand001", session="S2"), "--link", "--password-stdin", "--json", stdin="Newer4567\n"
    )
    assert status == 0
    assert "warning: the password typed replaced Ana Silva's password in every session" in err
    assert "the slips printed before for December Linguaskill (S1) show the old one and no longer work" in err
    reply = json.loads(out)
    assert reply["password_replaced"] is True and reply["stale_sessions"] == ["December Linguaskill (S1)"]


def test_case_variant_exits_1_until_allowed(cli):
    add_ana(cli)
    status, _, err = add_ana(cli, username="CAND001")
    assert status == 1 and "--allow-case-variant" in err
    assert add_ana(cli, "--allow-case-variant", username="CAND001")[0] == 0


def test_next_username_follows_the_naming_convention(cli):
    assert cli("session", "next-username", "S1")[:2] == (0, "OxfordCentre_20991210_Cand001\n")
    add_ana(cli, username="OxfordCentre_20991210_Cand001")
    assert cli("session", "next-username", "s1")[1] == "OxfordCentre_20991210_Cand002\n"
    assert cli("session", "next-username", "S9")[0] == 1


def test_withdraw_and_restore(cli):
    code = add_ana(cli)[1].strip()
    assert cli("entry", "withdraw", code, "--reason", "ill")[:2] == (0, f"{code} withdrawn\n")
    assert cli("entry", "withdraw", code)[0] == 1
    assert cli("entry", "restore", code)[:2] == (0, f"{code} restored\n")
    assert cli("entry", "withdraw", "NOPE1234")[0] == 1


def test_login_check(cli):
    add_ana(cli)
    assert cli("login", "check", "--username", "Cand001", "--password-stdin", stdin="Secret123\n")[0] == 0
    status, _, err = cli("login", "check", "--username", "Cand001", "--password-stdin", stdin="Secret12\n")
    assert status == 1 and "do not match" in err


def test_sessions_and_venues(cli):
    assert cli("venue", "add", "Cambridge Hub")[1] == "V2\n"
    assert cli("venue", "add", "cambridge hub")[0] == 1
    status, out, _ = cli(
        "session",
        "add",
        "--name",
        "Feb",
        "--test",
        "Linguaskill",
        "--start",
        "2099-02-01 10:00",
        "--venue",
        "Cambridge Hub",
    )
    assert (status, out) == (0, "S2\n")
    assert cli("session", "add", "--name", "Feb", "--test", "X", "--start", "2099-02-01", "--venue", "Nowhere")[0] == 1
    status, out, _ = cli("session", "list")
    assert "Cambridge Hub" in out and "2099-02-01 10:00" in out


@pytest.mark.parametrize(
    "args",
    [
        ["entry", "add", "--session", "S1"],
        [
            *entry_add("A", "B", "C"),
            "--password-stdin",
            "--generate-password",
        ],
        ["entry", "add", "--session", "S1", "--first-name", "A", "--family-name", "B", "--username", "C"],
        ["entry", "add", "--password", "Secret123"],
        ["frobnicate"],
        ["login", "check", "--username", "U"],
    ],
)
def test_usage_errors_exit_2(cli, args):
    with pytest.raises(SystemExit) as done:
        cli(*args)
    assert done.value.code == 2


EVERY_COMMAND = [
    ["init", "--institution-id", "GB9", "--institution-name", "Other"],
    ["venue", "add", "Cambridge"],
    ["session", "add", "--name", "x", "--test", "Linguaskill", "--start", "2099-01-01 09:00"],
    ["session", "list"],
    ["session", "next-username", "S1"],
    [
        *entry_add("A", "B", "C"),
        "--generate-password",
    ],
    ["entry", "list", "--session", "S1"],
    ["entry", "withdraw", "ABCD2345"],
    ["entry", "restore", "ABCD2345"],
    ["login", "check", "--username", "C", "--password-stdin"],
    ["audit"],
]


@pytest.mark.parametrize("kind", sorted(CORRUPTIONS))
def test_a_corrupt_store_makes_every_command_exit_3_and_stays_byte_for_byte(cli, store, kind):
    data = corrupt(store, kind)
    for args in EVERY_COMMAND:
        status, _, err = cli(*args, stdin="Secret123\n")
        assert status == 3, (args, err)
        assert str(store.path) in err
        assert store.path.read_bytes() == data


def test_the_real_program_on_a_corrupt_store(store):
    data = corrupt(store, "truncated")
    result = run_entrytui("session", "list", data=store.path)
    assert result.returncode == 3 and "left untouched" in result.stderr
    assert store.path.read_bytes() == data


def test_a_missing_store_exits_3_and_init_creates_it(tmp_path):
    path = tmp_path / "new" / "store.json"
    result = run_entrytui("session", "list", data=path)
    assert result.returncode == 3 and "entrytui init" in result.stderr
    assert run_entrytui("init", "--institution-id", "gb1", "--institution-name", "Centre", data=path).returncode == 0
    again = run_entrytui("init", "--institution-id", "gb1", "--institution-name", "Centre", data=path)
    assert again.returncode == 1 and "set up already, for GB1" in again.stderr


def test_entrytui_data_selects_the_store_and_data_overrides_it(store, tmp_path):
    listed = run_entrytui("session", "list", env={"ENTRYTUI_DATA": str(store.path)})
    assert listed.returncode == 0 and "December Linguaskill" in listed.stdout
    elsewhere = run_entrytui(
        "session", "list", data=tmp_path / "elsewhere.json", env={"ENTRYTUI_DATA": str(store.path)}
    )
    assert elsewhere.returncode == 3 and "elsewhere.json" in elsewhere.stderr


def test_the_default_store_is_in_the_users_data_folder(tmp_path):
    made = run_entrytui(
        "init", "--institution-id", "GB1", "--institution-name", "C", env={"XDG_DATA_HOME": str(tmp_path / "xdg")}
    )
    assert made.returncode == 0
    assert (tmp_path / "xdg" / "entrytui" / "store.json").exists()


def test_no_password_used_anywhere_reaches_the_store_or_audit(cli, store):
    used = ["Secret123", "Newer4567"]
    add_ana(cli, stdin="Secret123\n")
    cli("session", "add", "--name", "January", "--test", "Linguaskill", "--start", "2099-01-10 09:00")
    cli(
        *entry_add("Ana", "Silva", "Cand001", session="S2"),
        "--link",
        "--password-stdin",
        stdin="Newer4567\n",
    )
    status, out, _ = cli(
        *entry_add("Bo", "Li", "Cand002"),
        "--generate-password",
    )
    used.append(out.split()[-1])
    _, audit_text, _ = cli("audit", "--json")
    for folder_file in store.path.parent.iterdir():
        content = folder_file.read_bytes()
        for password in used:
            assert password.encode() not in content, (folder_file, password)
    for password in used:
        assert password not in audit_text


# ---- options never abbreviated, values never echoed, pipes, upload --json -----------------


@pytest.mark.parametrize(
    "argv",
    [
        [
            *entry_add("A", "B", "x"),
            "--password",
            "Secret123",
        ],  # fmt: skip
        [
            *entry_add("A", "B", "x"),
            "--password=Secret123",
        ],  # fmt: skip
        ["entry", "list", "--sess", "S1"],  # an abbreviation of --session
        ["login", "check", "--user", "Cand001", "--password-stdin"],
    ],
)
def test_options_are_never_abbreviated_and_a_refusal_never_echoes_a_value(store, argv):
    done = run_entrytui(*argv, data=store.path, stdin="Secret123\n")
    assert done.returncode == 2, done.stderr
    assert "Secret123" not in done.stdout + done.stderr
    assert not list_entries_of(store), "nothing was done"


def list_entries_of(store):
    from entrytui.services.entries import list_entries

    return list_entries(store, "S1")


@pytest.mark.parametrize("argv", [["audit"], ["entry", "list", "--session", "S1", "--json"], ["session", "list"]])
def test_output_piped_into_a_program_that_stops_reading_ends_quietly(cli, store, argv):
    """As ``entrytui audit | head -1``: the reader goes away after one line."""
    import subprocess
    import sys

    from helpers import ROOT

    for n in range(40):  # enough output to outlast the pipe's buffer once the reader is gone
        add_ana(cli, username=f"Pipe{n:03d}")
    env = {"PYTHONPATH": str(ROOT / "src")}
    writer = subprocess.Popen([sys.executable, "-m", "entrytui", "--data", str(store.path), *argv],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)  # fmt: skip
    writer.stdout.readline()
    writer.stdout.close()  # what head does after its lines
    _, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    assert b"Traceback" not in err and b"BrokenPipe" not in err


def test_upload_json_reports_every_row_the_counts_and_what_was_written(cli, store, tmp_path):
    add_ana(cli)
    path = tmp_path / "list.csv"
    path.write_text("Login,Password,First name,Family name\nUp1,Secret123,Bo,Li\nCand001,,Ana,Silva\nbad£,x,Cy,Moss\n")
    status, out, _ = cli("upload", "--session", "S1", str(path), "--json")
    report = json.loads(out)
    assert status == 1, "a row was refused"
    assert [(r["row"], r["status"]) for r in report["rows"]] == [(2, "new"), (3, "refused"), (4, "refused")]
    assert report["counts"] == {"new": 1, "link": 0, "refused": 2}
    assert report["written"] == {"added": 1, "linked": 0, "generated": 0}
    assert any("'£' at position 4" in m for m in report["rows"][2]["messages"])
    assert "Secret123" not in out, "no password in the report"
    status, out, _ = cli("upload", "--session", "S1", str(path), "--json", "--dry-run")
    assert json.loads(out)["written"] is None and json.loads(out)["dry_run"] is True


def test_logins_refuses_an_unknown_entry_code_before_anything_else(cli, tmp_path):
    add_ana(cli)
    status, out, err = cli("logins", "--session", "S1", "--entries", "NOPE1234", "--pdf", str(tmp_path / "s.pdf"))
    assert status == 1 and err.startswith("entries: not in session S1: NOPE1234"), err
    assert not (tmp_path / "s.pdf").exists()
