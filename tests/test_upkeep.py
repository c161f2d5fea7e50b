"""``entrytui check`` and ``entrytui backup`` (issue 16, PRODUCT §8-§9): each problem named by
its document and field, and a backup taken while writers run that is itself a sound store
holding every change acknowledged before it began."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import threading
import time

import pytest

from entrytui.services.candidates import password_matches
from entrytui.services.check import check_store
from entrytui.services.entries import add_entry
from entrytui.store import Store, rows, update_where, write_backup
from helpers import WORKERS, child_env, run_entrytui


@pytest.fixture
def two(store) -> Store:
    add_entry(store, "S1", first_name="Ana", family_name="Silva", username="Cand1", password="Secret123")
    add_entry(store, "S1", first_name="Bo", family_name="Li", username="Cand2", password="Other4567")
    return store


def test_a_sound_store_checks_sound_and_says_what_was_counted(two):
    report = check_store(two)
    assert report.sound and report.problems == []
    assert report.counted["entries"] == 2 and report.counted["sealed passwords opened"] == 2
    done = run_entrytui("check", data=two.path)
    assert done.returncode == 0 and done.stdout.startswith("sound: "), done
    assert "sealed passwords opened 2" in done.stdout


def test_each_broken_promise_is_named_by_document_and_field(two):
    with two.transaction() as db:
        entries = {e["entry_code"]: e for e in rows(db, "entries")}
        first, second = list(entries)
        update_where(db, "entries", "entry_code", second, {"entry_code": first})  # a code twice
        db.table("entries").insert({**entries[first], "id": "E9", "entry_code": "ORPHAN01", "session_id": "S7"})
        db.table("entries").insert({**entries[first], "id": "E10", "entry_code": "TWICE001"})  # Ana twice in S1
        update_where(db, "candidates", "id", "C2", {"username": "Cand1"})  # a username twice
        sealed = next(c for c in rows(db, "candidates") if c["id"] == "C1")["password_sealed"]
        update_where(db, "candidates", "id", "C2", {"password_sealed": sealed})  # moved onto Bo
        update_where(db, "sessions", "id", "S1", {"venue_id": "V404"})
    report = check_store(Store(two.path))
    text = "\n".join(report.problems)
    assert f"entries: entry code '{first}' is held by more than one entry" in text
    assert "entry E9 (ORPHAN01): session_id 'S7' is no session" in text
    assert "candidates: username 'Cand1' is held by more than one candidate" in text
    assert "entries: candidate C1 has 2 active entries in session S1" in text
    assert "candidate C2 (Cand1): password_sealed:" in text and "copied from another candidate" in text
    assert "session S1: venue_id 'V404' is no venue" in text
    cli = run_entrytui("check", data=two.path)
    assert cli.returncode == 1 and cli.stdout.count("\n") == len(report.problems), cli.stdout
    assert "problems in" in cli.stderr


def test_a_damaged_journal_line_is_a_problem_not_a_crash(two):
    raw = bytearray(two.journal_path.read_bytes())
    at = raw.index(b"Cand2")
    raw[at : at + 5] = b"Cand9"  # edited by hand: the line's checksum no longer matches
    two.journal_path.write_bytes(bytes(raw))
    report = check_store(Store(two.path))
    assert not report.sound and "journal" in report.problems[0] and "damaged" in report.problems[0]
    assert run_entrytui("check", data=two.path).returncode == 1


def test_a_backup_is_private_a_store_of_its_own_and_leaves_the_key_out_unless_asked(two, tmp_path):
    (tmp_path / "b").mkdir()
    made = write_backup(two, tmp_path / "b" / "backup.json")
    assert stat.S_IMODE(os.stat(made.path).st_mode) == 0o600 and made.key is None
    copy = Store(made.path)
    assert not copy.key_path.exists(), "the key left out"
    assert check_store(copy).sound and "not opened" in check_store(copy).notes[0]
    listed = run_entrytui("entry", "list", "--session", "S1", data=made.path)
    assert listed.returncode == 0 and "Cand2" in listed.stdout
    with_key = run_entrytui("backup", str(tmp_path / "b" / "full.json"), "--with-key", data=two.path)
    assert with_key.returncode == 0, with_key.stderr
    full = Store(tmp_path / "b" / "full.json")
    assert stat.S_IMODE(os.stat(full.key_path).st_mode) == 0o600
    assert password_matches(full, "Cand1", "Secret123") and check_store(full).counted["sealed passwords opened"] == 2
    refused = run_entrytui("backup", str(two.path), data=two.path)
    assert refused.returncode == 1 and "would replace the store's own file" in refused.stderr


def test_a_backup_taken_while_four_writers_commit_holds_every_change_acknowledged_before_it(two, tmp_path):
    writers = [
        subprocess.Popen(
            [sys.executable, str(WORKERS), "raw-writes", str(two.path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=child_env(),
        )
        for _ in range(4)
    ]
    acknowledged: list[str] = []
    guard = threading.Lock()

    def read(worker):
        for line in worker.stdout:
            with guard:
                acknowledged.append(line.strip())

    readers = [threading.Thread(target=read, args=(w,), daemon=True) for w in writers]
    for reader in readers:
        reader.start()
    try:
        deadline = time.monotonic() + 60
        while len(acknowledged) < 200 and time.monotonic() < deadline:
            time.sleep(0.05)
        with guard:
            before = {a for a in acknowledged if a != "ready"}
        made = write_backup(Store(two.path), tmp_path / "backup.json")
        time.sleep(0.3)  # the writers went on meanwhile
    finally:
        for w in writers:
            w.send_signal(signal.SIGKILL)
            w.wait()
    assert len(before) >= 200, "the writers were committing"
    copy = Store(made.path)
    with copy.reading() as db:
        kept = {d["key"] for d in rows(db, "torture")}
    assert before <= kept, f"{len(before - kept)} acknowledged changes missing"
    assert check_store(copy).sound
    assert len(acknowledged) > len(before), "they went on after the backup"


def test_an_index_that_no_longer_matches_its_table_is_named(two):
    from entrytui.store.tables import tables_of  # the index itself is broken on purpose here

    with two.reading() as db:
        assert check_store(two).sound  # builds the indexes the services use
        index = tables_of(db.storage)._indexes[("entries", "entry_code")]
        doc_id = next(iter(index.reverse))
        index.reverse[doc_id] = "NOTACODE"  # as a bug in keeping it up to date would leave it
    report = check_store(two)
    assert any("the index of entries by entry_code differs from a scan" in p for p in report.problems), report
