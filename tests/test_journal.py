"""The snapshot + journal store: a write costs what changed, readers catch up with what
changed, compactions, torn and damaged lines, and the tables shared by threads."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from entrytui.errors import StoreCorrupt, StorePermission
from entrytui.services.entries import add_entry, list_entries
from entrytui.services.sessions import list_sessions
from entrytui.store import Store, find, journal, rows, snapshot

ANA = dict(first_name="Ana", family_name="Silva", password="Secret123")


def add_venue_doc(store: Store, name: str) -> None:
    with store.transaction() as db:
        db.table("venues").insert({"id": name, "name": name})


def venue_names(store: Store) -> list[str]:
    with store.reading() as db:
        return [v["name"] for v in rows(db, "venues")]


def generation(store: Store) -> int:
    return json.loads(store.path.read_bytes())["meta"]["1"]["generation"]


def count_snapshot_reads(store: Store, monkeypatch) -> list:
    calls = []
    real = store._load_snapshot
    monkeypatch.setattr(store, "_load_snapshot", lambda: (calls.append(1), real())[1])
    return calls


def test_a_change_appends_one_line_and_leaves_the_snapshot_alone(store):
    snapshot = os.stat(store.path)
    lines = store.journal_path.read_bytes().count(b"\n")
    add_venue_doc(store, "Cambridge")
    assert store.journal_path.read_bytes().count(b"\n") == lines + 1
    after = os.stat(store.path)
    assert (after.st_ino, after.st_mtime_ns) == (snapshot.st_ino, snapshot.st_mtime_ns)
    last = store.journal_path.read_bytes().splitlines()[-1]
    ops = json.loads(last[9:])
    assert [op[0] for op in ops] == ["venues"], "only what changed"


def test_another_process_catches_up_with_the_new_lines_only(store, monkeypatch):
    other = Store(store.path)
    assert venue_names(other) == ["Oxford Centre"]
    reads = count_snapshot_reads(other, monkeypatch)
    seen = []
    real = journal.read_changes
    monkeypatch.setattr(journal, "read_changes", lambda raw, start: (seen.append(len(raw)), real(raw, start))[1])
    add_venue_doc(store, "Cambridge")
    seen.clear()  # the writer's own catch-up
    assert venue_names(other) == ["Oxford Centre", "Cambridge"]
    assert reads == [] and len(seen) == 1
    assert seen[0] == len(store.journal_path.read_bytes().splitlines(keepends=True)[-1])
    assert venue_names(other) == ["Oxford Centre", "Cambridge"]
    assert len(seen) == 1, "nothing changed: not even the journal is read"


def test_a_compaction_makes_the_next_snapshot_and_a_reader_that_was_up_to_date_keeps_its_tables(store, monkeypatch):
    other = Store(store.path)
    venue_names(other)
    reads = count_snapshot_reads(other, monkeypatch)
    before = generation(store)
    store.compact_minimum = 0
    add_venue_doc(store, "Cambridge")
    assert generation(store) == before + 1
    header = journal.read_header(store.journal_path.read_bytes())
    assert header.generation == before + 1 and header.compacted_from[0] == before
    assert store.journal_path.read_bytes().count(b"\n") == 1
    # `other` had read everything but the last line: it reads that from the previous journal
    assert venue_names(other) == ["Oxford Centre", "Cambridge"] and reads == []
    add_venue_doc(store, "Ely")
    assert venue_names(other) == ["Oxford Centre", "Cambridge", "Ely"] and reads == []
    # without the previous journal, it reads the new snapshot
    add_venue_doc(store, "Wells")
    store.compact()
    store.previous_path.unlink()
    assert venue_names(other)[-1] == "Wells" and len(reads) == 1
    add_venue_doc(Store(store.path), "York")
    assert venue_names(Store(store.path)) == ["Oxford Centre", "Cambridge", "Ely", "Wells", "York"]


def test_a_compaction_adopted_without_rereading_when_the_reader_had_every_line(store, monkeypatch):
    other = Store(store.path)
    store.compact_minimum = 10**9
    add_venue_doc(store, "Cambridge")
    venue_names(other)  # up to date with the journal, not compacted yet
    reads = count_snapshot_reads(other, monkeypatch)
    store._compact()
    assert venue_names(other) == ["Oxford Centre", "Cambridge"] and reads == []
    add_venue_doc(store, "Ely")
    assert venue_names(other) == ["Oxford Centre", "Cambridge", "Ely"] and reads == []


def test_a_crash_between_the_compactions_two_renames_loses_nothing(store, tmp_path):
    add_venue_doc(store, "Cambridge")
    old_journal = store.journal_path.read_bytes()
    store._compact()
    store.journal_path.write_bytes(old_journal)  # as if the journal's rename never happened
    fresh = Store(store.path)
    assert venue_names(fresh) == ["Oxford Centre", "Cambridge"], "the stale journal is not applied twice"
    add_venue_doc(fresh, "Ely")
    assert journal.read_header(store.journal_path.read_bytes()).generation == generation(store)
    assert venue_names(Store(store.path)) == ["Oxford Centre", "Cambridge", "Ely"]
    assert venue_names(store) == ["Oxford Centre", "Cambridge", "Ely"]


def test_a_torn_last_line_is_ignored_by_readers_and_cut_off_by_the_next_writer(store):
    add_venue_doc(store, "Cambridge")
    whole = store.journal_path.read_bytes()
    torn = journal.encode([["venues", "99", {"id": "X", "name": "never acknowledged"}]])
    with open(store.journal_path, "ab") as handle:
        handle.write(torn[: len(torn) // 2])
    assert venue_names(Store(store.path)) == ["Oxford Centre", "Cambridge"]
    assert store.journal_path.read_bytes() == whole + torn[: len(torn) // 2], "a reader changes nothing"
    writer = Store(store.path)
    add_venue_doc(writer, "Ely")
    assert store.journal_path.read_bytes().startswith(whole)
    assert venue_names(Store(store.path)) == ["Oxford Centre", "Cambridge", "Ely"]
    assert venue_names(store) == ["Oxford Centre", "Cambridge", "Ely"]


@pytest.mark.parametrize("damage", ["flipped byte", "empty", "no header", "newer generation"])
def test_a_damaged_journal_is_reported_and_left_untouched(store, damage):
    add_venue_doc(store, "Cambridge")
    add_venue_doc(store, "Ely")
    raw = bytearray(store.journal_path.read_bytes())
    if damage == "flipped byte":
        second = raw.index(b"\n") + 1
        raw[second + 20] ^= 0x01
        where = f"damaged at byte {second}"
    elif damage == "empty":
        raw, where = bytearray(), "empty"
    elif damage == "no header":
        raw, where = raw[raw.index(b"\n") + 1 :], "not an entrytui journal header"
    else:
        raw = bytearray(journal.header_line(generation(store) + 5))
        where = "newer than the store"
    store.journal_path.write_bytes(raw)
    before = store.path.read_bytes()
    fresh = Store(store.path)
    with pytest.raises(StoreCorrupt, match=where):
        venue_names(fresh)
    with pytest.raises(StoreCorrupt, match=str(store.journal_path)):
        add_venue_doc(fresh, "York")
    assert store.journal_path.read_bytes() == raw and store.path.read_bytes() == before


def test_a_store_without_a_journal_or_generation_is_read_and_journaled(tmp_path):
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"meta": {"1": {"schema": 1}}, "venues": {"1": {"id": "V1", "name": "Old"}}}))
    os.chmod(path, 0o600)
    store = Store(path)
    assert venue_names(store) == ["Old"]
    add_venue_doc(store, "New")
    assert journal.read_header(store.journal_path.read_bytes()).generation == 0
    assert venue_names(Store(path)) == ["Old", "New"]


def test_a_journal_anyone_can_write_is_refused(store):
    os.chmod(store.journal_path, 0o666)
    with pytest.raises(StorePermission, match="journal.*readable and writable by everyone"):
        venue_names(Store(store.path))


def test_threads_read_while_another_thread_writes(store):
    """The UI reads in worker threads while a save runs in another: no half-done change is
    seen and no 'dictionary changed size during iteration'."""
    failures, done = [], threading.Event()

    def reader():
        while not done.is_set():
            try:
                (summary,) = list_sessions(store)
                shown = list_entries(store, "S1")
                assert summary.active <= len(shown) + 1
            except Exception as exc:  # noqa: BLE001 - reported below
                failures.append(exc)
                return

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for thread in threads:
        thread.start()
    for n in range(30):
        add_entry(store, "S1", username=f"Cand{n:03d}", **ANA)
    done.set()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(list_entries(Store(store.path), "S1")) == 30


def test_a_backup_copy_of_both_files_opens_elsewhere(store, tmp_path):
    add_venue_doc(store, "Cambridge")
    copy = tmp_path / "copy"
    copy.mkdir(mode=0o700)
    for path in (store.path, store.journal_path):
        shutil.copy2(path, copy / path.name)
    assert venue_names(Store(copy / store.path.name)) == ["Oxford Centre", "Cambridge"]


# ---- the tables in memory against a plain model ---------------------------------

OPS = st.lists(
    st.tuples(st.sampled_from(["insert", "update", "remove", "fail"]), st.integers(0, 7), st.sampled_from("abc")),
    min_size=1,
    max_size=25,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(OPS)
def test_tables_indexes_and_journal_agree_with_a_plain_model(tmp_path_factory, ops):
    """Random inserts, updates, removes and failed transactions (undone): the indexed
    lookups match a scan, and a fresh process replaying the journal sees the same tables."""
    path = tmp_path_factory.mktemp("model") / "store.json"
    store = Store(path)
    store.create({})
    store.compact_minimum = 2_000
    for action, number, colour in ops:
        try:
            with store.transaction() as db:
                table = db.table("things")
                ids = sorted(int(k) for k in db.storage.read().get("things", {}))
                if action == "insert":
                    table.insert({"n": number, "colour": colour})
                elif action == "update" and ids:
                    table.update({"colour": colour}, doc_ids=[ids[number % len(ids)]])
                elif action == "remove" and ids:
                    table.remove(doc_ids=[ids[number % len(ids)]])
                elif action == "fail":
                    table.insert({"n": -1, "colour": colour})
                    raise KeyError("undo me")
                for value in "abc":
                    scan = [d for d in rows(db, "things") if d["colour"] == value]
                    assert find(db, "things", "colour", value) == scan
        except KeyError:
            pass
    with store.reading() as db:
        mine = {k: dict(v) for k, v in db.storage.read().get("things", {}).items()}
    with Store(path).reading() as db:
        theirs = {k: dict(v) for k, v in db.storage.read().get("things", {}).items()}
    assert mine == theirs
    assert all(d["n"] != -1 for d in mine.values())


# ---- the snapshot's chunked layout ---------------------------------------------

DOCS = st.dictionaries(st.text(max_size=5), st.one_of(st.text(), st.integers(), st.none()), max_size=3)


@settings(max_examples=80, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=8), st.lists(DOCS, max_size=7), max_size=4), st.integers(1, 4))
def test_the_chunked_snapshot_is_the_same_json_read_either_way(tables, chunk):
    data = {name: {str(i): doc for i, doc in enumerate(docs, 1)} for name, docs in tables.items()}
    original = snapshot.CHUNK
    snapshot.CHUNK = chunk
    try:
        raw = snapshot.dump(data)
    finally:
        snapshot.CHUNK = original
    meta = data.get("meta", {})
    digest = hashlib.sha256(raw[: raw.rindex(b'\n"meta":{\n') + 1]).hexdigest()
    expected = {**data, "meta": {**meta, "1": {**meta.get("1", {}), "digest": digest}}}  # of all before it
    assert json.loads(raw) == expected
    assert snapshot._parse_chunks(raw) == expected, "read a chunk at a time"


@pytest.mark.parametrize(
    "raw",
    [
        b'{"meta": {"1": {"schema": 1}}}',  # TinyDB's own layout: read whole
        b'{\n"meta":{\n"1":{"schema":1}\n}\n}\n',
    ],
)
def test_other_layouts_are_read_whole(raw):
    assert snapshot.parse(raw) == {"meta": {"1": {"schema": 1}}}


@pytest.mark.parametrize(
    "raw",
    [
        b'{\n"meta":{\n"1":{"schema":1},\n}\n}\n',  # a comma after the last chunk
        b'{\n"meta":{\n"1":{"schema":1}\n}\n"x":{\n}\n}\n',  # no comma between tables
        b'{\n"meta":{\n"1":{"schema":1}\n',  # cut short
    ],
)
def test_a_damaged_chunked_snapshot_is_refused_like_any_bad_json(raw):
    with pytest.raises(ValueError):
        snapshot.parse(raw)


def test_a_damaged_journal_is_reported_on_every_read_not_only_the_first(store):
    reader = Store(store.path)
    venue_names(reader)
    add_venue_doc(store, "Cambridge")
    raw = bytearray(store.journal_path.read_bytes())
    raw[-10] ^= 0x01  # damage the last, complete line
    store.journal_path.write_bytes(raw)
    for _ in range(2):
        with pytest.raises(StoreCorrupt, match="damaged"):
            venue_names(reader)
