"""The store's promises within one process: atomic writes, no silent reset, private files."""

from __future__ import annotations

import errno
import os
import stat
import threading

import pytest
from tinydb import TinyDB

from entrytui.errors import StoreCorrupt, StoreError, StoreMissing, StorePermission
from entrytui.services.setup import init_store
from entrytui.store import Store

CORRUPTIONS = {
    "empty": b"",
    "truncated": None,  # the real store cut in half
    "garbage": b"\x00\xff\xfegarbage\n",
    "json list": b"[1, 2, 3]",
    "foreign json": b'{"_default": {"1": {"a": 1}}}',
}


def corrupt(store: Store, kind: str) -> bytes:
    data = CORRUPTIONS[kind]
    if data is None:
        data = store.path.read_bytes()[: store.path.stat().st_size // 2]
    store.path.write_bytes(data)
    return data


def mode_of(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_new_store_and_lock_are_private_whatever_the_umask(tmp_path):
    old = os.umask(0)
    try:
        store = Store(tmp_path / "s.json")
        init_store(store, "GB1", "Centre")
    finally:
        os.umask(old)
    assert mode_of(store.path) == 0o600
    assert mode_of(store.lock_path) == 0o600


def test_a_group_shared_folder_gives_group_access(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o2770)
    store = Store(shared / "s.json")
    init_store(store, "GB1", "Centre")
    assert mode_of(store.path) == 0o660
    assert mode_of(store.lock_path) == 0o660


def test_a_rewrite_keeps_the_files_mode(store):
    os.chmod(store.path, 0o640)
    with store.transaction() as db:
        db.table("venues").insert({"id": "V9", "name": "x"})
    assert mode_of(store.path) == 0o640


def test_the_file_is_plain_tinydb_json(store):
    with TinyDB(store.path, access_mode="r") as db:
        assert db.table("institution").all() == [{"institution_id": "GB123", "name": "Oxford Language Centre"}]


def test_an_exception_inside_a_transaction_writes_nothing(store):
    before = store.path.read_bytes()
    with pytest.raises(ZeroDivisionError):
        with store.transaction() as db:
            db.table("venues").insert({"id": "V9", "name": "x"})
            1 / 0
    assert store.path.read_bytes() == before


def test_a_read_only_transaction_does_not_rewrite_the_file(store):
    before = os.stat(store.path)
    with store.transaction() as db:
        db.table("venues").all()
    assert os.stat(store.path).st_ino == before.st_ino


def test_snapshots_refuse_changes(store):
    with pytest.raises(RuntimeError, match="read-only"):
        store.read().table("venues").insert({"id": "V9"})


def test_a_change_by_another_process_is_seen_on_the_next_read(store):
    other = Store(store.path)
    assert len(store.read().table("venues")) == 1
    with other.transaction() as db:
        db.table("venues").insert({"id": "V9", "name": "x"})
    assert len(store.read().table("venues")) == 2


@pytest.mark.parametrize("kind", sorted(CORRUPTIONS))
def test_a_corrupt_store_is_reported_with_its_path_and_never_overwritten(store, kind):
    data = corrupt(store, kind)
    fresh = Store(store.path)
    with pytest.raises(StoreCorrupt, match=str(store.path)):
        fresh.read()
    with pytest.raises(StoreCorrupt):
        with fresh.transaction() as db:
            db.table("venues").insert({"id": "V9"})
    with pytest.raises(StoreError):
        init_store(fresh, "GB9", "Other")
    assert store.path.read_bytes() == data


def test_a_missing_store_is_not_created_by_a_change(tmp_path):
    store = Store(tmp_path / "none.json")
    with pytest.raises(StoreMissing, match="entrytui init"):
        store.read()
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
    "call, code, sentence",
    [
        ("replace", errno.EIO, "cannot write the store .*: Input/output error"),
        ("replace", errno.EACCES, "cannot write the store .*: permission denied"),
        ("write", errno.ENOSPC, "cannot write the store .*: the disk is full; nothing was changed"),
        ("fsync", errno.EIO, "cannot write the store .*: Input/output error"),
    ],
)
def test_a_failed_write_leaves_the_old_store_no_temporary_and_one_clear_sentence(store, monkeypatch, call, code, sentence):
    before = store.path.read_bytes()

    def fail(*_):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, call, fail)
    with pytest.raises(StoreError, match=sentence):
        with store.transaction() as db:
            db.table("venues").insert({"id": "V9", "name": "x"})
    monkeypatch.undo()
    assert store.path.read_bytes() == before
    assert sorted(p.name for p in store.path.parent.iterdir()) == ["store.json", "store.json.lock"]


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
    with pytest.raises(StorePermission, match=r"writable by everyone \(mode 0666\).*chmod o-w"):
        Store(store.path).read()
    with pytest.raises(StorePermission):
        with Store(store.path).transaction() as db:
            db.table("venues").insert({"id": "V9"})
    assert store.path.read_bytes() == before


def test_a_folder_anyone_can_write_is_refused_unless_sticky(store):
    folder = store.path.parent
    os.chmod(folder, 0o777)
    with pytest.raises(StorePermission, match="folder .* is writable by everyone"):
        Store(store.path).read()
    os.chmod(folder, 0o1777)  # like /tmp: others cannot replace our files
    assert Store(store.path).read().table("venues").all()
    os.chmod(folder, 0o700)


@pytest.mark.skipif(os.getuid() != 0, reason="needs root to give the file to a stranger")
def test_a_store_of_a_stranger_is_refused(store):
    os.chown(store.path, 54321, 54321)
    with pytest.raises(StorePermission, match="belongs to user 54321 and group 54321"):
        Store(store.path).read()


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
