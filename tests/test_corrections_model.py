"""A Hypothesis model of the corrections: random adds (new and linked), candidate edits
(renames included), moves, merges, withdrawals and restores, against a plain model of what
each should do.  After every step the store must agree with the model and keep every
invariant: one candidate per username (and case variants only where confirmed), entry codes
unique and unchanged by moves and merges, at most one active entry per candidate per
session, every entry's session and candidate exist; a refused step writes nothing, a done
correction exactly one audit event.

``ENTRYTUI_MODEL_EXAMPLES`` sets how many runs (default 30, about 3 s; raise it to search longer).
"""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from entrytui.errors import InputRefused
from entrytui.services.candidate_edits import edit_candidate
from entrytui.services.common import Actor
from entrytui.services.entries import add_entry, move_entry, restore_entry, withdraw_entry
from entrytui.services.merging import merge_candidates
from entrytui.services.sessions import add_session
from entrytui.store import rows
from helpers import build_store

EXAMPLES = int(os.environ.get("ENTRYTUI_MODEL_EXAMPLES", "30"))
ACTOR = Actor("model", lambda: datetime(2025, 3, 1, 9, 0, tzinfo=UTC))
USERNAMES = ["Ana", "ana", "ANA", "Bo", "bo", "Cy", "Dee"]  # case variants on purpose
SESSIONS = ["S1", "S2", "S3"]  # S3 has ended: complete
COMPLETE = {"S3"}


