"""I/O faults injected into the write path, at every system call an operation makes.

For each operation and each kind of fault (disk full on write, I/O error on fsync,
permission denied or read-only file system on open, I/O error on rename), the Nth call of
that kind fails, for N = 1, 2, ... until the operation no longer reaches an Nth call.  After
each run: either the operation raised one clear sentence and the store - on disk, as a new
process reads it, and in the memory of the process that failed - is exactly as before; or
it succeeded and its change is there.  Then the same process makes another change, and a
new process agrees with it.  (SQLite tests its I/O error handling the same way.)
"""

from __future__ import annotations

import errno
import io
import json
import os
from contextlib import redirect_stderr
from pathlib import Path

import pytest

from entrytui import cli
from entrytui.errors import StoreError
from entrytui.services import uploads
from entrytui.services.entries import add_entry, list_entries, withdraw_entry
from entrytui.services.sessions import add_session
from entrytui.store import Store
from entrytui.store.keyfile import create_key, read_key
from helpers import entry_add

FAULTS = [
    ("write", errno.ENOSPC),
    ("write", errno.EIO),
    ("fsync", errno.EIO),
    ("open", errno.EACCES),
    ("open", errno.EROFS),
    ("replace", errno.EIO),
    ("ftruncate", errno.EIO),
]
# What the parametrized cases counted, for the report at the end: runs, faults that fired,
# refusals; every check of a change made or refused, and of those the ones that found it
# lost or half done (each such case also fails on its own).
TALLY = {"cases": 0, "runs": 0, "faults": 0, "refused": 0, "checks": 0, "intact": 0, "lost": 0}


def state(store: Store) -> str:
    with store.reading() as db:
        return json.dumps(db.storage.read(), sort_keys=True)


def data_state(store: Store) -> str:
    """The store's data without its generation (which a compaction counts up)."""
    with store.reading() as db:
        data = json.loads(json.dumps(db.storage.read()))
    for meta in data.get("meta", {}).values():
        meta.pop("generation", None)
    return json.dumps(data, sort_keys=True)


def verify(intact: bool, what: str) -> None:
    """One check that a change is whole: present when acknowledged, absent (on disk and in
    memory) when refused, agreed on by every process.  Tallied, then asserted."""
    TALLY["checks"] += 1
    TALLY["intact" if intact else "lost"] += 1
    assert intact, what


class FailNth:
    """``os.<call>`` fails with ``code`` on its ``n``th call; counts the calls."""

    def __init__(self, monkeypatch, call: str, code: int, n: int):
        self.calls, self.fired = 0, False
        real = getattr(os, call)

        def failing(*args, **kwargs):
            self.calls += 1
            if self.calls == n:
                self.fired = True
                raise OSError(code, os.strerror(code))
            return real(*args, **kwargs)

        monkeypatch.setattr(os, call, failing)


def _add(store, n):
    add_entry(store, "S1", first_name="Ana", family_name="Silva", username=f"Fault{n}", password="Secret123")
    return lambda s: any(r.candidate.username == f"Fault{n}" for r in list_entries(s, "S1"))


def _link(store, n):
    add_entry(store, "S2", first_name="Ana", family_name="Silva", username="Base", link=True)
    return lambda s: any(r.candidate.username == "Base" for r in list_entries(s, "S2"))


def _withdraw(store, n):
    code = next(r.entry.entry_code for r in list_entries(store, "S1") if r.candidate.username == "Base")
    withdraw_entry(store, code, "fault test")
    return lambda s: all(r.entry.status == "withdrawn" for r in list_entries(s, "S1") if r.candidate.username == "Base")


def _upload(store, n):
    data = "\n".join(f"Up{n}x{i},Secret{i}99A,Bo,Li" for i in range(3)).encode()
    uploads.commit_upload(store, uploads.plan_upload(store, "S1", data, "list.csv"))
    return lambda s: sum(r.candidate.username.startswith(f"Up{n}x") for r in list_entries(s, "S1")) == 3


def _compact(store, n):
    before = data_state(store)
    store.compact()
    return lambda s: data_state(s) == before  # nothing lost on the way into the new snapshot


def _without_journal(store):
    store.compact()  # everything in the snapshot, then no journal, as in a store made before journals:
    store.journal_path.unlink()  # the first change starts one (staged, renamed)
    store.__init__(store.path)


