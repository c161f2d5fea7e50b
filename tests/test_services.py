"""The use-cases the UI and the command line share: entries, linking, case variants, withdraw."""

from __future__ import annotations

import pytest

from entrytui.codes import ALPHABET
from entrytui.errors import CaseVariantExists, InputRefused, NotFound, UsernameOwned
from entrytui.services import entries as entries_module
from entrytui.services.audit import list_events
from entrytui.services.candidates import password_matches, propose_username
from entrytui.services.common import os_user
from entrytui.services.entries import (
    add_entry,
    list_entries,
    restore_entry,
    withdraw_entry,
)
from entrytui.services.sessions import add_session, list_sessions

ANA = dict(first_name="Ana", family_name="Silva", username="Cand001", password="Secret123")


def test_add_entry_gives_a_code_and_stores_the_password_sealed_not_in_clear(store):
    added = add_entry(store, "S1", **ANA, email="ana@example.org", gender="female", date_of_birth="2008-05-01")
    assert len(added.entry.entry_code) == 8 and set(added.entry.entry_code) <= set(ALPHABET)
    assert added.candidate.gender == "Female"
    assert added.candidate.password_sealed.startswith("sealed$1$") and not added.candidate.password_hash
    for path in (store.path, store.journal_path):
        assert b"Secret123" not in path.read_bytes()
    assert password_matches(store, "Cand001", "Secret123")
    assert not password_matches(store, "Cand001", "Secret124")
    assert not password_matches(store, "cand001", "Secret123")
    assert not password_matches(store, "nobody", "Secret123")


def test_every_problem_is_refused_before_the_store_is_touched(store):
    before = store.path.read_bytes()
    with pytest.raises(InputRefused) as refused:
        add_entry(store, "S1", first_name="", family_name="Silva", username="Cand£1", password="short")
    assert [p.field for p in refused.value.problems] == ["first name", "username", "password", "password", "password"]
    assert store.path.read_bytes() == before


def test_a_password_is_required_unless_generated(store):
    with pytest.raises(InputRefused, match="password: is required"):
        add_entry(store, "S1", **{**ANA, "password": None})
    added = add_entry(store, "S1", **{**ANA, "password": None}, generate=True)
    assert password_matches(store, "Cand001", added.password)


def test_an_unknown_session_is_named(store):
    with pytest.raises(NotFound, match="there is no session 'S99'"):
        add_entry(store, "S99", **ANA)


def test_session_ids_are_accepted_in_any_case(store):
    assert add_entry(store, "s1", **ANA).session.id == "S1"


def test_an_owned_username_is_refused_naming_its_owner_and_sessions(store):
    add_entry(store, "S1", **ANA)
    add_session(store, name="January", test="Linguaskill", start="2099-01-10 09:00")
    with pytest.raises(UsernameOwned) as refused:
        add_entry(store, "S2", first_name="Bo", family_name="Li", username="Cand001", password="Other1234")
    assert "Ana Silva" in str(refused.value) and "December Linguaskill (S1)" in str(refused.value)
    assert refused.value.owner.username == "Cand001"


def test_link_enters_the_same_candidate_into_another_session(store):
    first = add_entry(store, "S1", **ANA)
    add_session(store, name="January", test="Linguaskill", start="2099-01-10 09:00")
    linked = add_entry(store, "S2", **{**ANA, "password": None}, link=True)
    assert linked.linked and linked.candidate.id == first.candidate.id
    assert linked.entry.entry_code != first.entry.entry_code
    assert password_matches(store, "Cand001", "Secret123")  # no password given: theirs is kept
    with store.reading() as db:
        assert len(db.table("candidates")) == 1


def test_link_with_a_password_replaces_the_old_one(store):
    add_entry(store, "S1", **ANA)
    add_session(store, name="January", test="Linguaskill", start="2099-01-10 09:00")
    add_entry(store, "S2", **{**ANA, "password": "Newer4567"}, link=True)
    assert password_matches(store, "Cand001", "Newer4567")
    assert not password_matches(store, "Cand001", "Secret123")
    assert [e.action for e in list_events(store, "S2")][:2] == ["entry.link", "candidate.password_reset"]


def test_link_with_a_password_names_the_other_sessions_whose_slips_it_makes_stale(store):
    """Ana holds active entries in S1 and S2 and a withdrawn one in S4: a password typed while
    linking her into S3 is said to replace hers, naming S2 and S1 (soonest first), not S4."""
    add_entry(store, "S1", **ANA)
    add_session(store, name="January", test="Linguaskill", start="2099-01-10 09:00")
    add_session(store, name="March", test="Linguaskill", start="2099-03-10 09:00")
    add_session(store, name="April", test="Linguaskill", start="2099-04-10 09:00")
    add_entry(store, "S2", **{**ANA, "password": None}, link=True)
    withdraw_entry(store, add_entry(store, "S4", **{**ANA, "password": None}, link=True).entry.entry_code)
    with pytest.raises(UsernameOwned) as asked:
        add_entry(store, "S3", **{**ANA, "password": "Newer4567"})
    assert asked.value.held == ["January (S2)", "December Linguaskill (S1)"], "the link question can name them"

    linked = add_entry(store, "S3", **{**ANA, "password": "Newer4567"}, link=True)
    assert linked.password_replaced and linked.stale_sessions == ["January (S2)", "December Linguaskill (S1)"]
    [said] = linked.warnings
    assert said.startswith("the password typed replaced Ana Silva's password in every session")
    assert "January (S2), December Linguaskill (S1) show the old one and no longer work" in said
    assert "April" not in said


