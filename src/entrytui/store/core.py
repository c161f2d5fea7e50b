"""The TinyDB store, made safe and fast for several operators' processes on one shared file.

TinyDB as shipped keeps none of these promises across processes and rewrites the whole
file on every change (``docs/store.md`` says what it does and does not promise).  The store
is three files:

* ``store.json`` - the **snapshot**: a plain TinyDB JSON file, with a generation number
  in its meta table;
* ``store.json.journal`` - the **journal**: every change committed since that snapshot,
  one checksummed line per transaction (:mod:`entrytui.store.journal`);
* ``store.json.lock`` - the file every process ``flock``-s: exclusively to change the
  store, shared to catch up with it.

Promises kept here:

* **No lost update** - :meth:`Store.transaction` takes the exclusive lock, catches up with
  the journal (what other processes committed), runs the change on the tables in memory,
  appends the change as one line and fsyncs it.  A write costs what changed.
* **No torn store** - a crash can leave only a torn last journal line, never acknowledged,
  which readers ignore and the next writer cuts off.  When the journal has grown to a
  quarter of the snapshot it is *compacted*: a new snapshot (temporary file, fsync, rename,
  fsync folder) of the next generation, then a new journal the same way (the old one kept as
  ``.journal.prev`` for readers that were a few lines behind).  A crash between the renames
  leaves a journal older than the snapshot, or none, and both are handled.
* **Never silently reset** - a missing, empty or foreign snapshot, or a journal line that
  is complete but damaged, raises :class:`StoreCorrupt`/:class:`StoreMissing` naming the
  path; nothing writes over it.
* **Private files** - new files are mode 0600, or 0660 when the folder is group-shared.
* **Other processes' changes** - :meth:`Store.reading` stats the two files and, when they
  changed, reads only the journal lines it has not seen (a whole re-read only after another
  process compacted past lines it had not read yet).

Threads: the tables in memory are shared by the threads of a process, so every use of them
(``reading()`` and ``transaction()`` blocks) holds the store's thread lock.
"""

from __future__ import annotations

import fcntl
import gc
import os
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from tinydb import TinyDB

from entrytui.errors import StoreCorrupt, StoreError, StoreMissing
from entrytui.files import Staged
from entrytui.store import journal, snapshot
from entrytui.store.filesystem import (
    Waiting,
    acquire,
    open_checked,
    open_lock,
    os_error,
    refuse_read_only,
    refuse_unsafe,
    sweep_temporaries,
    writable,
)
from entrytui.store.keyfile import SealingKey, key_path
from entrytui.store.tables import Tables, open_db

SCHEMA = 1
TABLES = ("meta", "institution", "venues", "sessions", "candidates", "entries", "audit")
DEFAULT_LOCK_TIMEOUT = 10.0
COMPACT_RATIO, COMPACT_MINIMUM = 4, 1_000_000  # compact when the journal exceeds snapshot/4 and 1 MB


