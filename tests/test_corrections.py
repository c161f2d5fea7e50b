"""Corrections (PRODUCT §4): edit a candidate, move an entry, edit and remove sessions and
venues, merge candidates, the link question that tells what differs, and no silent overwrite."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from entrytui.domain import Action
from entrytui.errors import CaseVariantExists, ChangedMeanwhile, InputRefused, NotFound, UsernameOwned
from entrytui.services.audit import list_events
from entrytui.services.candidate_edits import edit_candidate, list_candidates, show_candidate
from entrytui.services.candidates import password_matches, search_candidates
from entrytui.services.common import Actor
from entrytui.services.entries import add_entry, list_entries, move_entry, withdraw_entry
from entrytui.services.merging import merge_candidates
from entrytui.services.sessions import add_session, edit_session, list_sessions, remove_session
from entrytui.services.venues import add_venue, edit_venue, remove_venue, venue_overview

ALICE = Actor("alice", lambda: datetime(2025, 3, 1, 9, 0, tzinfo=UTC))
BOB = Actor("bob", lambda: datetime(2025, 3, 1, 9, 5, tzinfo=UTC))
ANA = dict(first_name="Ana", family_name="Silva", username="Cand1", password="Secret123")


def newest(store, action):
    return next(e for e in list_events(store) if e.action == action)


@pytest.fixture
def two_sessions(store):
    """S1 (from the store builder) and S2, a later one at the same venue."""
    add_session(store, name="Afternoon", test="Linguaskill", start="2099-06-01 14:00", venue="Oxford Centre")
    return store


# ---- edit a candidate ------------------------------------------------------------------


def test_edit_candidate_changes_one_record_seen_in_every_session(two_sessions):
    store = two_sessions
    add_entry(store, "S1", first_name="Jon", family_name="Smiht", username="Cand1", password="Secret123")
    add_entry(store, "S2", first_name="Jon", family_name="Smiht", username="Cand1", link=True)
    edited = edit_candidate(store, "Cand1", family_name="Smith", title="mr", actor=ALICE)
    assert edited.changes == {"title": ["", "Mr"], "family_name": ["Smiht", "Smith"]}
    for session in ("S1", "S2"):
        [row] = list_entries(store, session)
        assert (row.candidate.title, row.candidate.full_name) == ("Mr", "Jon Smith")
    event = newest(store, Action.CANDIDATE_EDIT)
    assert (event.who, event.subject, event.changes) == ("alice", edited.candidate.id, edited.changes)
    assert "family name 'Smiht' → 'Smith'" in event.summary


def test_edit_candidate_username_keeps_password_and_entries(ana_and_bo):
    store = ana_and_bo
    edited = edit_candidate(store, "Cand1", new_username="Ana.Silva", actor=ALICE)
    assert edited.candidate.username == "Ana.Silva"
    assert password_matches(store, "Ana.Silva", "Secret123") and not password_matches(store, "Cand1", "Secret123")
    assert [ce.session.id for ce in show_candidate(store, "Ana.Silva").entries] == ["S1"]
    with pytest.raises(NotFound):
        show_candidate(store, "Cand1")
    assert "Secret123" not in str(newest(store, Action.CANDIDATE_EDIT).to_doc())
    assert "password_hash" not in newest(store, Action.CANDIDATE_EDIT).changes


def test_edit_candidate_refuses_with_the_entry_rules_naming_each_field(ana_and_bo):
    with pytest.raises(InputRefused) as refused:
        edit_candidate(ana_and_bo, "Cand1", first_name="", new_username="Cand£", email="nope", gender="x")
    assert [p.field for p in refused.value.problems] == ["first name", "username", "email", "gender"]
    assert show_candidate(ana_and_bo, "Cand1").candidate.first_name == "Ana"


def test_edit_candidate_username_owned_or_case_variant(ana_and_bo):
    with pytest.raises(InputRefused, match="already belongs to Bo Li.*candidate merge"):
        edit_candidate(ana_and_bo, "Cand1", new_username="Cand2")
    with pytest.raises(CaseVariantExists):
        edit_candidate(ana_and_bo, "Cand1", new_username="cand2")
    edited = edit_candidate(ana_and_bo, "Cand1", new_username="cand2", allow_case_variant=True)
    assert edited.candidate.username == "cand2"
    assert edit_candidate(ana_and_bo, "cand2", new_username="CAND1").candidate.username == "CAND1"  # its own case


def test_edit_with_nothing_changed_records_nothing(ana_and_bo):
    before = len(list_events(ana_and_bo))
    assert edit_candidate(ana_and_bo, "Cand1", first_name=" Ana ").changes == {}
    assert len(list_events(ana_and_bo)) == before


def test_unknown_candidate_is_not_found(store):
    with pytest.raises(NotFound, match="no candidate with username 'Nobody'"):
        edit_candidate(store, "Nobody", first_name="X")


def test_an_optional_detail_can_be_cleared(store):
    add_entry(store, "S1", **ANA, email="ana@example.org")
    assert edit_candidate(store, "Cand1", email="").changes == {"email": ["ana@example.org", ""]}


def test_names_take_full_stops_and_the_hyphens_of_the_rules(store):
    added = add_entry(store, "S1", **{**ANA, "first_name": "J. R.", "family_name": "St. John\u2010Smith"})
    assert added.candidate.full_name == "J. R. St. John\u2010Smith"
    assert edit_candidate(store, "Cand1", family_name="O\u02bcNeil").candidate.family_name == "O\u02bcNeil"


# ---- no silent overwrite ----------------------------------------------------------------


def test_an_edit_on_top_of_another_operators_change_is_not_applied(ana_and_bo):
    store = ana_and_bo
    seen = show_candidate(store, "Cand1").candidate  # both operators open the form
    edit_candidate(store, "Cand1", first_name="Anna", seen=seen, actor=ALICE)
    with pytest.raises(ChangedMeanwhile) as stale:
        edit_candidate(store, "Cand1", family_name="Silver", seen=seen, actor=BOB)
    [change] = stale.value.changes
    assert (change.field, change.seen, change.now, change.who) == ("first_name", "Ana", "Anna", "alice")
    assert change.at == "2025-03-01T09:00:00+00:00"
    assert stale.value.problems[0].field == "first name" and "alice" in stale.value.problems[0].message
    assert show_candidate(store, "Cand1").candidate.family_name == "Silva"  # not applied
    # Bob decides: he applies his edit on top of Alice's, seeing what is there now
    edit_candidate(store, "Cand1", family_name="Silver", seen=stale.value.current, actor=BOB)
    assert show_candidate(store, "Cand1").candidate.full_name == "Anna Silver"


def test_a_rename_meanwhile_is_a_change_not_a_stranger(ana_and_bo):
    seen = show_candidate(ana_and_bo, "Cand1").candidate
    edit_candidate(ana_and_bo, "Cand1", new_username="AnaS", actor=ALICE)
    with pytest.raises(ChangedMeanwhile) as stale:
        edit_candidate(ana_and_bo, "Cand1", first_name="Anna", seen=seen, actor=BOB)
    assert [(c.label, c.now, c.who) for c in stale.value.changes] == [("username", "AnaS", "alice")]


def test_a_password_reset_meanwhile_is_no_conflict(ana_and_bo):
    seen = show_candidate(ana_and_bo, "Cand1").candidate
    add_entry(
        ana_and_bo, "S1", first_name="Ana", family_name="Silva", username="Cand2", link=True, password="Newpass12"
    )
    assert edit_candidate(ana_and_bo, "Cand1", first_name="Anna", seen=seen).changes


def test_session_and_venue_edits_check_what_was_seen(two_sessions):
    store = two_sessions
    [s1, s2] = [s.session for s in list_sessions(store)]
    edit_session(store, s1.id, name="Morning", actor=ALICE)
    with pytest.raises(ChangedMeanwhile, match="alice"):
        edit_session(store, s1.id, test="Linguaskill Business", seen=s1, actor=BOB)
    [venue] = [v.venue for v in venue_overview(store)]
    edit_venue(store, venue.id, capacity=40, actor=ALICE)
    with pytest.raises(ChangedMeanwhile) as stale:
        edit_venue(store, venue.id, name="Oxford", seen=venue, actor=BOB)
    assert [(c.field, c.seen, c.now) for c in stale.value.changes] == [("capacity", None, 40)]


def test_a_move_meanwhile_stops_another_move(two_sessions):
    store = two_sessions
    added = add_entry(store, "S1", **ANA)
    add_session(store, name="Evening", test="Linguaskill", start="2099-06-01 18:00")
    move_entry(store, added.entry.entry_code, "S2", seen=added.entry, actor=ALICE)
    with pytest.raises(ChangedMeanwhile, match="session"):
        move_entry(store, added.entry.entry_code, "S3", seen=added.entry, actor=BOB)


# ---- move an entry --------------------------------------------------------------------


def test_move_keeps_the_entry_code_and_is_audited(two_sessions):
    store = two_sessions
    added = add_entry(store, "S1", **ANA)
    moved = move_entry(store, added.entry.entry_code.lower(), "s2", actor=ALICE)
    assert (moved.entry.entry_code, moved.entry.id) == (added.entry.entry_code, added.entry.id)
    assert list_entries(store, "S1") == []
    assert [r.entry.entry_code for r in list_entries(store, "S2")] == [added.entry.entry_code]
    event = newest(store, Action.ENTRY_MOVE)
    assert event.changes == {"session_id": ["S1", "S2"]} and event.subject == added.entry.entry_code


def test_a_move_shows_in_the_audit_trail_of_both_sessions(two_sessions):
    store = two_sessions
    added = add_entry(store, "S1", **ANA, actor=ALICE)
    move_entry(store, added.entry.entry_code, "S2", actor=BOB)
    assert [e.action for e in list_events(store, "S1")] == [Action.ENTRY_MOVE, Action.ENTRY_ADD, Action.SESSION_ADD]
    assert [e.action for e in list_events(store, "S2")][0] == Action.ENTRY_MOVE


def test_move_refused_where_the_candidate_is_active_naming_that_entry(two_sessions):
    store = two_sessions
    first = add_entry(store, "S1", **ANA)
    there = add_entry(store, "S2", **{**ANA, "password": None}, link=True)
    with pytest.raises(InputRefused, match=f"entry code {there.entry.entry_code}"):
        move_entry(store, first.entry.entry_code, "S2")
    withdraw_entry(store, first.entry.entry_code)
    assert move_entry(store, first.entry.entry_code, "S2").entry.status == "withdrawn"  # a withdrawn one may go


def test_move_refused_into_a_complete_session_an_unknown_one_or_its_own(two_sessions):
    store = two_sessions
    added = add_entry(store, "S1", **ANA)
    late = Actor("alice", lambda: datetime(2099, 6, 2, tzinfo=UTC))  # S2 has ended
    with pytest.raises(InputRefused, match="takes no new entries"):
        move_entry(store, added.entry.entry_code, "S2", actor=late)
    with pytest.raises(NotFound, match="no session 'S9'"):
        move_entry(store, added.entry.entry_code, "S9")
    with pytest.raises(NotFound, match="no entry with code"):
        move_entry(store, "ZZZZZZZZ", "S2")
    with pytest.raises(InputRefused, match="already"):
        move_entry(store, added.entry.entry_code, "S1")


# ---- sessions -------------------------------------------------------------------------


def test_edit_session_derives_the_end_from_a_new_start_unless_given(store):
    s1 = list_sessions(store)[0].session
    edited = edit_session(store, s1.id, start="2099-01-10 09:30", actor=ALICE)
    assert (edited.session.start, edited.session.end) == ("2099-01-10 09:30", "2099-01-10 11:30")
    assert set(edited.changes) == {"start", "end"}
    edited = edit_session(store, s1.id, end="2099-01-10 12:00", name="Renamed")
    assert (edited.session.end, edited.session.name, edited.session.start) == (
        "2099-01-10 12:00",
        "Renamed",
        "2099-01-10 09:30",
    )
    assert edit_session(store, s1.id, name="Again").session.end == "2099-01-10 12:00"  # the end kept
    assert newest(store, Action.SESSION_EDIT).changes == {"name": ["Renamed", "Again"]}


def test_edit_session_venue_and_refusals(store):
    add_venue(store, "Cambridge Hall")
    s1 = list_sessions(store)[0].session
    assert edit_session(store, s1.id, venue="cambridge hall").session.venue_id == "V2"
    assert edit_session(store, s1.id, venue="").session.venue_id is None
    with pytest.raises(InputRefused, match="no venue named 'Nowhere'"):
        edit_session(store, s1.id, venue="Nowhere")
    with pytest.raises(InputRefused) as refused:
        edit_session(store, s1.id, name="", start="2099-13-01 09:00")
    assert [p.field for p in refused.value.problems] == ["session name", "start"]
    with pytest.raises(InputRefused, match="must be after the start"):
        edit_session(store, s1.id, end="2000-01-01 09:00")
    with pytest.raises(NotFound):
        edit_session(store, "S9", name="x")


def test_a_session_edited_into_the_past_warns_that_it_is_complete(ana_and_bo):
    edited = edit_session(ana_and_bo, "S1", start="2001-01-01 09:00")
    assert edited.warnings and "complete" in edited.warnings[0] and "1 active entry" in edited.warnings[0]


def test_remove_session_only_without_entries(two_sessions, ana_and_bo):
    store = two_sessions
    with pytest.raises(InputRefused, match=r"has 2 entries \(1 active\)"):
        remove_session(store, "S1")
    removed = remove_session(store, "S2", actor=ALICE)
    assert [s.session.id for s in list_sessions(store)] == ["S1"]
    assert newest(store, Action.SESSION_REMOVE).changes["name"] == [removed.name, None]
    with pytest.raises(NotFound):
        remove_session(store, "S2")


# ---- venues ---------------------------------------------------------------------------


def test_venue_edit_list_and_remove(store):
    other = add_venue(store, "Cambridge Hall", capacity="20")
    edited = edit_venue(
        store, other.id, name="Cambridge Great Hall", address="1 King's Parade", capacity="", actor=ALICE
    )
    assert (edited.venue.name, edited.venue.address, edited.venue.capacity) == (
        "Cambridge Great Hall",
        "1 King's Parade",
        None,
    )
    assert newest(store, Action.VENUE_EDIT).changes["capacity"] == [20, None]
    overview = {v.venue.id: v.sessions for v in venue_overview(store)}
    assert overview == {"V1": ["S1"], other.id: []}
    with pytest.raises(InputRefused, match="Oxford Centre \\(V1\\) is the venue of .*\\(S1\\)"):
        remove_venue(store, "V1")
    with pytest.raises(InputRefused, match="exists already"):
        edit_venue(store, other.id, name="oxford centre")
    with pytest.raises(InputRefused, match="capacity"):
        edit_venue(store, other.id, capacity="lots")
    remove_venue(store, other.id)
    assert [v.venue.id for v in venue_overview(store)] == ["V1"]
    with pytest.raises(NotFound):
        edit_venue(store, other.id, name="x")


# ---- merge ----------------------------------------------------------------------------


def test_merge_moves_the_other_entries_with_their_codes_and_removes_the_other(two_sessions):
    store = two_sessions
    ana = add_entry(store, "S1", **ANA)
    dup = add_entry(store, "S2", first_name="Ana", family_name="Silva", username="AnaS", password="Secret123")
    merged = merge_candidates(store, "Cand1", "AnaS", actor=ALICE)
    assert merged.moved == [dup.entry.entry_code]
    view = show_candidate(store, "Cand1")
    assert [(e.session.id, e.entry.entry_code) for e in view.entries] == [
        ("S1", ana.entry.entry_code),
        ("S2", dup.entry.entry_code),
    ]
    assert [c.candidate.username for c in list_candidates(store)] == ["Cand1"]
    with pytest.raises(NotFound):
        show_candidate(store, "AnaS")
    event = newest(store, Action.CANDIDATE_MERGE)
    assert event.changes["merged"][0]["username"] == "AnaS"
    assert event.changes["entries"] == [[ana.entry.entry_code], [ana.entry.entry_code, dup.entry.entry_code]]
    add_entry(store, "S2", first_name="Someone", family_name="Else", username="AnaS", password="Secret123")  # freed


def test_merge_refused_where_both_are_active_in_one_session_naming_them(ana_and_bo):
    store = ana_and_bo
    other = add_entry(store, "S1", first_name="Ana", family_name="Silva", username="AnaS", password="Secret123")
    mine = list_entries(store, "S1")[0].entry.entry_code
    with pytest.raises(InputRefused) as refused:
        merge_candidates(store, "Cand1", "AnaS")
    message = refused.value.problems[0].message
    assert mine in message and other.entry.entry_code in message and "withdraw one first" in message
    withdraw_entry(store, other.entry.entry_code)
    merge_candidates(store, "Cand1", "AnaS")
    assert len(show_candidate(store, "Cand1").entries) == 2


def test_merge_refuses_one_candidate_twice_and_unknown_ones(ana_and_bo):
    with pytest.raises(InputRefused, match="same candidate twice"):
        merge_candidates(ana_and_bo, "Cand1", " Cand1 ")
    with pytest.raises(NotFound, match="'Nobody'"):
        merge_candidates(ana_and_bo, "Cand1", "Nobody")


# ---- the link question tells what differs ---------------------------------------------


def test_the_link_question_names_the_typed_details_that_differ(store):
    add_entry(
        store, "S1", first_name="Zoë", family_name="Ñúñez", username="Zoe1", password="Secret123", gender="Female"
    )
    add_session(store, name="Later", test="Linguaskill", start="2099-07-01 09:00")
    with pytest.raises(UsernameOwned) as owned:
        add_entry(store, "S2", first_name="Zoe", family_name="Nunez", username="Zoe1", gender="Female", email="")
    found = [(d.label, d.typed, d.stored) for d in owned.value.differences]
    assert found == [("first name", "Zoe", "Zoë"), ("family name", "Nunez", "Ñúñez")]  # gender equal, email not typed
    assert "typed 'Zoe', theirs is 'Zoë'" in str(owned.value)


def test_link_keeps_their_details_with_a_warning_or_updates_them(store):
    add_entry(store, "S1", first_name="Zoë", family_name="Ñúñez", username="Zoe1", password="Secret123")
    add_session(store, name="Later", test="Linguaskill", start="2099-07-01 09:00")
    add_session(store, name="Latest", test="Linguaskill", start="2099-08-01 09:00")
    kept = add_entry(store, "S2", first_name="Zoe", family_name="Ñúñez", username="Zoe1", link=True)
    assert kept.candidate.first_name == "Zoë" and not kept.updated
    assert "first name: typed 'Zoe', theirs is 'Zoë'" in kept.warnings[0]
    updated = add_entry(
        store, "S3", first_name="Zoe", family_name="Nunez", username="Zoe1", title="Ms", link=True, update_details=True
    )
    assert updated.updated and updated.warnings == []
    assert show_candidate(store, "Zoe1").candidate.full_name == "Zoe Nunez"
    event = newest(store, Action.CANDIDATE_EDIT)
    assert event.changes == {"title": ["", "Ms"], "first_name": ["Zoë", "Zoe"], "family_name": ["Ñúñez", "Nunez"]}
    assert event.session_id == "S3"


# ---- candidates list and show ---------------------------------------------------------


def test_candidates_list_searches_name_username_email_and_entry_code(ana_and_bo):
    store = ana_and_bo
    code = list_entries(store, "S1")[1].entry.entry_code
    assert [c.candidate.username for c in list_candidates(store)] == ["Cand2", "Cand1"]  # Li before Silva
    assert [c.candidate.username for c in list_candidates(store, "ana silva")] == ["Cand1"]
    assert [c.candidate.username for c in list_candidates(store, code.lower())] == ["Cand2"]
    assert [(c.active, c.entries) for c in list_candidates(store)] == [(0, 1), (1, 1)]
    assert list_candidates(store, "nobody") == []


def test_candidates_sort_by_name_with_accents_and_case_set_aside(store):
    for first, family, username in [("Zoë", "Ñúñez", "Zoe1"), ("Ana", "nunes", "Ana1"), ("Bo", "Tanaka", "Bo1")]:
        add_entry(store, "S1", first_name=first, family_name=family, username=username, password="Secret123")
    assert [s.candidate.family_name for s in list_candidates(store)] == ["nunes", "Ñúñez", "Tanaka"]


def test_a_search_typed_without_accents_finds_the_accented_name_and_the_other_way_round(store):
    """Over SSH, people often cannot type Núñez: the candidate must not look missing (and be entered twice)."""
    add_entry(store, "S1", first_name="Carla", family_name="Núñez", username="Carla1", password="Secret123")
    add_entry(store, "S1", first_name="Chloe", family_name="Dubois", username="Chloe1", password="Secret123")
    assert [c.candidate.username for c in list_candidates(store, "nunez")] == ["Carla1"]
    assert [c.candidate.username for c in list_candidates(store, "NÚÑEZ carla")] == ["Carla1"]
    assert [c.candidate.username for c in list_candidates(store, "chloé")] == ["Chloe1"], "the other way round"
    add_session(store, name="Jan", test="Linguaskill", start="2099-12-20 09:00")
    found, total = search_candidates(store, "S2", "nunez")
    assert total == 1 and found[0][0].username == "Carla1"