class Corrections(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = tempfile.TemporaryDirectory()
        self.store = build_store(Path(self.folder.name) / "store.json", actor=ACTOR)
        add_session(self.store, name="Later", test="Linguaskill", start="2099-06-01 14:00", actor=ACTOR)
        add_session(self.store, name="Past", test="Linguaskill", start="2000-01-01 09:00", actor=ACTOR)
        self.candidates: dict[str, str] = {}  # candidate id -> username
        self.confirmed: set[str] = set()  # candidate ids last saved with the case question answered yes
        self.entries: dict[str, list] = {}  # entry id -> [code, session, candidate id, status]
        self.events = self._audit_count()

    def teardown(self) -> None:
        self.folder.cleanup()

    # ---- what the model knows ------------------------------------------------------------

    def _audit_count(self) -> int:
        with self.store.reading() as db:
            return len(rows(db, "audit"))

    def _owner(self, username: str) -> str | None:
        return next((c for c, u in self.candidates.items() if u == username), None)

    def _variants(self, username: str, but: str | None = None) -> list[str]:
        return [
            c for c, u in self.candidates.items() if u != username and u.casefold() == username.casefold() and c != but
        ]

    def _active(self, candidate: str, session: str, but: str | None = None) -> bool:
        return any(
            e[2] == candidate and e[1] == session and e[3] == "active" and eid != but for eid, e in self.entries.items()
        )

    def _by_code(self, code: str) -> str:
        return next(eid for eid, e in self.entries.items() if e[0] == code)

    def _attempt(self, refused: bool, call, events: int = 1):
        """Run ``call``; the model said whether it is refused; a refusal writes nothing."""
        before = self._audit_count()
        try:
            result = call()
        except InputRefused:
            assert refused, "the service refused what the model allows"
            assert self._audit_count() == before, "a refused step wrote an audit event"
            return None
        assert not refused, "the service did what the model refuses"
        assert self._audit_count() == before + events, "a correction is one audit event"
        return result

    # ---- steps -------------------------------------------------------------------------

    @rule(
        session=st.sampled_from(SESSIONS), username=st.sampled_from(USERNAMES), link=st.booleans(), allow=st.booleans()
    )
    def add(self, session, username, link, allow):
        owner = self._owner(username)
        if session in COMPLETE:
            refused = True
        elif owner is not None:
            refused = self._active(owner, session) or not link
        else:
            refused = bool(self._variants(username)) and not allow
        added = self._attempt(
            refused,
            lambda: add_entry(
                self.store,
                session,
                first_name="Ana",
                family_name="Silva",
                username=username,
                password="Secret123",
                link=link,
                allow_case_variant=allow,
                actor=ACTOR,
            ),  # fmt: skip
            events=1 + (owner is not None),  # linking with a password: the password reset is recorded too
        )
        if added is None:
            return
        assert added.entry.entry_code not in {e[0] for e in self.entries.values()}, "an entry code was reused"
        if owner is None:
            self.candidates[added.candidate.id] = username
            self.confirmed.discard(added.candidate.id)
            if allow:
                self.confirmed.add(added.candidate.id)
        assert added.candidate.id == (owner or added.candidate.id)
        self.entries[added.entry.id] = [added.entry.entry_code, session, added.candidate.id, "active"]

    @precondition(lambda self: self.candidates)
    @rule(data=st.data(), new=st.sampled_from(USERNAMES), allow=st.booleans())
    def edit(self, data, new, allow):
        cid = data.draw(st.sampled_from(sorted(self.candidates)))
        old = self.candidates[cid]
        owner = self._owner(new)
        unchanged = new == old
        refused = not unchanged and (owner is not None or (bool(self._variants(new, but=cid)) and not allow))
        edited = self._attempt(
            refused,
            lambda: edit_candidate(self.store, old, new_username=new, allow_case_variant=allow, actor=ACTOR),
            events=0 if unchanged else 1,
        )
        if edited is not None and not unchanged:
            self.candidates[cid] = new
            self.confirmed.discard(cid)
            if allow:
                self.confirmed.add(cid)

    @precondition(lambda self: self.entries)
    @rule(data=st.data(), to=st.sampled_from(SESSIONS))
    def move(self, data, to):
        eid = data.draw(st.sampled_from(sorted(self.entries)))
        code, session, cid, status = self.entries[eid]
        refused = to == session or to in COMPLETE or (status == "active" and self._active(cid, to, but=eid))
        moved = self._attempt(refused, lambda: move_entry(self.store, code, to, actor=ACTOR))
        if moved is not None:
            assert (moved.entry.entry_code, moved.entry.id) == (code, eid)
            self.entries[eid][1] = to

    @precondition(lambda self: len(self.candidates) >= 2)
    @rule(data=st.data())
    def merge(self, data):
        keep, other = data.draw(st.lists(st.sampled_from(sorted(self.candidates)), min_size=2, max_size=2))
        clash = any(e[2] == other and e[3] == "active" and self._active(keep, e[1]) for e in self.entries.values())
        merged = self._attempt(
            keep == other or clash,
            lambda: merge_candidates(self.store, self.candidates[keep], self.candidates[other], actor=ACTOR),
        )
        if merged is not None:
            expected = sorted(e[0] for e in self.entries.values() if e[2] == other)
            assert sorted(merged.moved) == expected
            for e in self.entries.values():
                if e[2] == other:
                    e[2] = keep
            del self.candidates[other]
            self.confirmed.discard(other)

    @precondition(lambda self: self.entries)
    @rule(data=st.data())
    def withdraw(self, data):
        eid = data.draw(st.sampled_from(sorted(self.entries)))
        code, _, _, status = self.entries[eid]
        if self._attempt(status != "active", lambda: withdraw_entry(self.store, code, "model", actor=ACTOR)):
            self.entries[eid][3] = "withdrawn"

    @precondition(lambda self: self.entries)
    @rule(data=st.data())
    def restore(self, data):
        eid = data.draw(st.sampled_from(sorted(self.entries)))
        code, session, cid, status = self.entries[eid]
        refused = status == "active" or self._active(cid, session, but=eid)
        if self._attempt(refused, lambda: restore_entry(self.store, code, "model", actor=ACTOR)):
            self.entries[eid][3] = "active"

    # ---- what must always hold -------------------------------------------------------------

    @invariant()
    def the_store_is_the_model_and_keeps_every_invariant(self):
        with self.store.reading() as db:
            candidates = {d["id"]: d["username"] for d in rows(db, "candidates")}
            entries = {
                d["id"]: [d["entry_code"], d["session_id"], d["candidate_id"], d["status"]] for d in rows(db, "entries")
            }
            sessions = {d["id"] for d in rows(db, "sessions")}
        assert candidates == self.candidates
        assert entries == self.entries  # codes unchanged by moves and merges, nothing lost
        assert len(set(candidates.values())) == len(candidates), "two candidates share a username"
        folds: dict[str, list[str]] = {}
        for cid, username in candidates.items():
            folds.setdefault(username.casefold(), []).append(cid)
        for group in folds.values():
            assert sum(1 for c in group if c not in self.confirmed) <= 1, "an unconfirmed case variant"
        codes = [e[0] for e in entries.values()]
        assert len(set(codes)) == len(codes), "an entry code held twice"
        active = [(e[2], e[1]) for e in entries.values() if e[3] == "active"]
        assert len(set(active)) == len(active), "two active entries of one candidate in one session"
        assert all(e[1] in sessions and e[2] in candidates for e in entries.values()), "an entry lost its owner"


@pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")
def test_corrections_keep_every_invariant():
    run_state_machine_as_test(
        Corrections,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=30,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
