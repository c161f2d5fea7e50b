"""Keys that arrive together act in order: the real program in a pseudo-terminal, each burst
written at once, as a laggy SSH link delivers several keys in one read.

Every key of a list is a priority binding, handled as it arrives; a key that is not would
be queued to the table and handled after the keys behind it (``down enter`` would open the
row the highlight left).  Each test reads what the keys did off the screen, then from the store.
"""

from __future__ import annotations

import pytest

from entrytui.services.entries import add_entry, list_entries, withdraw_entry
from entrytui.services.sessions import add_session
from entrytui.store import Store
from helpers import BACKSPACE, CTRL_Q, CTRL_S, CTRL_U, DOWN, END, ENTER, ESCAPE, F2, HOME, TAB, UP, Terminal

PEOPLE = [("Ana", "Silva"), ("Bo", "Li"), ("Cy", "Moss"), ("Dee", "Ng")]


@pytest.fixture
def entered(store):
    """S1 holds Ana, Bo, Cy (withdrawn) and Dee, in that order; S2 (January) comes second."""
    codes = [
        add_entry(store, "S1", first_name=f, family_name=n, username=f"Cand_{f}", password="Secret123").entry.entry_code
        for f, n in PEOPLE
    ]
    withdraw_entry(store, codes[2], "moved")
    add_session(store, name="January Linguaskill", test="Linguaskill", start="2100-01-10 09:00")
    return store


@pytest.fixture
def term(entered):
    terminal = Terminal("--data", str(entered.path))
    terminal.wait_for(r"January Linguask")
    yield terminal
    terminal.child.send(CTRL_Q)
    terminal.child.terminate(force=True)


def open_first_session(term: Terminal) -> None:
    term.child.send(ENTER)
    term.wait_for(r"Active entries: 3")


def open_search_existing_of_s2(term: Terminal) -> None:
    term.child.send(DOWN + ENTER)
    term.wait_for(r"January Linguaskill \(S2\)")
    term.child.send("a")
    term.wait_for(r"Single Candidate Entry")
    term.child.send(F2 + F2)
    term.wait_for(r"4 candidates match")


def test_down_enter_opens_the_second_session(term):
    term.child.send(DOWN + ENTER)
    term.wait_for(r"January Linguaskill \(S2\)")


def test_down_w_asks_to_withdraw_the_highlighted_candidate(term):
    open_first_session(term)
    term.child.send(DOWN + "w")
    term.wait_for(r"Withdraw this entry\?[\s\S]*Bo Li \(Cand_Bo\)")


def test_down_space_marks_the_highlighted_row_and_the_question_names_it(term):
    open_first_session(term)
    term.child.send(DOWN + " " + "l")  # mark Bo (the highlight then moves on), login information
    term.wait_for(r"The 1 marked entry[\s\S]*Bo Li \(Cand_Bo")
    term.pump(0.3)
    lines = term.text().splitlines()
    top = next(i for i, line in enumerate(lines) if "Candidate login information" in line)
    bottom = next(i for i, line in enumerate(lines) if "Write (ctrl+s)" in line)
    question = "\n".join(lines[top:bottom])  # the dialog (the list dimmed around it is not what it names)
    assert "Bo Li (Cand_Bo" in question and "Ana Silva" not in question and "Dee Ng" not in question


def test_home_down_down_r_restores_the_third_entry(term, entered):
    open_first_session(term)
    term.child.send(END + HOME + DOWN + DOWN + "r")
    term.wait_for(r"Restore this entry\?[\s\S]*Cy Moss \(Cand_Cy\)")
    term.child.send(CTRL_S)
    term.wait_for(r"Active entries: 4")
    assert all(r.entry.status == "active" for r in list_entries(Store(entered.path), "S1"))


def test_marks_and_moves_in_one_burst_mark_the_rows_the_keys_reached(term):
    open_first_session(term)
    term.child.send(" " + DOWN + DOWN + " " + UP + UP + UP + "l")  # marks Ana, then Dee; moves away; asks
    term.wait_for(r"The 2 marked entries[\s\S]*Dee Ng \(Cand_Dee")
    term.pump(0.3)
    screen = term.text()
    assert "Ana Silva (Cand_Ana" in screen and "Dee Ng (Cand_Dee" in screen and "Bo Li" not in screen


def test_search_existing_marks_the_row_the_keys_reached(term, entered):
    open_search_existing_of_s2(term)
    term.child.send(TAB + DOWN + DOWN + " " + CTRL_S)  # to the results, down to the third candidate, mark, add
    term.wait_for(r"1 candidate entered")
    [row] = list_entries(Store(entered.path), "S2")
    assert row.candidate.username == "Cand_Cy"


def test_a_search_typed_then_marked_in_one_burst_marks_what_the_search_found(term, entered):
    open_search_existing_of_s2(term)
    term.child.send("Moss")
    term.wait_for(r"(?m)^ +Moss *$")  # the search line holds it; its search has not answered yet
    term.child.send(TAB + " " + CTRL_S)  # so space and ctrl+s wait for the results, then act on them
    term.wait_for(r"1 candidate entered \(linked\):[\s\S]*Cand_Cy")
    [row] = list_entries(Store(entered.path), "S2")
    assert row.candidate.username == "Cand_Cy"


# ---- text and the keys behind it: one barrier (tui/key_order.py) ----------------------------