OPERATIONS = {
    "add": _add,
    "link": _link,
    "withdraw": _withdraw,
    "upload": _upload,
    "compact": _compact,
    "new journal": _add,
}
PREPARE = {"new journal": _without_journal}


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
@pytest.mark.parametrize("call, code", FAULTS, ids=[f"{c}-{errno.errorcode[e]}" for c, e in FAULTS])
def test_a_fault_at_any_call_loses_nothing_and_leaves_nothing_half_done(store, monkeypatch, operation, call, code):
    TALLY["cases"] += 1
    add_session(store, name="January", test="Linguaskill", start="2099-01-10 09:00")
    add_entry(store, "S1", first_name="Ana", family_name="Silva", username="Base", password="Secret123")
    for n in range(1, 50):
        PREPARE.get(operation, lambda s: None)(store)
        before = state(Store(store.path))
        fault = FailNth(monkeypatch, call, code, n)
        try:
            present = OPERATIONS[operation](store, n)
        except StoreError as exc:
            monkeypatch.undo()
            message = str(exc)
            assert "\n" not in message and str(store.path.parent) in message, message
            TALLY["refused"] += 1
            verify(state(Store(store.path)) == before, "nothing half-present on disk")
            verify(state(store) == before, "nothing half-present in the failing process")
        else:
            monkeypatch.undo()
            verify(present(Store(store.path)), "acknowledged, so present")
        TALLY["runs"] += 1
        TALLY["faults"] += fault.fired
        add_entry(store, "S1", first_name="Bo", family_name="Li", username=f"After{n}", password="Secret123")
        verify(state(Store(store.path)) == state(store), "the next change works and every process agrees")
        if not fault.fired:
            break
        if operation in ("link", "withdraw") and _done(store, operation):
            break  # done once; doing it again would be refused for another reason
    else:
        pytest.fail("the operation never finished")


def _done(store, operation) -> bool:
    if operation == "link":
        return any(r.candidate.username == "Base" for r in list_entries(store, "S2"))
    return all(r.entry.status == "withdrawn" for r in list_entries(store, "S1") if r.candidate.username == "Base")


def test_the_command_line_says_what_happened_in_one_sentence(store, monkeypatch):
    FailNth(monkeypatch, "write", errno.ENOSPC, 1)
    monkeypatch.setattr("sys.stdin", io.StringIO("Secret123\n"))
    err = io.StringIO()
    with redirect_stderr(err):
        code = cli.main(
            [
                "--data",
                str(store.path),
                *entry_add("Ana", "Silva", "Full"),
                "--password-stdin",
            ]
        )
    monkeypatch.undo()
    assert code == 3
    assert err.getvalue().count("\n") == 1
    assert err.getvalue().startswith(
        f"entrytui: cannot write the store {store.journal_path}: the disk is full; nothing was changed"
    )
    assert not list_entries(Store(store.path), "S1")


def test_when_the_cut_back_fails_too_the_operator_is_told_the_change_may_be_saved(store, monkeypatch):
    """fsync fails after the line was written, and cutting it off fails as well: the line
    may be on disk, so 'nothing was changed' would be a lie; every process then agrees."""
    FailNth(monkeypatch, "fsync", errno.EIO, 1)
    FailNth(monkeypatch, "ftruncate", errno.EIO, 1)
    with pytest.raises(StoreError, match="may have been saved all the same; look before you try again"):
        add_entry(store, "S1", first_name="Ana", family_name="Silva", username="Maybe", password="Secret123")
    monkeypatch.undo()
    assert state(Store(store.path)) == state(store)
    assert [r.candidate.username for r in list_entries(store, "S1")] == ["Maybe"], "the whole line, read back"


@pytest.mark.parametrize("call, code", FAULTS, ids=[f"{c}-{errno.errorcode[e]}" for c, e in FAULTS])
def test_a_fault_while_the_password_key_is_made_leaves_a_whole_key_or_none(tmp_path, monkeypatch, call, code):
    path = tmp_path / "store.json.key"
    for n in range(1, 20):
        fault = FailNth(monkeypatch, call, code, n)
        try:
            made = create_key(path)
        except StoreError as exc:
            monkeypatch.undo()
            assert "\n" not in str(exc) and str(path) in str(exc), exc
            made = None
        else:
            monkeypatch.undo()
        found = read_key(path)
        verify(found is None or len(found) == 32, "a whole key or none")
        verify(made is None or made == found, "the key handed out is the one on disk")
        verify([p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == [], "no temporary file left")
        if found is not None and made is None:
            path.unlink()  # made, but not read back: the next try makes it again
        if not fault.fired:
            break
        path.unlink(missing_ok=True)


def test_zz_report(request, capsys):
    """The figures the README quotes, as the parametrized cases counted them (printed with -s;
    runs after them).  Fails when any of them found a change lost or half done, or when they
    did not all run and count."""
    case = test_a_fault_at_any_call_loses_nothing_and_leaves_nothing_half_done.__name__
    cases = [
        item
        for item in request.session.items
        if Path(item.path) == Path(__file__) and getattr(item, "originalname", "") == case
    ]
    if not cases:
        pytest.skip("the fault-injection cases were not selected: nothing to report")
    with capsys.disabled():
        print(
            f"\nfault injection: {TALLY['runs']} runs, {TALLY['faults']} faults injected, "
            f"{TALLY['refused']} refused with one sentence, {TALLY['lost']} lost or half-done changes"
        )
    assert TALLY["cases"] == len(cases), f"{TALLY['cases']} of the {len(cases)} selected cases ran"
    assert TALLY["runs"] >= len(cases) and TALLY["faults"] > 0 and TALLY["refused"] > 0, TALLY
    assert TALLY["checks"] == TALLY["intact"] + TALLY["lost"] >= 2 * TALLY["runs"], TALLY
    assert TALLY["lost"] == 0, f"{TALLY['lost']} of {TALLY['checks']} checks found a change lost or half done"
