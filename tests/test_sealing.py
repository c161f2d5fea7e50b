"""Sealed passwords (issue 14, PRODUCT §7-§8): the key in its own file, a store without its
key revealing nothing and still listing everything, a sealed value bound to its candidate,
version 1 hashes still checking, and a slip's PDF and CSV written together or not at all."""

from __future__ import annotations

import os
import shutil
import stat
from concurrent.futures import ProcessPoolExecutor

import pytest

from entrytui import files
from entrytui.errors import InputRefused, KeyMissing, NoPasswordToShow, PasswordUnreadable, StorePermission
from entrytui.passwords import hash_password, seal, unseal
from entrytui.services.candidate_edits import list_candidates
from entrytui.services.candidates import password_matches
from entrytui.services.entries import add_entry, list_entries
from entrytui.services.login_information import produce_login_information
from entrytui.services.sessions import list_sessions
from entrytui.store import Store, update_where
from entrytui.store.keyfile import KEY_ENV, create_key, read_key
from helpers import build_store, pages, run_entrytui


@pytest.fixture
def ana(store) -> Store:
    add_entry(store, "S1", first_name="Ana", family_name="Silva", username="Cand1", password="Secret123")
    add_entry(store, "S1", first_name="Bo", family_name="Li", username="Cand2", password="Other4567")
    return store


def test_init_makes_a_private_key_beside_the_store_and_it_never_enters_the_store(ana):
    key_file = ana.path.with_name("store.json.key")
    assert ana.key_path == key_file and stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    key = read_key(key_file)
    assert key is not None and len(key) == 32
    for path in ana.path.parent.iterdir():
        if path != key_file:
            data = path.read_bytes()
            assert key not in data and key_file.read_bytes().split()[1] not in data, path
            assert b"Secret123" not in data and b"Other4567" not in data, path


def test_a_copy_of_the_store_without_its_key_lists_everything_and_refuses_every_password(ana, tmp_path):
    copy = tmp_path / "copy"
    copy.mkdir()
    for name in ("store.json", "store.json.journal"):
        shutil.copy(ana.path.with_name(name), copy / name)
    alone = Store(copy / "store.json")
    assert [s.session.id for s in list_sessions(alone)] == ["S1"]
    assert {c.candidate.username for c in list_candidates(alone)} == {"Cand1", "Cand2"}
    assert len(list_entries(alone, "S1")) == 2
    with pytest.raises(KeyMissing, match="store.json.key is missing"):
        password_matches(alone, "Cand1", "Secret123")
    with pytest.raises(KeyMissing, match="holds passwords sealed with it"):
        add_entry(alone, "S1", first_name="Cy", family_name="Ng", username="Cand3", password="Secret123")
    with pytest.raises(KeyMissing):
        produce_login_information(alone, "S1", tmp_path / "s.pdf")
    assert not (tmp_path / "s.pdf").exists() and not (copy / "store.json.key").exists(), "no new key made"
    check = run_entrytui("login", "check", "--username=Cand1", "--password-stdin", data=alone.path, stdin="Secret123\n")
    assert check.returncode == 3 and "key" in check.stderr and "Secret123" not in check.stderr
    listed = run_entrytui("entry", "list", "--session", "S1", data=alone.path)
    assert listed.returncode == 0 and "Cand1" in listed.stdout


def test_entrytui_key_points_elsewhere_and_a_key_others_may_read_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv(KEY_ENV, str(tmp_path / "keys" / "centre.key"))
    (tmp_path / "keys").mkdir()
    store = build_store(tmp_path / "data" / "store.json")
    assert store.key_path == tmp_path / "keys" / "centre.key" and store.key_path.exists()
    assert not (tmp_path / "data" / "store.json.key").exists()
    add_entry(store, "S1", first_name="Ana", family_name="Silva", username="Cand1", password="Secret123")
    os.chmod(store.key_path, 0o644)
    with pytest.raises(StorePermission, match="chmod o-rw"):
        password_matches(Store(store.path), "Cand1", "Secret123")


