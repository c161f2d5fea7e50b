"""Tamper evidence (issue 16, PRODUCT §8): the store's files changed outside entrytui are
refused like corrupt ones (exit 3, naming the file and what is wrong) and never written
over, and ``entrytui check`` names what differs: a document edited in the snapshot, an
audit event removed, a journal line rewritten (even with its checksum recomputed), removed
or moved."""

from __future__ import annotations

import hashlib
import json

import pytest

from entrytui.errors import StoreCorrupt
from entrytui.services.check import check_store
from entrytui.services.entries import add_entry, withdraw_entry
from entrytui.store import Store, insert_chained, journal, rows, snapshot
from entrytui.store.chain import Tampered
from helpers import run_entrytui


@pytest.fixture
def busy(store) -> Store:
    """Three entries and a withdrawal: audit events in the snapshot (compacted) and in the journal."""
    add_entry(store, "S1", first_name="Ana", family_name="Silva", username="Cand1", password="Secret123")
    store.compact()
    bo = add_entry(store, "S1", first_name="Bo", family_name="Li", username="Cand2", password="Secret123")
    add_entry(store, "S1", first_name="Cy", family_name="Ng", username="Cand3", password="Secret123")
    withdraw_entry(store, bo.entry.entry_code, "ill")
    return store


def refused_untouched(store: Store, path, match: str) -> None:
    before = {p: p.read_bytes() for p in (store.path, store.journal_path)}
    with pytest.raises(StoreCorrupt, match=match) as refused:
        list(rows_of(Store(store.path)))
    assert isinstance(refused.value, Tampered) or "damaged" in str(refused.value)
    assert str(path) in str(refused.value)
    cli = run_entrytui("session", "list", data=store.path)
    assert cli.returncode == 3 and str(path) in cli.stderr, cli.stderr
    add = run_entrytui(
        "entry", "add", "--session", "S1", "--first-name", "Di", "--family-name", "Oz", "--username", "Cand9",
        "--password-stdin", data=store.path, stdin="Secret123\n",
    )  # fmt: skip
    assert add.returncode == 3, "no change is written onto a tampered store"
    assert {p: p.read_bytes() for p in before} == before, "never written over"
    report = check_store(Store(store.path))
    assert not report.sound and str(path) in report.problems[0]
    assert run_entrytui("check", data=store.path).returncode == 1


def rows_of(store: Store):
    with store.reading() as db:
        return list(rows(db, "candidates"))


def test_a_document_edited_in_the_snapshot_is_refused(busy):
    raw = busy.path.read_bytes()
    assert b'"Ana"' in raw
    busy.path.write_bytes(raw.replace(b'"Ana"', b'"Anna"'))  # same layout, one name changed by hand
    refused_untouched(busy, busy.path, "changed outside entrytui")


def test_an_audit_event_removed_from_the_snapshot_is_refused(busy):
    data = json.loads(busy.path.read_bytes())
    old = data["meta"]["1"].pop("digest")
    data["audit"].pop(max(data["audit"], key=int))
    edited = snapshot.dump(data)  # entrytui's own layout...
    new = json.loads(edited)["meta"]["1"]["digest"]
    busy.path.write_bytes(edited.replace(new.encode(), old.encode()))  # ...with the checksum it had
    refused_untouched(busy, busy.path, "changed outside entrytui")


def journal_lines(store: Store) -> list[bytes]:
    return store.journal_path.read_bytes().splitlines(keepends=True)


def test_a_journal_line_rewritten_by_hand_is_damage(busy):
    lines = journal_lines(busy)
    lines[1] = lines[1].replace(b"Cand2", b"Cand7")  # its checksum no longer matches
    busy.journal_path.write_bytes(b"".join(lines))
    refused_untouched(busy, busy.journal_path, "damaged")


def test_a_journal_line_rewritten_with_its_checksum_recomputed_breaks_the_audit_chain(busy):
    lines = journal_lines(busy)
    ops = json.loads(lines[1][9:])
    for op in ops:
        if op[0] == "audit":
            op[2]["who"] = "someone-else"  # who did it, rewritten
    lines[1] = journal.encode(ops)
    busy.journal_path.write_bytes(b"".join(lines))
    refused_untouched(busy, busy.journal_path, "does not follow the one before it")


def test_a_journal_line_removed_is_refused(busy):
    lines = journal_lines(busy)
    del lines[2]  # Cy's entry, and its audit event
    busy.journal_path.write_bytes(b"".join(lines))
    refused_untouched(busy, busy.journal_path, "after a gap|does not follow")


def test_journal_lines_put_in_another_order_are_refused(busy):
    lines = journal_lines(busy)
    lines[1], lines[2] = lines[2], lines[1]
    busy.journal_path.write_bytes(b"".join(lines))
    refused_untouched(busy, busy.journal_path, "does not follow|after a gap|rewrites")


def test_an_event_removed_and_the_checksum_recomputed_is_still_named_by_check(busy):
    busy.compact()
    data = json.loads(busy.path.read_bytes())
    removed = sorted(data["audit"], key=int)[2]
    del data["audit"][removed]
    data["meta"]["1"].pop("digest")
    busy.path.write_bytes(snapshot.dump(data))  # a forger who knows the format: the file checks again
    assert rows_of(Store(busy.path)), "the file's checksum holds"
    report = check_store(Store(busy.path))
    assert f"audit event {int(removed) + 1}: the event before it ({removed}) is missing" in report.problems


def test_a_store_written_before_checksums_still_opens_and_gets_one_at_its_next_compaction(busy):
    busy.compact()
    data = json.loads(busy.path.read_bytes())
    data["meta"]["1"].pop("digest")
    busy.path.write_bytes(json.dumps(data).encode())  # TinyDB's own one-line layout, no checksum
    old = Store(busy.path)
    assert len(rows_of(old)) == 3 and check_store(old).sound
    old.compact()
    raw = busy.path.read_bytes()
    meta = json.loads(raw)["meta"]["1"]
    assert meta["digest"] == hashlib.sha256(raw[: raw.rindex(b'\n"meta":{\n') + 1]).hexdigest()


def test_a_journal_written_before_the_chain_still_replays_and_the_chain_starts_after_it(tmp_path):
    old = Store(tmp_path / "store.json")
    old.create({"institution": [{"institution_id": "GB123", "name": "Oxford"}], "audit": [{"action": "setup"}]})
    with old.transaction() as db:  # as a version without the chain wrote its events
        db.table("audit").insert({"action": "venue.add", "subject": "V1"})
    with old.transaction() as db:
        insert_chained(db, [{"action": "venue.edit", "subject": "V1"}])  # this version's first event
    assert len(list_audit(Store(old.path))) == 3, "replayed by a new process"
    assert check_store(Store(old.path)).sound
    with old.transaction() as db:
        db.table("audit").insert({"action": "venue.remove", "subject": "V1"})  # unchained after the chain
    with pytest.raises(Tampered, match="does not follow the one before it"):
        list_audit(Store(old.path))


def list_audit(store: Store) -> list[dict]:
    with store.reading() as db:
        return list(rows(db, "audit"))
