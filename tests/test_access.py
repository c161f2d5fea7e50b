"""Access: what an operator's password, a candidate's password and the store's files are
protected from.  (A store or journal anyone may write, or a stranger's, is refused:
``test_store.py`` and ``test_journal.py``.)"""

from __future__ import annotations

import argparse
import os
import re
import stat
import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from entrytui import cli, codes, passwords
from entrytui.rules import check_password, is_unsafe_char
from entrytui.store import Store
from helpers import ROOT, entry_add, run_entrytui

PASSWORDS = ["Secret123", "Newer4567", "Upload9Zz", "Short7"]


def test_no_password_reaches_any_file_but_a_slip(store, tmp_path):
    """Typed, replaced, generated and uploaded (accepted and refused) passwords: none is in
    the store, its journal, its lock, a compacted snapshot, the audit trail or a rejects file."""
    run_entrytui(
        *entry_add("Ana", "Silva", "Cand001"),
        "--password-stdin",
        data=store.path,
        stdin="Secret123\n",
    )
    run_entrytui(
        *entry_add("Ana", "Silva", "Cand001"),
        "--link",
        "--password-stdin",
        data=store.path,
        stdin="Newer4567\n",
    )
    generated = run_entrytui(
        *entry_add("Bo", "Li", "Cand002"),
        "--generate-password",
        data=store.path,
    ).stdout.split()[-1]
    upload = tmp_path / "list.csv"
    upload.write_text("Login,Password,First name,Family name\nUp1,Upload9Zz,Cy,Lo\nUp2,Short7,Di,Ng\n")
    result = run_entrytui(
        "upload", "--session", "S1", str(upload), "--rejects", str(tmp_path / "rejects.csv"), data=store.path
    )
    assert "committed: 1 entries added" in result.stdout and "1 rows refused" in result.stderr
    Store(store.path).compact()
    audit = run_entrytui("audit", "--json", data=store.path).stdout
    written = [p for p in store.path.parent.iterdir() if p.is_file() and p != upload]
    assert {p.name for p in written} >= {
        "store.json",
        "store.json.journal",
        "store.json.journal.prev",
        "store.json.lock",
        "store.json.key",
        "rejects.csv",
    }
    for path in written:
        for password in PASSWORDS + [generated]:
            assert password.encode() not in path.read_bytes(), (path.name, password)
    assert not any(password in audit for password in PASSWORDS + [generated])
    assert "Short7" in upload.read_text(), "the operator's own file is theirs"


def same_shape(password: str) -> str:
    """Another password the rule sees alike - the same length, upper-case letters, digits and
    refused characters where they are - whose other characters differ from ``password``'s."""
    value = unicodedata.normalize("NFC", password)
    for upper, digit, other in (("A", "0", "x"), ("B", "1", "y")):
        found = "".join(
            c if is_unsafe_char(c) else upper if c.isupper() else digit if c in "0123456789" else other for c in value
        )
        if found != password:
            return found
    return found  # only refused characters: those are never quoted raw (see test_hostile.py)


@given(st.text(min_size=3, max_size=40))
@example("ass")  # both in the fixed text "password: ...", not quoted from what was typed
@example("ord")
@example("password")
@example("Secret 12")
def test_a_refused_password_is_never_quoted_back(password):
    """Refusals end up on screens, in notifications and in exceptions: never the password.
    The password may occur in a refusal's fixed text by chance ("ass" in "password:"), so it
    is counted there too: in what the rule says about a password of the same shape, which
    has the same fixed text and figures but other characters - were the password quoted, it
    would occur more often in its own refusal than in that one."""
    said = "\n".join(str(problem) for problem in check_password(password)[1])
    fixed = "\n".join(str(problem) for problem in check_password(same_shape(password))[1])
    assert said.count(password) <= fixed.count(password), (password, said, fixed)


def test_no_password_is_ever_a_command_line_argument():
    """Arguments are visible to every user of the host (ps, /proc/*/cmdline)."""

    def options(parser: argparse.ArgumentParser):
        for action in parser._actions:
            yield action
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    yield from options(sub)

    for action in options(cli.build_parser()):
        if "password" in action.dest:
            assert action.nargs == 0, f"{action.option_strings} would take a password as an argument"


def test_entry_codes_and_generated_passwords_come_from_secrets(monkeypatch):
    drawn, read = [], []
    real_choice, real_bytes = passwords.secrets.choice, codes.secrets.token_bytes

    def recording(seq):
        drawn.append(len(seq))
        return real_choice(seq)

    def reading(n):
        read.append(n)
        return real_bytes(n)

    monkeypatch.setattr("secrets.choice", recording)
    monkeypatch.setattr("secrets.token_bytes", reading)
    codes.new_entry_code(set())
    assert read == [codes.LENGTH], "one byte from secrets per symbol of the code"
    passwords.generate_password()
    assert len(drawn) >= passwords.GENERATED_LENGTH
    for path in (ROOT / "src").rglob("*.py"):
        assert not re.search(r"^\s*(import random|from random import)", path.read_text(), re.M), path


def test_every_file_written_is_private_whatever_the_umask(tmp_path):
    old = os.umask(0)
    try:
        store = tmp_path / "store.json"
        assert (
            run_entrytui("init", "--institution-id", "GB1", "--institution-name", "Centre", data=store).returncode == 0
        )
        run_entrytui(
            "session", "add", "--name", "S", "--test", "Linguaskill", "--start", "2099-01-01 09:00", data=store
        )
        upload = tmp_path / "in.csv"
        upload.write_text("Login,Password,First name,Family name\nUp1,Secret123,Cy,Lo\nUp£,x,Di,Ng\n")
        run_entrytui("upload", "--session", "S1", str(upload), "--rejects", str(tmp_path / "rejects.csv"), data=store)
        result = run_entrytui(
            "logins",
            "--session",
            "S1",
            "--pdf",
            str(tmp_path / "slips.pdf"),
            "--csv",
            str(tmp_path / "slips.csv"),
            "--reset-passwords",
            data=store,
        )
        assert result.returncode == 0, result.stderr
        Store(store).compact()
    finally:
        os.umask(old)
    made = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir() if p.name != "in.csv"}
    assert set(made) == {
        "store.json",
        "store.json.journal",
        "store.json.journal.prev",
        "store.json.lock",
        "store.json.key",
        "rejects.csv",
        "slips.pdf",
        "slips.csv",
    }
    assert set(made.values()) == {0o600}, made


async def test_a_crash_report_never_shows_local_variables(store, capsys):
    """Textual prints a crash with every frame's local variables; the form's frames hold the
    typed password.  entrytui's crash report leaves the locals out."""
    import pytest

    from ui_helpers import make_app, settle

    app = make_app(store)
    secret = "".join(["Top", "secret", str(3 * 3)])  # not in the source, which the report quotes

    def crash(password=secret):
        raise ZeroDivisionError("a bug")

    with pytest.raises(ZeroDivisionError):
        async with app.run_test() as pilot:
            await settle(pilot)
            app.call_later(crash)
            await pilot.pause()
            await pilot.pause()
    report = capsys.readouterr().err
    assert "ZeroDivisionError" in report and "crash" in report
    assert secret not in report