def test_a_sealed_password_does_not_open_for_another_candidate_or_under_another_key(ana, tmp_path):
    key = ana.key()
    sealed = seal(key, "C1", "Secret123")
    assert unseal(key, "C1", sealed) == "Secret123"
    assert seal(key, "C1", "Secret123") != sealed, "a fresh nonce each time"
    with pytest.raises(PasswordUnreadable, match="copied from another candidate"):
        unseal(key, "C2", sealed)
    other = create_key(tmp_path / "other.key")
    with pytest.raises(PasswordUnreadable, match="sealed with another key"):
        unseal(other, "C1", sealed)
    with ana.transaction() as db:  # someone pastes Ana's sealed password onto Bo's record
        update_where(db, "candidates", "id", "C2", {"password_sealed": sealed})
    with pytest.raises(PasswordUnreadable):
        password_matches(Store(ana.path), "Cand2", "Secret123")


def test_a_version_1_store_still_checks_and_its_slips_ask_for_new_passwords_naming_them(ana, tmp_path):
    with ana.transaction() as db:  # Bo as a v1 store holds him: a scrypt hash, nothing sealed
        update_where(db, "candidates", "id", "C2", {"password_hash": hash_password("Other4567"), "password_sealed": ""})
    store = Store(ana.path)
    assert password_matches(store, "Cand2", "Other4567") and not password_matches(store, "Cand2", "Other4568")
    with pytest.raises(NoPasswordToShow, match=r"1 of the chosen candidates .*: Bo Li \(Cand2\)") as refused:
        produce_login_information(store, "S1", tmp_path / "s.pdf")
    assert refused.value.names == ["Bo Li (Cand2)"] and not (tmp_path / "s.pdf").exists()
    result = produce_login_information(store, "S1", tmp_path / "s.pdf", reset="missing")
    assert result.reset == ["Cand2"]
    ana_slip, bo_slip = pages(tmp_path / "s.pdf")
    assert ana_slip["Password"] == "Secret123", "hers kept"
    assert password_matches(store, "Cand2", bo_slip["Password"]) and not password_matches(store, "Cand2", "Other4567")
    with store.reading() as db:
        assert db.table("candidates").get(doc_id=2)["password_hash"] == "", "the old hash is gone"
    cli = run_entrytui("logins", "--session", "S1", "--pdf", str(tmp_path / "c.pdf"), data=store.path)
    assert cli.returncode == 0, "every candidate has a sealed password now"


def test_a_v1_store_without_a_key_gets_one_at_the_first_password_it_needs(tmp_path):
    store = build_store(tmp_path / "store.json")
    store.key_path.unlink()
    fresh = Store(store.path)
    add_entry(fresh, "S1", first_name="Ana", family_name="Silva", username="Cand1", password="Secret123")
    assert fresh.key_path.exists() and password_matches(Store(store.path), "Cand1", "Secret123")


def _create(path: str) -> bytes:
    return create_key(__import__("pathlib").Path(path))


def test_operators_creating_the_key_at_once_end_with_one_key(tmp_path):
    with ProcessPoolExecutor(4) as pool:
        keys = list(pool.map(_create, [str(tmp_path / "k.key")] * 8))
    assert len(set(keys)) == 1 and read_key(tmp_path / "k.key") == keys[0]
    assert [p.name for p in tmp_path.iterdir()] == ["k.key"], "no temporary file left"


def test_the_pdf_and_the_csv_are_written_together_or_not_at_all(ana, tmp_path, monkeypatch):
    (tmp_path / "s.pdf").write_bytes(b"yesterday's slips")
    publish = files.Staged.publish

    def csv_fails(self):
        if self.target.suffix == ".csv":
            raise OSError(28, "No space left on device")
        publish(self)

    monkeypatch.setattr(files.Staged, "publish", csv_fails)
    with pytest.raises(InputRefused, match=r"s\.csv: No space left on device; neither file was written"):
        produce_login_information(ana, "S1", tmp_path / "s.pdf", tmp_path / "s.csv", reset="all")
    assert (tmp_path / "s.pdf").read_bytes() == b"yesterday's slips", "the old PDF put back"
    assert not (tmp_path / "s.csv").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    monkeypatch.undo()
    again = produce_login_information(ana, "S1", tmp_path / "s.pdf", tmp_path / "s.csv")  # the way back
    assert again.reset == [] and all(password_matches(ana, s["User ID"], s["Password"]) for s in pages(again.pdf))