def test_link_without_a_password_or_into_no_other_session_says_what_it_did(store):
    add_entry(store, "S1", **ANA)
    add_session(store, name="January", test="Linguaskill", start="2099-01-10 09:00")
    kept = add_entry(store, "S2", **{**ANA, "password": None}, link=True)
    assert (kept.password_replaced, kept.stale_sessions, kept.warnings) == (False, [], [])
    withdraw_entry(store, kept.entry.entry_code)
    withdraw_entry(store, list_entries(store, "S1")[0].entry.entry_code)
    alone = add_entry(store, "S2", **{**ANA, "password": "Newer4567"}, link=True)
    assert alone.password_replaced and alone.stale_sessions == []
    assert alone.warnings == [
        "the password typed replaced Ana Silva's password in every session "
        "(they hold no active entry in another session: no slip printed before is stale)"
    ]


def test_a_candidate_holds_one_active_entry_per_session(store):
    first = add_entry(store, "S1", **ANA)
    with pytest.raises(InputRefused, match=f"already has an active entry .* entry code {first.entry.entry_code}"):
        add_entry(store, "S1", **ANA, link=True)


def test_an_owner_already_in_the_session_is_said_at_once_not_offered_a_link(store):
    first = add_entry(store, "S1", **ANA)
    with pytest.raises(
        InputRefused, match=f"already has an active entry .* entry code {first.entry.entry_code}"
    ) as said:
        add_entry(store, "S1", **{**ANA, "first_name": "Anna"})  # no link asked for: the question would be refused
    assert not isinstance(said.value, UsernameOwned)


def test_a_case_variant_needs_confirmation(store):
    add_entry(store, "S1", **ANA)
    with pytest.raises(CaseVariantExists, match="'cand001' differs only by case from 'Cand001'"):
        add_entry(store, "S1", **{**ANA, "username": "cand001"})
    added = add_entry(store, "S1", **{**ANA, "username": "cand001"}, allow_case_variant=True)
    assert added.candidate.username == "cand001" and not added.linked


def test_nfd_and_nfc_spellings_reach_the_same_candidate(store):
    add_entry(store, "S1", **{**ANA, "username": "José"})
    add_session(store, name="January", test="Linguaskill", start="2099-01-10 09:00")
    with pytest.raises(UsernameOwned):
        add_entry(store, "S2", **{**ANA, "username": "Jose\u0301"})


def test_withdraw_keeps_the_entry_visible_and_the_candidate_can_be_entered_again(store):
    first = add_entry(store, "S1", **ANA)
    withdrawn = withdraw_entry(store, first.entry.entry_code.lower(), "ill on the day")
    assert withdrawn.status == "withdrawn" and withdrawn.withdrawn_reason == "ill on the day"
    assert withdrawn.withdrawn_by == os_user()
    with pytest.raises(InputRefused, match="withdrawn already"):
        withdraw_entry(store, first.entry.entry_code)
    again = add_entry(store, "S1", **ANA, link=True)
    rows = list_entries(store, "S1")
    assert [(r.entry.entry_code, r.entry.status) for r in rows] == [
        (first.entry.entry_code, "withdrawn"),
        (again.entry.entry_code, "active"),
    ]
    with pytest.raises(InputRefused, match="already has an active entry"):
        restore_entry(store, first.entry.entry_code)
    withdraw_entry(store, again.entry.entry_code)
    assert restore_entry(store, first.entry.entry_code).status == "active"
    summary = list_sessions(store)[0]
    assert (summary.active, summary.withdrawn) == (1, 1)


def test_unknown_codes_are_named(store):
    with pytest.raises(NotFound, match="there is no entry with code 'NOPE'"):
        withdraw_entry(store, "NOPE")


def test_a_complete_session_takes_no_entries(store):
    add_session(store, name="Past", test="Linguaskill", start="2020-01-10 09:00")
    with pytest.raises(InputRefused, match="ended at 2020-01-10 11:00"):
        add_entry(store, "S2", **ANA)
    assert [s.status for s in list_sessions(store)] == ["complete", "active"]


def test_more_than_the_recommended_entries_warns_but_saves(store, monkeypatch):
    monkeypatch.setattr(entries_module, "SESSION_RECOMMENDED_MAX", 1)
    assert add_entry(store, "S1", **ANA).warnings == []
    added = add_entry(store, "S1", **{**ANA, "username": "Cand002"})
    assert added.warnings == ["session S1 now has 2 active entries; at most 1 are recommended"]


def test_username_proposal_follows_the_naming_convention(store):
    assert propose_username(store, "S1") == "OxfordCentre_20991210_Cand001"
    add_entry(store, "S1", **{**ANA, "username": "OxfordCentre_20991210_Cand001"})
    add_entry(store, "S1", **{**ANA, "username": "oxfordcentre_20991210_cand007"})
    assert propose_username(store, "S1") == "OxfordCentre_20991210_Cand008"


def test_every_change_is_audited_with_the_os_user_and_never_a_password(store):
    added = add_entry(store, "S1", **ANA)
    withdraw_entry(store, added.entry.entry_code, "moved")
    restore_entry(store, added.entry.entry_code)
    events = list_events(store)
    assert [e.action for e in events] == [
        "entry.restore",
        "entry.withdraw",
        "entry.add",
        "session.add",
        "venue.add",
        "institution.setup",
    ]
    assert {e.who for e in events} == {os_user()}
    assert [e.action for e in list_events(store, "S1")] == [
        "entry.restore",
        "entry.withdraw",
        "entry.add",
        "session.add",
    ]
    assert "Secret123" not in repr(events)


def test_ids_are_never_reused(store):
    add_session(store, name="Two", test="Linguaskill", start="2099-01-10 09:00")
    add_session(store, name="Three", test="Linguaskill", start="2099-01-11 09:00")
    assert [s.session.id for s in list_sessions(store)] == ["S2", "S3", "S1"]
