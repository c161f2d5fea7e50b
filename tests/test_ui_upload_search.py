"""The Upload Entries and Search Existing tabs, with keys only."""

from __future__ import annotations

from entrytui.services.entries import add_entry, list_entries
from entrytui.services.sessions import add_session
from entrytui.tui.dialogs.base import ConfirmDialog
from entrytui.tui.screens.add_entries import AddEntriesScreen
from entrytui.tui.widgets.search_pane import SearchPane
from entrytui.tui.widgets.upload_pane import UploadPane
from helpers import BAD, GOOD, csv_bytes
from ui_helpers import make_app, open_form, press, settle, type_into


async def test_upload_previews_every_row_then_commits_after_asking(store, tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(csv_bytes(GOOD + BAD, "utf-16", ";"))
    app = make_app(store)
    async with app.run_test() as pilot:
        await open_form(pilot)
        await press(pilot, "f2")
        pane = app.screen.query_one(UploadPane)
        assert app.screen.focused.id == "upload-file-input"
        await type_into(pilot, str(path), "ctrl+o")
        await settle(pilot)
        assert pane.plan is not None
        summary = str(pane.query_one("#upload-summary").content)
        assert "CSV, utf-16, semicolon-separated; header row found" in summary
        assert "7 rows: 2 new, 0 link, 5 refused; 1 empty lines skipped" in summary
        assert list_entries(store, "S1") == []  # nothing written by the preview
        await pilot.press("slash")
        await type_into(pilot, "refused")
        assert len(pane.query_one("#upload-rows").shown) == 5
        await pilot.press("ctrl+b")  # save the refused rows beside the file
        await settle(pilot)
        assert (tmp_path / "list-refused.csv").exists()
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "n")
        assert list_entries(store, "S1") == []
        await press(pilot, "ctrl+s")
        await pilot.press("y")
        await settle(pilot, 6)
        assert isinstance(app.screen, AddEntriesScreen)
        summary = str(pane.query_one("#upload-summary").content)
        assert "Committed: 2 entries added, 0 linked" in summary
        assert "5 refused rows were left out: ctrl+b saves them" in summary
        (tmp_path / "list-refused.csv").unlink()
        await pilot.press("ctrl+b")  # after the commit too
        await settle(pilot)
        assert (tmp_path / "list-refused.csv").exists()
    assert sorted(r.candidate.username for r in list_entries(store, "S1")) == ["Up001", "Up002"]


async def test_the_commit_question_names_whose_password_the_file_replaces_and_the_slips_it_stales(store, tmp_path):
    add_session(store, name="Jan", test="Linguaskill", start="2099-12-20 09:00")  # after S1: S1 opens first
    for n in range(1, 7):
        add_entry(store, "S2", first_name="Bo", family_name=f"Li{'x' * n}", username=f"Old{n}", password="Secret123")
    lines = ["Login,Password,First name,Family name"] + [f"Old{n},Newer4567,Bo,Li{'x' * n}" for n in range(1, 7)]
    path = tmp_path / "list.csv"
    path.write_text("\n".join(lines) + "\n")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        await press(pilot, "f2")
        await type_into(pilot, str(path), "ctrl+o")
        await settle(pilot)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmDialog)
        question = str(app.screen.query_one(".dialog-body").content)
        assert question.startswith("[b]6 existing candidates get the file's password, for every session they are in:")
        assert "· Bo Lix (Old1)" in question and "· Bo Lixxxx (Old4)" in question and "Old5" not in question
        assert "… and 2 others" in question
        assert "in: the slips printed for Jan (S2): 6 candidates stop working (print them again)." in question
        await press(pilot, "n")


async def test_a_bad_file_is_a_clear_message(store, tmp_path):
    app = make_app(store)
    async with app.run_test() as pilot:
        await open_form(pilot)
        await pilot.press("f2")
        await type_into(pilot, str(tmp_path / "missing.csv"), "ctrl+o")
        await settle(pilot)
        pane = app.screen.query_one(UploadPane)
        assert "there is no such file" in str(pane.query_one("#upload-file .message").content)
        (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04 not really")
        for _ in range(len("missing.csv")):
            await pilot.press("backspace")
        await type_into(pilot, "bad.xlsx", "ctrl+o")
        await settle(pilot)
        assert "the Excel file cannot be read" in str(pane.query_one("#upload-summary").content)
        assert pane.plan is None


async def test_search_existing_marks_and_adds_linked_entries(store):
    add_session(store, name="Jan", test="Linguaskill", start="2099-01-10 09:00")
    for n in ("Ana", "Anabel", "Bo"):
        add_entry(store, "S2", first_name=n, family_name="Silva", username=f"Old_{n}", password="Secret123")
    add_entry(store, "S1", first_name="Anouk", family_name="Silva", username="Old_Anouk", password="Secret123")
    app = make_app(store)
    async with app.run_test() as pilot:
        await open_form(pilot, session_row=1)
        assert app.screen.session.id == "S1"
        await press(pilot, "f2", "f2")
        pane = app.screen.query_one(SearchPane)
        await type_into(pilot, "ana")
        await settle(pilot)
        assert sorted(c.username for c, _busy in pane.found.values()) == ["Old_Ana", "Old_Anabel"]
        await type_into(pilot, "", "backspace", "backspace")  # "a": Anouk (already in) shows too
        await settle(pilot)
        assert pane.found and any(busy for _c, busy in pane.found.values())
        await pilot.press("tab")  # to the results
        rows = {c.username: key for key, (c, busy) in pane.found.items()}
        order = [c.username for c, _b in pane.found.values()]
        for _ in range(order.index("Old_Ana")):
            await pilot.press("down")
        await pilot.press("space", "space")  # Ana, then the next one down
        await settle(pilot)
        assert set(pane.marked) == {rows["Old_Ana"], rows[order[order.index("Old_Ana") + 1]]}
        await press(pilot, "ctrl+s")
        assert pane.marked == {}
    usernames = sorted(r.candidate.username for r in list_entries(store, "S1"))
    assert usernames == sorted(["Old_Anouk", "Old_Ana", order[order.index("Old_Ana") + 1]])