def _signature(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


class Store(SealingKey):
    """One store (snapshot, journal, lock file) and the promises above.

    Sections, in order: reading (``reading``, ``signature``); catching up with other
    processes (``_catch_up`` and what it calls); writing (``transaction``, ``create``,
    ``_append``); compacting (``compact``); files and locks.  The file formats are in
    :mod:`entrytui.store.snapshot` and :mod:`entrytui.store.journal`, the tables in memory in
    :mod:`entrytui.store.tables`, OS-level checks in :mod:`entrytui.store.filesystem`."""

    def __init__(self, path: str | os.PathLike, lock_timeout: float | None = None, waiting: Waiting | None = None):
        """``waiting`` is told (in its thread) when another process holds the lock, before a wait of ``lock_timeout``."""
        self.path = Path(path).expanduser().absolute()
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.journal_path = self.path.with_name(self.path.name + ".journal")
        self.previous_path = self.path.with_name(self.path.name + ".journal.prev")  # kept by the last compaction
        self.key_path = key_path(self.path)  # the password key's (keyfile.SealingKey.key)
        if lock_timeout is None:
            lock_timeout = float(os.environ.get("ENTRYTUI_LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT))
        self.lock_timeout = lock_timeout
        self.waiting = waiting
        self.compact_minimum = int(os.environ.get("ENTRYTUI_COMPACT_MINIMUM", COMPACT_MINIMUM))
        self._memory = threading.RLock()
        self._held = threading.local()
        self._tables: Tables | None = None
        self._seen: tuple | None = None  # signature() when the tables were last caught up
        self._snapshot: tuple[int, ...] = ()  # the snapshot's signature when it was read (): not yet
        self._generation = 0
        self._offset = 0  # journal bytes applied (0: no journal of this generation yet)

    def writable(self) -> bool:
        """Whether this operator may change the store (else every change is refused)."""
        return writable(self.path, self.journal_path, self.lock_path)

    # ---- reading -------------------------------------------------------------

    def exists(self) -> bool:
        return self.path.exists()

    def signature(self) -> tuple | None:
        """Changes whenever any process commits a change (for views that refresh); two stats."""
        try:
            snapshot = _signature(os.stat(self.path))
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise os_error(self.path, "read", exc) from exc
        try:
            return snapshot, _signature(os.stat(self.journal_path))
        except FileNotFoundError:
            return snapshot, None
        except OSError as exc:
            raise os_error(self.journal_path, "read", exc) from exc

    def version(self) -> tuple:
        """Inside a block: the committed state it sees (path, snapshot file, generation, journal
        bytes applied). The same version, the same tables: nothing committed or restored since."""
        assert self._tables is not None, "inside a block"
        return str(self.path), self._snapshot, self._generation, self._offset

    @contextmanager
    def reading(self) -> Iterator[TinyDB]:
        """A TinyDB over the latest committed store, to read inside the block only."""
        with self._memory:
            if not self._in_transaction():
                sig = self.signature()
                if sig is None:
                    raise self._missing()
                if self._tables is None or sig != self._seen:
                    with self._locked(fcntl.LOCK_SH):
                        self._catch_up(writer=False)
            yield open_db(self._loaded())

    def _loaded(self) -> Tables:
        assert self._tables is not None, "caught up first"  # by _catch_up() or create()
        return self._tables

    def _in_transaction(self) -> bool:
        return getattr(self._held, "yes", False)

    def _missing(self) -> StoreMissing:
        return StoreMissing(f"there is no store at {self.path}; create it with 'entrytui init'")

    # ---- catching up with other processes --------------------------------------

    def _catch_up(self, writer: bool) -> None:
        """Bring the tables up to the last committed change (the lock is held: nobody writes)."""
        try:
            snapshot = os.stat(self.path)
        except FileNotFoundError:
            raise self._missing() from None
        except OSError as exc:
            raise os_error(self.path, "read", exc) from exc
        handle = open_checked(self.journal_path)
        with handle or nullcontext():
            try:
                return self._catch_up_with(snapshot, handle, writer)
            except journal.JournalDamaged as exc:
                raise StoreCorrupt(
                    f"the journal {self.journal_path} is {exc}; the store was left untouched "
                    "(restore both files from a backup)"
                ) from None
            except OSError as exc:
                raise os_error(self.journal_path, "read", exc) from exc

    def _catch_up_with(self, snapshot: os.stat_result, handle, writer: bool) -> None:
        st = os.fstat(handle.fileno()) if handle else None
        header = journal.read_header(handle.read(journal.HEADER_MAX)) if handle else None
        if self._tables is None or _signature(snapshot) != self._snapshot:
            if header and self._tables is not None and self._read_compacted_rest(header):
                refuse_unsafe(self.path, snapshot)  # compacted from exactly what we now hold
                self._tables.data["meta"]["1"]["generation"] = header.generation
                self._generation, self._snapshot = header.generation, _signature(snapshot)
                self._offset = header.length
            else:
                self._load_snapshot()
        seen = (self._snapshot, _signature(st) if st else None)
        if header is None or header.generation < self._generation:
            self._offset = 0  # no journal yet, or one left by a compaction that crashed: all in the snapshot
            self._seen = seen
            return
        if header.generation > self._generation:
            raise StoreCorrupt(
                f"the journal {self.journal_path} is newer than the store {self.path} (generation "
                f"{header.generation} > {self._generation}): the store was replaced by an older copy; "
                "both were left untouched"
            )
        start = max(self._offset, header.length)
        handle.seek(start)
        tail = handle.read()
        changes, done = journal.read_changes(tail, start)
        for ops in changes:
            self._loaded().apply(ops, f"the journal {self.journal_path}")
        self._offset = start + done
        self._seen = seen  # only now: a damaged line above raises, and raises again next time
        if done < len(tail):  # a torn last line: not committed
            self._seen = None
            if writer:
                self._cut_torn_tail()

    def _read_compacted_rest(self, header: journal.Header) -> bool:
        """After another process compacted the journal: bring the tables to exactly what the new snapshot was
        made from, reading the lines we had not seen from the previous journal (kept beside as
        ``.journal.prev``).  False when that cannot be done (then the snapshot is read)."""
        if (
            not header.compacted_from
            or header.compacted_from[0] != self._generation
            or self._offset > header.compacted_from[1]
        ):
            return False
        end = header.compacted_from[1]
        if self._offset == end:
            return True
        changes = journal.read_between(self.previous_path, self._generation, self._offset, end)
        if changes is None:
            return False
        for ops in changes:
            self._loaded().apply(ops, f"the journal {self.previous_path}")
        self._offset = end
        return True

    def _load_snapshot(self) -> None:
        handle = open_checked(self.path)
        if handle is None:
            raise self._missing()
        with handle:
            try:
                st, raw = os.fstat(handle.fileno()), handle.read()
            except OSError as exc:
                raise os_error(self.path, "read", exc) from exc
        data = snapshot.load(raw, self.path, SCHEMA)
        self._tables = Tables(data)
        # Hundreds of thousands of long-lived dicts: left to the garbage collector, every full
        # collection walks them all (tens of ms, at random moments, on the UI thread too).
        gc.freeze()
        self._snapshot = _signature(st)
        self._generation = data["meta"]["1"].get("generation", 0)
        self._offset = 0

    # ---- writing -------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[TinyDB]:
        """Lock, catch up, yield a TinyDB to change, then append the change to the journal.

        An exception inside the block (or while writing) undoes the change and writes nothing.
        """
        if not self.path.exists():
            raise self._missing()
        refuse_read_only(self.path, self.journal_path, self.lock_path)  # before any file is opened to write
        with self._memory, self._locked(fcntl.LOCK_EX):
            self._catch_up(writer=True)
            self._sweep_temporaries()
            tables = self._loaded()
            tables.begin()
            try:
                yield open_db(tables)
                ops = tables.changes()
                if ops:
                    self._append(ops)
            except BaseException:
                tables.rollback()
                raise
            tables.end()
            if ops and self._offset > max(self.compact_minimum, self._snapshot[1] // COMPACT_RATIO):
                self._compact()

    def create(self, tables: dict[str, list[dict]]) -> None:
        """Make a new store; refuses when any file (even an empty one) is already there."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with self._memory, self._locked(fcntl.LOCK_EX):
            if self.path.exists():
                raise StoreError(f"a store already exists at {self.path}; it was left untouched")
            data: dict = {name: {} for name in TABLES}
            data["meta"] = {"1": {"schema": SCHEMA, "generation": 1}}
            for name, docs in tables.items():
                data[name] = {str(i): doc for i, doc in enumerate(docs, start=1)}
            try:
                self._sweep_temporaries()
                self._publish(self._stage(self.journal_path, journal.header_line(1)))
                staged = self._stage(self.path, snapshot.dump(data))
                self._publish(staged)
            except OSError as exc:
                raise os_error(self.path, "write", exc) from exc
            self._tables, self._generation = Tables(data), 1
            self._snapshot, self._offset, self._seen = _signature(staged.stat), 0, None

    def _append(self, ops: list[list]) -> None:
        """One line for the transaction, written whole and fsynced; on failure, cut back."""
        if self._offset == 0:  # the first change since the snapshot: a journal for it
            header = journal.header_line(self._generation)
            try:
                self._publish(self._stage(self.journal_path, header))
            except OSError as exc:
                raise os_error(self.journal_path, "write", exc) from exc
            self._offset = len(header)
        line = journal.encode(ops)
        st = journal.append(self.journal_path, line, self._offset)
        self._offset += len(line)
        self._seen = (self._snapshot, _signature(st))

    def _cut_torn_tail(self) -> None:
        """A line left half-written by a writer that died: never acknowledged, so cut off."""
        journal.cut_back(self.journal_path, self._offset)

    # ---- compacting ---------------------------------------------------------------

    def compact(self) -> None:
        """Compact the journal into a new snapshot now (writers also compact as the journal grows)."""
        with self._memory, self._locked(fcntl.LOCK_EX):
            self._catch_up(writer=True)
            self._sweep_temporaries()
            self._compact()

    def _compact(self) -> None:
        """Write the tables as the next generation's snapshot and start an empty journal.

        The change is already durable in the journal, so a compaction that fails (disk full) is
        left for the next writer; a crash between the renames leaves a stale journal, ignored.
        """
        meta = self._loaded().data["meta"]["1"]
        generation = self._generation + 1
        header = journal.header_line(generation, (self._generation, self._offset))
        meta["generation"] = generation
        staged: list[Staged] = []
        try:
            staged.append(self._stage(self.path, snapshot.dump(self._loaded().data)))
            staged.append(self._stage(self.journal_path, header))
            self._publish(staged[0])
        except OSError:
            meta["generation"] = self._generation
            for stage in staged:
                stage.discard()
            return
        self._generation, self._snapshot, self._offset, self._seen = generation, _signature(staged[0].stat), 0, None
        try:
            os.replace(self.journal_path, self.previous_path)  # for readers a few lines behind
            self._publish(staged[1])
        except OSError:
            staged[1].discard()
            return  # the old journal (if still there) is older than the snapshot: ignored, then replaced
        self._offset = len(header)

    # ---- files and locks -----------------------------------------------------

    def _stage(self, target: Path, payload: bytes) -> Staged:
        """A temporary file beside ``target`` with the store's mode and group."""
        try:
            like = os.stat(self.path)
        except FileNotFoundError:
            like = None
        return Staged(target, payload, stat.S_IMODE(like.st_mode) if like else None, like.st_gid if like else None)

    @staticmethod
    def _publish(stage: Staged) -> None:
        try:
            stage.publish()
        except BaseException:
            stage.discard()
            raise

    @contextmanager
    def _locked(self, mode: int) -> Iterator[None]:
        if self._in_transaction():
            raise RuntimeError("Store.transaction() is not re-entrant")
        try:
            fd = open_lock(self.lock_path, mode)
        except FileNotFoundError:
            raise self._missing() from None
        except OSError as exc:
            raise os_error(self.lock_path, "lock", exc) from exc
        try:
            acquire(fd, mode, self.lock_timeout, self.path, self.waiting)
            self._held.yes = mode == fcntl.LOCK_EX
            try:
                yield
            finally:
                self._held.yes = False
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def _sweep_temporaries(self) -> None:
        sweep_temporaries(self.path, self.journal_path)
