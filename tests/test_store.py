"""The store's promises within one process: atomic writes, no silent reset, private files."""

from __future__ import annotations

import errno
import json
import os
import stat
import threading
from operator import itemgetter

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tinydb import TinyDB

from entrytui.errors import StoreCorrupt, StoreError, StoreMissing, StorePermission
from entrytui.services.setup import init_store
from entrytui.store import Store
from entrytui.store.tables import Index
from helpers import CORRUPTIONS, corrupt


def venues(store: Store) -> int:
    with store.reading() as db:
        return len(db.table("venues"))


def mode_of(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_new_store_and_lock_are_private_whatever_the_umask(tmp_path):
    old = os.umask(0)
    try:
        store = Store(tmp_path / "s.json")
        init_store(store, "GB1", "Centre")
    finally:
        os.umask(old)
    for path in (store.path, store.lock_path, store.journal_path):
        assert mode_of(path) == 0o600, path


def test_a_group_shared_folder_gives_group_access(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o2770)
    store = Store(shared / "s.json")
    init_store(store, "GB1", "Centre")
    for path in (store.path, store.lock_path, store.journal_path):
        assert mode_of(path) == 0o660, path


def test_a_compaction_keeps_the_files_mode(store):
    os.chmod(store.path, 0o640)
    store.compact_minimum = 0  # compact at once
    with store.transaction() as db:
        db.table("venues").insert({"id": "V9", "name": "x"})
    assert store.journal_path.read_bytes().count(b"\n") == 1, "compacted: only the new journal's header"
    assert mode_of(store.path) == 0o640
    assert mode_of(store.journal_path) == 0o640


def test_the_file_is_plain_tinydb_json(store):
    with TinyDB(store.path, access_mode="r") as db:
        assert db.table("institution").all() == [{"institution_id": "GB123", "name": "Oxford Language Centre"}]


def test_an_exception_inside_a_transaction_writes_nothing_and_undoes_the_change_in_memory(store):
    before = store.path.read_bytes(), store.journal_path.read_bytes()
    with pytest.raises(ZeroDivisionError):
        with store.transaction() as db:
            db.table("venues").insert({"id": "V9", "name": "x"})
            db.table("venues").update({"name": "changed"}, doc_ids=[1])
            raise ZeroDivisionError  # any failure inside the block
    assert (store.path.read_bytes(), store.journal_path.read_bytes()) == before
    with store.reading() as db:
        assert [v["name"] for v in db.table("venues").all()] == ["Oxford Centre"]


def test_a_read_only_transaction_writes_nothing(store):
    before = store.path.read_bytes(), store.journal_path.read_bytes()
    with store.transaction() as db:
        db.table("venues").all()
    assert (store.path.read_bytes(), store.journal_path.read_bytes()) == before


def test_reading_refuses_changes(store):
    with pytest.raises(RuntimeError, match="read-only"):
        with store.reading() as db:
            db.table("venues").insert({"id": "V9"})


def test_a_change_by_another_process_is_seen_on_the_next_read(store):
    other = Store(store.path)
    assert venues(store) == 1
    with other.transaction() as db:
        db.table("venues").insert({"id": "V9", "name": "x"})
    assert venues(store) == 2


@pytest.mark.parametrize("kind", sorted(CORRUPTIONS))
def test_a_corrupt_store_is_reported_with_its_path_and_never_overwritten(store, kind):
    data = corrupt(store, kind)
    fresh = Store(store.path)
    with pytest.raises(StoreCorrupt, match=str(store.path)):
        venues(fresh)
    with pytest.raises(StoreCorrupt):
        with fresh.transaction() as db:
            db.table("venues").insert({"id": "V9"})
    with pytest.raises(StoreError):
        init_store(fresh, "GB9", "Other")
    assert store.path.read_bytes() == data


def test_a_missing_store_is_not_created_by_a_change(tmp_path):
    store = Store(tmp_path / "none.json")
    with pytest.raises(StoreMissing, match="entrytui init"):
        venues(store)
    with pytest.raises(StoreMissing):
        with store.transaction():
            pass
    assert not store.path.exists()


def test_create_refuses_an_existing_empty_file(tmp_path):
    path = tmp_path / "s.json"
    path.write_bytes(b"")
    with pytest.raises(StoreError):
        Store(path).create({})
    assert path.read_bytes() == b""


@pytest.mark.parametrize(
    "call, code, new_journal, sentence",
    [
        ("replace", errno.EIO, True, "cannot write the store .*: Input/output error"),
        ("replace", errno.EACCES, True, "cannot write the store .*: permission denied"),
        ("write", errno.ENOSPC, False, "cannot write the store .*: the disk is full; nothing was changed"),
        ("write", errno.ENOSPC, True, "cannot write the store .*: the disk is full; nothing was changed"),
        ("fsync", errno.EIO, False, "cannot write the store .*: Input/output error"),
        ("open", errno.EROFS, False, "cannot write the store .*: permission denied"),
    ],
)
def test_a_failed_write_changes_no_file_undoes_the_change_and_says_so_in_one_sentence(
    tmp_path, monkeypatch, call, code, new_journal, sentence
):
    store = Store(tmp_path / "store.json")
    init_store(store, "GB1", "Centre")
    if new_journal:  # the first change after the snapshot starts the journal (staged, renamed)
        store.journal_path.unlink()
        store = Store(store.path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    real = getattr(os, call)

    def fail(*args, **kwargs):
        if call == "open" and not str(args[0]).endswith(".journal"):
            return real(*args, **kwargs)
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, call, fail)
    with pytest.raises(StoreError, match=sentence):
        with store.transaction() as db:
            db.table("venues").insert({"id": "V9", "name": "x"})
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before, "no file changed, no temporary left"
    assert venues(store) == venues(Store(store.path)) == 0
    with store.transaction() as db:  # and the next change works
        db.table("venues").insert({"id": "V9", "name": "x"})
    assert venues(Store(store.path)) == 1


def test_a_compaction_that_fails_keeps_the_change_and_is_tried_again(store, monkeypatch):
    store.compact_minimum = 0
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full")))
    with store.transaction() as db:
        db.table("venues").insert({"id": "V9", "name": "x"})
    monkeypatch.undo()
    assert venues(Store(store.path)) == 2 and not list(store.path.parent.glob(".*.tmp"))
    generation = json.loads(store.path.read_bytes())["meta"]["1"]["generation"]
    with store.transaction() as db:
        db.table("venues").insert({"id": "V10", "name": "y"})
    assert json.loads(store.path.read_bytes())["meta"]["1"]["generation"] == generation + 1
    assert venues(Store(store.path)) == 3


def test_leftover_temporaries_of_a_dead_writer_are_swept(store):
    stale = store.path.with_name(f".{store.path.name}.999999.1.tmp")
    stale.write_text("half a store")
    with store.transaction() as db:
        db.table("venues").insert({"id": "V9", "name": "x"})
    assert not stale.exists()


def test_transactions_are_not_reentrant(store):
    with store.transaction():
        with pytest.raises(RuntimeError, match="re-entrant"):
            with store.transaction():
                pass


def test_a_store_anyone_can_write_is_refused_with_the_fix(store):
    os.chmod(store.path, 0o666)
    before = store.path.read_bytes()
    with pytest.raises(StorePermission, match=r"readable and writable by everyone \(mode 0666\).*chmod o-rwx"):
        venues(Store(store.path))
    with pytest.raises(StorePermission):
        with Store(store.path).transaction() as db:
            db.table("venues").insert({"id": "V9"})
    assert store.path.read_bytes() == before


def test_a_store_anyone_can_read_is_refused_too_it_holds_personal_data(store):
    os.chmod(store.path, 0o644)
    with pytest.raises(StorePermission, match=r"readable by everyone \(mode 0644\).*'chmod o-rwx "):
        venues(Store(store.path))
    os.chmod(store.path, 0o640)  # the operators' group may read: that is how a store is shared
    assert venues(Store(store.path)) == 1


def test_a_folder_anyone_can_write_is_refused_unless_sticky(store):
    folder = store.path.parent
    os.chmod(folder, 0o777)
    with pytest.raises(StorePermission, match="folder .* is writable by everyone"):
        venues(Store(store.path))
    os.chmod(folder, 0o1777)  # like /tmp: others cannot replace our files
    assert venues(Store(store.path)) == 1
    os.chmod(folder, 0o700)


@pytest.mark.skipif(os.getuid() != 0, reason="needs root to give the file to a stranger")
def test_a_store_of_a_stranger_is_refused(store):
    os.chown(store.path, 54321, 54321)
    with pytest.raises(StorePermission, match="belongs to user 54321 and group 54321"):
        venues(Store(store.path))


def test_a_link_planted_at_a_temporary_name_is_never_followed(tmp_path):
    from entrytui.files import Staged

    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    target = tmp_path / "slips.pdf"
    planted = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    planted.symlink_to(victim)
    staged = Staged(target, b"new content")
    staged.publish()
    assert victim.read_text() == "precious"
    assert target.read_bytes() == b"new content" and not target.is_symlink()


@given(st.dictionaries(st.integers(1, 500).map(str), st.fixed_dictionaries({"v": st.sampled_from("abcde")})))
def test_an_index_built_at_once_is_the_one_filing_each_document_makes(docs):
    """The index Sessions builds at start (Index.built) and the one kept up to date as
    documents change (Index.file) hold the same keys the same way."""
    filed = Index(itemgetter("v"))
    for doc_id, doc in docs.items():
        filed.file(doc_id, doc)
    built = Index.built(itemgetter("v"), docs)
    assert built.forward == filed.forward and built.reverse == filed.reverse
    for value in "abcdef":
        assert built.keys(value) == filed.keys(value)
