"""Export from the Session screen with keys only: x, the file name, passwords ticked or not."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from openpyxl import load_workbook

from entrytui.services.audit import list_events
from entrytui.services.common import Actor
from entrytui.services.entries import add_entry
from entrytui.store import Store
from entrytui.tui.dialogs.export import ExportDialog
from entrytui.tui.screens.session_entries import SessionEntriesScreen
from entrytui.tui.widgets.field import Field
from ui_helpers import make_app, press, settle, static_text, type_into, wait_until

NOON = datetime(2099, 6, 1, 12, 0, tzinfo=UTC)


def enter_two(store) -> list[str]:
    return [
        add_entry(
            store, "S1", first_name=n, family_name="Silva", username=f"Cand_{n}", password=f"Secret{i}23"
        ).entry.entry_code
        for i, n in enumerate(("Ana", "Bo"))
    ]


async def open_export(pilot) -> ExportDialog:
    await settle(pilot)
    await press(pilot, "enter")  # S1
    assert isinstance(pilot.app.screen, SessionEntriesScreen)
    await press(pilot, "x")
    assert isinstance(pilot.app.screen, ExportDialog)
    return pilot.app.screen


def csv_rows(path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


async def test_x_writes_the_default_csv_without_passwords_and_changes_nothing(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    enter_two(store)
    events = len(list_events(store))
    app = make_app(store, actor=Actor("ops", clock=lambda: NOON))
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_export(pilot)
        text = static_text(app)
        assert "2 active entries of December Linguaskill (S1)" in text
        local = NOON.astimezone().strftime("%Y%m%d-%H%M")
        assert dialog.query_one("#export-file", Field).value == str(tmp_path / f"export-S1-{local}.csv")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionEntriesScreen), what="written")
    table = csv_rows(tmp_path / f"export-S1-{local}.csv")
    assert table[0][:3] == ["Login", "Password", "Institution ID"]
    assert [(r[0], r[1]) for r in table[1:]] == [("Cand_Ana", ""), ("Cand_Bo", "")]
    assert len(list_events(store)) == events, "no audit event: nothing written to the store"


async def test_passwords_ticked_with_keys_are_written_and_audited(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    codes = enter_two(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_export(pilot)
        assert "With passwords (audited)" in app.screen.query_one("#export-passwords").label.plain
        await press(pilot, "tab", "space")  # the checkbox, ticked
        assert app.screen.query_one("#export-passwords").value
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionEntriesScreen), what="written")
    [file] = tmp_path.glob("export-S1-*.csv")
    assert [(r[0], r[1]) for r in csv_rows(file)[1:]] == [("Cand_Ana", "Secret023"), ("Cand_Bo", "Secret123")]
    event = list_events(store)[0]
    assert event.action == "export.passwords" and event.entries == codes


async def test_the_name_picks_xlsx_and_a_wrong_name_is_said_under_the_field(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    enter_two(store)
    app = make_app(store)
    async with app.run_test(size=(60, 20)) as pilot:
        dialog = await open_export(pilot)
        await press(pilot, "end", "backspace", "backspace", "backspace")  # end: the name is selected on focus
        await type_into(pilot, "txt")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ExportDialog), "not written"
        assert "must end in .csv or .xlsx" in static_text(app)
        await press(pilot, "backspace", "backspace", "backspace")
        await type_into(pilot, "xlsx")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionEntriesScreen), what="written")
        assert dialog.running
    assert list(tmp_path.glob("*.txt")) == [] and list(tmp_path.glob("*.csv")) == []
    [file] = tmp_path.glob("export-S1-*.xlsx")
    sheet = load_workbook(file).active
    assert [c.value for c in sheet[1]][:2] == ["Login", "Password"] and sheet.max_row == 3


async def test_escape_cancels_and_writes_nothing(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    enter_two(store)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_export(pilot)
        await press(pilot, "escape")
        assert isinstance(app.screen, SessionEntriesScreen)
    assert list(tmp_path.glob("export-*")) == []


async def test_a_read_only_operator_exports_without_passwords_and_cannot_tick_them(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    enter_two(store)
    monkeypatch.setattr(Store, "writable", lambda self: False)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_export(pilot)
        box = app.screen.query_one("#export-passwords")
        assert box.disabled and "With passwords (read-only: needs write access to the store)" in static_text(app)
        await press(pilot, "tab", "space")
        assert not box.value, "cannot be ticked"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionEntriesScreen), what="written")
    [file] = tmp_path.glob("export-S1-*.csv")
    assert [(r[0], r[1]) for r in csv_rows(file)[1:]] == [("Cand_Ana", ""), ("Cand_Bo", "")]
