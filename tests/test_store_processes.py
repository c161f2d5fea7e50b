"""The store's promises proven with real processes: concurrent writers, SIGKILL, a held lock."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from entrytui.errors import StoreLocked
from entrytui.services.entries import list_entries
from entrytui.store import Store
from helpers import WORKERS, child_env, run_entrytui

ENV = child_env()


def spawn(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(WORKERS), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV
    )


@pytest.mark.slow
def test_four_processes_adding_at_once_lose_nothing_and_never_share_a_code(store):
    per_worker = 25
    workers = [spawn("add-entries", str(store.path), "S1", f"w{n}", str(per_worker)) for n in range(4)]
    acknowledged = []
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err
        acknowledged += out.split()
    rows = list_entries(Store(store.path), "S1")
    codes = [r.entry.entry_code for r in rows]
    assert len(acknowledged) == 4 * per_worker
    assert sorted(codes) == sorted(acknowledged)
    assert len(set(codes)) == len(codes)
    assert len({r.candidate.username for r in rows}) == 4 * per_worker


@pytest.mark.slow
def test_four_cli_processes_at_once_lose_nothing(store):
    def add(n: int) -> subprocess.Popen:
        cmd = [
            sys.executable,
            "-m",
            "entrytui",
            "--data",
            str(store.path),
            "entry",
            "add",
            "--session",
            "S1",
            "--first-name",
            "Bo",
            "--family-name",
            "Li",
            "--username",
            f"cli{n}",
            "--password-stdin",
        ]
        proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV
        )
        proc.stdin.write("Secret123\n")
        proc.stdin.close()
        return proc

    procs = [add(n) for n in range(12)]
    codes = []
    for proc in procs:
        proc.wait(timeout=120)
        assert proc.returncode == 0, proc.stderr.read()
        codes.append(proc.stdout.read().strip())
    assert sorted(r.entry.entry_code for r in list_entries(Store(store.path), "S1")) == sorted(codes)


def _fill(store: Store, documents: int) -> None:
    with store.transaction() as db:
        db.table("filler").insert_multiple({"n": i, "text": "x" * 400} for i in range(documents))


@pytest.mark.slow
@pytest.mark.parametrize("compaction", ["", "compaction"], ids=["appending", "compacting"])
def test_sigkill_at_random_moments_never_leaves_an_unreadable_store(store, compaction):
    """A writer commits in a loop (compacting the journal into a new snapshot after every
    commit, in the second run) and is killed at a random moment, many times over.

    After every kill the store must parse, hold every change the writer acknowledged,
    and hold at most one more (the commit that was under way when it died).
    """
    _fill(store, 3000)  # about 1.5 MB, so a compaction takes a good share of each cycle
    rng = random.Random(20261125)
    acknowledged: set[str] = set()
    trials, mid_fold, torn, between = int(os.environ.get("ENTRYTUI_KILL_TRIALS", "40")), 0, 0, 0
    for _ in range(trials):
        writer = spawn("raw-writes", str(store.path), compaction)
        assert writer.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.25))
        writer.send_signal(signal.SIGKILL)
        out, _ = writer.communicate(timeout=30)
        acknowledged |= set(out.split())
        mid_fold += any(store.path.parent.glob(".store.json*.tmp"))
        if store.journal_path.exists():  # not between a compaction's renaming it aside and its successor
            torn += not store.journal_path.read_bytes().endswith(b"\n")
        else:
            between += 1
        with Store(store.path).reading() as db:
            present = {doc["key"] for doc in db.table("torture").all()}
        assert acknowledged <= present
        assert len(present - acknowledged) <= 1
        acknowledged = present
    print(
        f"{trials} kills ({compaction or 'appending'}): {mid_fold} during a compaction ({between} between its journal "
        f"renames), {torn} left a torn journal line, {len(acknowledged)} commits kept"
    )


def test_a_lock_held_too_long_is_reported_and_nothing_changes(store):
    holder = spawn("hold-lock", str(store.path), "30")
    try:
        assert holder.stdout.readline().strip() == "locked"
        before = store.path.read_bytes()
        started = time.monotonic()
        with pytest.raises(StoreLocked, match="locked by another operator"):
            with Store(store.path, lock_timeout=0.3).transaction() as db:
                db.table("venues").insert({"id": "V9"})
        assert 0.3 <= time.monotonic() - started < 5
        assert store.path.read_bytes() == before
        result = run_entrytui("venue", "add", "Cambridge", data=store.path, env={"ENTRYTUI_LOCK_TIMEOUT": "0.3"})
        assert result.returncode == 3
        assert "locked by another operator" in result.stderr
        assert store.path.read_bytes() == before
    finally:
        holder.kill()
        holder.wait()


def test_a_lock_is_freed_when_its_holder_dies(store):
    holder = spawn("hold-lock", str(store.path), "30")
    assert holder.stdout.readline().strip() == "locked"
    holder.kill()
    holder.wait()
    with Store(store.path, lock_timeout=2).transaction() as db:
        db.table("venues").insert({"id": "V9", "name": "x"})
    with Store(store.path).reading() as db:
        assert len(db.table("venues")) == 2
