"""A dialog that writes a file (Login information, the slip, Export, the attendance register)
asks before it replaces one that is there already: yes replaces it, no keeps its bytes, writes
nothing and goes back to the field that names it.  Keys only."""

from __future__ import annotations

from pathlib import Path

import pytest

from entrytui.passwords import hash_password
from entrytui.services.audit import list_events
from entrytui.services.entries import list_entries
from entrytui.store import update_where
from entrytui.tui.dialogs.base import ConfirmDialog, Dialog
from entrytui.tui.dialogs.export import ExportDialog
from entrytui.tui.dialogs.login_information import LoginInformationDialog, SlipDialog
from entrytui.tui.dialogs.register import RegisterDialog
from entrytui.tui.screens.session_entries import SessionEntriesScreen
from entrytui.tui.widgets.field import Field
from helpers import pages
from ui_helpers import make_app, press, settle, static_text, type_into, wait_until

OLD = b"the file that was there before\n"


async def from_the_session(pilot, key: str) -> None:
    await settle(pilot)
    await press(pilot, "enter")  # S1
    assert isinstance(pilot.app.screen, SessionEntriesScreen)
    await press(pilot, key)


async def right_after_a_save(pilot) -> None:
    """The slip dialog as the Saved dialog opens it: Ana's entry, the password just typed."""
    await settle(pilot)
    [ana] = [r for r in list_entries(pilot.app.store, "S1") if r.candidate.username == "Cand1"]
    pilot.app.push_screen(SlipDialog(ana.entry.entry_code, "Secret123"))
    await settle(pilot)


# dialog: (how it is opened, the dialog, its file's field, how the file it writes starts)
CASES = {
    "login information": (lambda p: from_the_session(p, "l"), LoginInformationDialog, "logins-pdf", b"%PDF"),
    "slip": (right_after_a_save, SlipDialog, "slip-pdf", b"%PDF"),
    "export": (lambda p: from_the_session(p, "x"), ExportDialog, "export-file", b"\xef\xbb\xbfLogin,"),
    "register": (lambda p: from_the_session(p, "p"), RegisterDialog, "register-pdf", b"%PDF"),
}


def listing(folder: Path) -> dict[str, bytes]:
    """Every file in ``folder`` (temporary ones too) with its bytes."""
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@pytest.mark.parametrize("case", sorted(CASES))
async def test_a_file_there_already_is_replaced_only_when_the_operator_says_yes(
    ana_and_bo, tmp_path, monkeypatch, case
):
    monkeypatch.chdir(tmp_path)
    open_it, kind, field_id, written = CASES[case]
    app = make_app(ana_and_bo)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_it(pilot)
        dialog = app.screen
        assert isinstance(dialog, kind)
        field = dialog.query_one(f"#{field_id}", Field)
        target = Path(field.value)  # the default name: what a second try in the same minute writes again
        target.write_bytes(OLD)
        before, events = listing(tmp_path), len(list_events(ana_and_bo))

        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmDialog), "asked before replacing"
        asked = static_text(app)
        assert f"Replace {target.name}?" in asked and f"  {target}\n" in asked, asked
        await press(pilot, "n")
        assert app.screen is dialog and dialog.focused is field.input, "back to the field, to give another name"
        assert listing(tmp_path) == before and len(list_events(ana_and_bo)) == events, "nothing written"

        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await wait_until(pilot, lambda: not isinstance(app.screen, Dialog), what="written")
    assert target.read_bytes().startswith(written), "replaced by what the dialog writes"
    assert sorted(listing(tmp_path)) == sorted(before), "no other file, no temporary one left"


async def test_a_csv_there_already_is_named_alone_and_no_goes_back_to_its_field(ana_and_bo, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "logins.csv").write_bytes(OLD)
    app = make_app(ana_and_bo)
    async with app.run_test(size=(80, 24)) as pilot:
        await from_the_session(pilot, "l")
        dialog = app.screen
        assert isinstance(dialog, LoginInformationDialog)
        pdf = Path(dialog.query_one("#logins-pdf", Field).value)
        await pilot.press("tab")  # from the PDF field to the CSV field
        await type_into(pilot, "logins.csv")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmDialog)
        asked = static_text(app)
        assert "Replace logins.csv?" in asked and pdf.name not in asked, "only the file that is there"
        await press(pilot, "escape")  # as no
        assert dialog.focused is dialog.query_one("#logins-csv", Field).input
        assert not pdf.exists() and (tmp_path / "logins.csv").read_bytes() == OLD

        pdf.write_bytes(OLD)
        await press(pilot, "ctrl+s")
        asked = static_text(app)
        assert f"Replace {pdf.name} and logins.csv?" in asked and "Replace them" in asked, asked
        await press(pilot, "n")
        assert dialog.focused is dialog.query_one("#logins-pdf", Field).input, "the first file's field"
        await press(pilot, "ctrl+s", "y")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionEntriesScreen), what="written")
    assert [s["User ID"] for s in pages(pdf)] == ["Cand1"]
    assert (tmp_path / "logins.csv").read_bytes() != OLD


async def test_replacing_is_asked_once_also_when_some_candidates_need_a_new_password(ana_and_bo, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with ana_and_bo.transaction() as db:  # Ana's password as a version 1 store kept it: no slip can show it
        update_where(
            db, "candidates", "username", "Cand1", {"password_hash": hash_password("Secret123"), "password_sealed": ""}
        )
    app = make_app(ana_and_bo)
    async with app.run_test(size=(80, 24)) as pilot:
        await from_the_session(pilot, "l")
        pdf = Path(app.screen.query_one("#logins-pdf", Field).value)
        pdf.write_bytes(OLD)
        await press(pilot, "ctrl+s")
        assert "Replace" in static_text(app)
        await press(pilot, "y")
        await wait_until(pilot, lambda: "New passwords for some?" in static_text(app), what="the second question")
        assert pdf.read_bytes() == OLD, "nothing written before it is answered"
        await press(pilot, "y")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionEntriesScreen), what="written, asked no more")
    [ana] = pages(pdf)
    assert ana["User ID"] == "Cand1" and ana["Password"] != "Secret123"