def open_the_form(term: Terminal) -> None:
    open_first_session(term)
    term.child.send("a")
    term.wait_for(r"Single Candidate Entry")


def test_a_correction_typed_then_tab_stays_in_its_field(term):
    open_the_form(term)
    term.type("Ana" + TAB + "Smith")
    term.wait_for(r"Family name +Smith")
    term.child.send(BACKSPACE * 5 + "Jones" + TAB + "Cand_J")  # the tab waits for the field to take "Jones"
    term.wait_for(r"Family name +Jones *\n Username +Cand_J")


def test_a_field_emptied_then_typed_in_one_burst_keeps_what_was_typed(term):
    term.child.send("n")
    term.wait_for(r"New session")
    term.type("Winter" + TAB + "Linguaskill" + TAB + TAB + "2100-01-01 10:00")
    term.wait_for(r"Start +2100-01-01 10:00")
    term.child.send(CTRL_U + "2100-02-10 09:00" + CTRL_S)
    term.wait_for(r"Winter[^\n]*2100-02-10 09:00")  # its row on Sessions


def test_add_another_then_a_name_in_one_burst_fills_the_next_form(term, entered):
    open_the_form(term)
    term.child.send("Gil" + TAB + "Bert" + TAB + "Cand_Gil" + TAB + "Secret123" + CTRL_S)
    term.wait_for(r"Add another")
    term.child.send("aHal" + TAB + "Ford")  # the name goes to the cleared form, not to the closing dialog
    term.wait_for(r"First name +Hal *\n Family name +Ford")
    assert "Gil Bert" in {row.candidate.full_name for row in list_entries(Store(entered.path), "S1")}


def test_save_then_the_link_answer_in_one_burst_answers_the_question(term, entered):
    """ctrl+s then u at once: the u waits for the save, whose answer is the link question, and
    answers it (link and update) instead of landing in the username field."""
    term.child.send(DOWN + ENTER)
    term.wait_for(r"January Linguaskill \(S2\)")
    term.child.send("a")
    term.wait_for(r"Single Candidate Entry")
    term.child.send("Anna" + TAB + "Silva" + TAB + "Cand_Ana" + CTRL_S + "u")
    term.wait_for(r"Their details were updated: first name 'Ana' → 'Anna'")
    [row] = list_entries(Store(entered.path), "S2")
    assert (row.candidate.username, row.candidate.full_name) == ("Cand_Ana", "Anna Silva")


def test_escape_then_keys_in_one_burst_act_on_the_screen_escape_went_back_to(term):
    open_first_session(term)
    term.child.send(ESCAPE + DOWN + ENTER)  # back to Sessions, down to January, open it
    term.wait_for(r"January Linguaskill \(S2\)")
    term.child.send(ESCAPE + "n")  # read as escape, then n (not alt+n)
    term.wait_for(r"New session[\s\S]*Name")


def test_a_search_a_tab_and_a_mark_in_one_burst_mark_what_the_search_found(term, entered):
    open_search_existing_of_s2(term)
    term.child.send("Moss" + TAB + " " + CTRL_S)  # the tab waits for the line to take "Moss"
    term.wait_for(r"1 candidate entered \(linked\):[\s\S]*Cand_Cy")
    [row] = list_entries(Store(entered.path), "S2")
    assert row.candidate.username == "Cand_Cy"


# ---- corrections: keys on the highlighted row -------------------------------------------------


def test_down_e_edits_the_highlighted_candidate(term):
    open_first_session(term)
    term.child.send(DOWN + "e")
    term.wait_for(r"Bo Li \(Cand_Bo\): the change shows")
    term.pump(0.3)
    assert "Ana Silva" not in term.text()


def test_down_m_moves_the_highlighted_entry(term, entered):
    open_first_session(term)
    term.child.send(DOWN + "m")
    term.wait_for(r"Bo Li \(Cand_Bo\), entry code[\s\S]*January Linguaskill \(S2\)")
    term.child.send(ENTER)
    term.wait_for(r"Move this entry\?")
    term.child.send("y")
    term.wait_for(r"Active entries: 2")
    [row] = list_entries(Store(entered.path), "S2")
    assert row.candidate.username == "Cand_Bo"


def test_two_escapes_then_a_key_in_one_burst_are_three_keys(term):
    open_first_session(term)
    term.child.send("\x1bOP")  # F1
    term.wait_for(r"Keys — Session")
    term.child.send(ESCAPE + ESCAPE + "t")  # close the keys, back to Sessions, its audit trail
    term.wait_for(r"events in the whole store")


def test_space_on_a_withdrawn_row_says_why_and_moves_on_like_any_mark(term):
    open_first_session(term)
    term.child.send(DOWN + DOWN + " " + " " + "l")  # Cy is withdrawn: not marked, but the next space marks Dee
    term.wait_for(r"The 1 marked entry[\s\S]*Dee Ng \(Cand_Dee")


def test_keys_typed_before_a_list_is_read_wait_for_it(term):
    """ "c ↓ e": Candidates (Li, Moss, Ng, Silva) opens and is read after the keys came; the ↓
    and the e are for its rows, so the e edits Moss, not Li."""
    term.child.send("c" + DOWN + "e")
    term.wait_for(r"Edit candidate[\s\S]*Cand_Cy · Cy Moss")
