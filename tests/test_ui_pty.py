"""The real ``entrytui`` program in a pseudo-terminal, read back through a terminal emulator.

This is what an operator's SSH session shows: a complete entry is typed key by key and the
entry code is read off the screen, then checked against the store.
"""

from __future__ import annotations

import pexpect

from entrytui.services.entries import list_entries
from entrytui.store import Store
from helpers import CTRL_Q, CTRL_S, ENTER, TAB, Terminal


def test_typing_a_complete_entry_and_reading_the_code_off_the_screen(store):
    term = Terminal("--data", str(store.path))
    try:
        term.wait_for(r"December Linguask")
        term.type(ENTER)
        term.wait_for(r"Active entries: 0")
        term.type("a")
        term.wait_for(r"Single Candidate Entry")
        # Typed fast over a slow link, keys arrive together: one write, as one burst.
        term.child.send("Ana" + ENTER + "Silva" + TAB + "Cand001" + ENTER + "Secret123" + TAB)
        term.wait_for(r"•{9}")
        term.type(CTRL_S)
        found = term.wait_for(
            r"Entry code:[\s\S]*?([0-9A-Z] [0-9A-Z] [0-9A-Z] [0-9A-Z]   [0-9A-Z] [0-9A-Z] [0-9A-Z] [0-9A-Z])"
        )
        shown = found.group(1).replace(" ", "")
        [row] = list_entries(Store(store.path), "S1")
        assert shown == row.entry.entry_code
        assert (row.candidate.first_name, row.candidate.family_name, row.candidate.username) == (
            "Ana",
            "Silva",
            "Cand001",
        )
        term.type(CTRL_Q)
        term.child.expect(pexpect.EOF, timeout=10)
        term.child.close()
        assert term.child.exitstatus == 0
    finally:
        term.child.terminate(force=True)


def test_a_burst_of_keys_on_a_list_goes_to_the_filter_in_order(store):
    from entrytui.services.sessions import add_session

    add_session(store, name="New year", test="Linguaskill", start="2099-01-02 09:00")
    term = Terminal("--data", str(store.path))
    try:
        term.wait_for(r"New year")
        term.child.send("/Dec" + ENTER)  # "n" of a burst must not open New session, nor "v" switch views
        term.wait_for(r"Active entries: 0")
        assert "December Linguaskill (S1)" in term.text()
        term.type(CTRL_Q)
        term.child.expect(pexpect.EOF, timeout=10)
    finally:
        term.child.terminate(force=True)


HOSTILE = [
    "\x1b]2;owned\x07",  # set the terminal's title
    "\x1b[2J\x1b[H",  # clear the screen, cursor home
    "\x1b[31mred\x1b[0m",  # colours
    "\u202eevil\u202c",  # bidi override
    "zero\u200bwidth",
    "\x9b31m",  # a C1 control sequence introducer
]


def test_terminal_control_sequences_in_an_uploaded_file_are_shown_harmlessly(store, tmp_path):
    """A class list whose cells carry escape sequences, bidi overrides and zero-width
    characters: the preview shows the rows, and the operator's terminal interprets none."""
    lines = ["Login,Password,First name,Family name"]
    lines += [f"Evil{n},Secret123,{text},Silva" for n, text in enumerate(HOSTILE)]
    path = tmp_path / "list.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    term = Terminal("--data", str(store.path))
    try:
        term.wait_for(r"December Linguask")
        term.child.send(ENTER)
        term.wait_for(r"Active entries: 0")
        term.child.send("a")
        term.wait_for(r"Single Candidate Entry")
        term.child.send("\x1bOQ")  # F2: Upload Entries
        term.wait_for(r"CSV or XLSX")
        term.type(str(path) + "\x0f")  # ctrl+o: read
        term.wait_for(r"Evil5", timeout=30)
        term.pump(0.5)
        screen = term.text()
        assert term.screen.title != "owned", "an escape sequence set the terminal's title"
        assert "Evil0" in screen and "Evil5" in screen, "the rows are listed, the screen was not cleared"
        assert "\u202e" not in screen and "\u200b" not in screen
        term.type("\x1b\x1b\x1b")
    finally:
        term.child.terminate(force=True)
