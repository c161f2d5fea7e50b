"""The TinyDB store, made safe for several operators' processes on one shared file.

TinyDB as shipped keeps none of these promises across processes (see
``shared/notes/tinydb-facts.md``); this module keeps them:

* **No lost update** - every change runs in :meth:`Store.transaction`: an exclusive
  ``flock`` on ``<store>.lock`` around a fresh parse of the file, the change, and the write.
  TinyDB only ever sees an in-memory dict (``_DictStorage``), built anew per transaction,
  so its per-object id and query caches never outlive the lock.
* **No torn file** - a write goes to a temporary file in the same folder, is flushed and
  fsynced, then ``os.replace``-d over the store and the folder is fsynced.  A crash leaves
  the old or the new file, never a mix.
* **Never silently reset** - a file that is missing, empty or not a store raises
  :class:`StoreCorrupt`/:class:`StoreMissing` naming the path; nothing writes over it.
* **Private files** - new files are mode 0600, or 0660 when the folder is group-shared
  (group-writable or set-group-id), whatever the umask.

Readers take no lock: thanks to the atomic rename they always see a whole store.
:meth:`Store.read` keeps the last parse and re-reads only when the file changed.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import stat
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from tinydb import TinyDB
from tinydb.storages import Storage

from entrytui.errors import (
    StoreCorrupt,
    StoreError,
    StoreLocked,
    StoreMissing,
    StorePermission,
)
from entrytui.files import Staged, private_mode

SCHEMA = 1
TABLES = ("meta", "institution", "venues", "sessions", "candidates", "entries", "audit")
DEFAULT_LOCK_TIMEOUT = 10.0


class _DictStorage(Storage):
    """TinyDB storage over a dict already parsed under the lock."""

    def __init__(self, data: dict, read_only: bool = False):
        self.data = data
        self.read_only = read_only
        self.dirty = False

    def read(self) -> dict:
        return self.data

    def write(self, data: dict) -> None:
        if self.read_only:
            raise RuntimeError("a store snapshot is read-only; change it in Store.transaction()")
        self.data = data
        self.dirty = True


def rows(db: TinyDB, table: str):
    """A table's documents as plain dicts, for full scans: TinyDB's ``all()`` and ``search()``
    wrap every document in a new object, which costs more than the scan at 100,000 rows.
    Read only - change documents through the TinyDB table API."""
    return db.storage.read().get(table, {}).values()


def _signature(st: os.stat_result) -> tuple:
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _os_error(path: Path, action: str, exc: OSError) -> StoreError:
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StorePermission(f"cannot {action} the store {path}: permission denied ({exc.strerror})")
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return StoreError(f"cannot {action} the store {path}: the disk is full; nothing was changed")
    return StoreError(f"cannot {action} the store {path}: {exc.strerror or exc}")


class Store:
    """One store file, its lock file beside it, and the promises above."""

    def __init__(self, path: str | os.PathLike, lock_timeout: float | None = None):
        self.path = Path(path).expanduser().absolute()
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        if lock_timeout is None:
            lock_timeout = float(os.environ.get("ENTRYTUI_LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT))
        self.lock_timeout = lock_timeout
        self._cache: tuple[tuple, dict] | None = None
        self._held = threading.local()

    # ---- reading -------------------------------------------------------------

    def exists(self) -> bool:
        return self.path.exists()

    def signature(self) -> tuple | None:
        """Changes whenever any process commits a change (for views that refresh)."""
        try:
            return _signature(os.stat(self.path))
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise _os_error(self.path, "read", exc) from exc

    def read(self) -> TinyDB:
        """A read-only TinyDB over the latest committed store."""
        sig = self.signature()
        if sig is None:
            raise self._missing()
        if self._cache is None or self._cache[0] != sig:
            self._cache = self._load()
        return TinyDB(storage=_DictStorage, data=self._cache[1], read_only=True)

    def _refuse_unsafe(self, st: os.stat_result) -> None:
        """A store anyone could change, or one belonging to a stranger, is not used."""
        if st.st_mode & stat.S_IWOTH:
            raise StorePermission(
                f"the store {self.path} is writable by everyone (mode {stat.S_IMODE(st.st_mode):04o}), so anyone "
                f"could change entries; entrytui will not use it until 'chmod o-w {self.path}'")
        folder = os.stat(self.path.parent)
        if folder.st_mode & stat.S_IWOTH and not folder.st_mode & stat.S_ISVTX:
            raise StorePermission(
                f"the folder {self.path.parent} is writable by everyone, so anyone could replace the store; "
                f"entrytui will not use it until 'chmod o-w {self.path.parent}'")
        if st.st_uid != os.getuid() and st.st_gid not in (os.getgid(), *os.getgroups()):
            raise StorePermission(
                f"the store {self.path} belongs to user {st.st_uid} and group {st.st_gid}, neither you nor one "
                "of your groups; entrytui will not use it (share a store through the operators' group)")

    def _missing(self) -> StoreMissing:
        return StoreMissing(f"there is no store at {self.path}; create it with 'entrytui init'")

    def _load(self) -> tuple[tuple, dict]:
        try:
            with open(self.path, "rb") as handle:
                st = os.fstat(handle.fileno())
                self._refuse_unsafe(st)
                sig = _signature(st)
                raw = handle.read()
        except FileNotFoundError:
            raise self._missing() from None
        except OSError as exc:
            raise _os_error(self.path, "read", exc) from exc
        return sig, self._parse(raw)

    def _parse(self, raw: bytes) -> dict:
        where = f"the store {self.path}"
        if not raw.strip():
            raise StoreCorrupt(f"{where} is empty; it was left untouched (restore it from a backup)")
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise StoreCorrupt(
                f"{where} cannot be read ({exc}); it was left untouched (restore it from a backup)"
            ) from None
        if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
            raise StoreCorrupt(f"{where} is not an entrytui store; it was left untouched")
        meta = data.get("meta", {}).get("1", {})
        if meta.get("schema") != SCHEMA:
            raise StoreCorrupt(f"{where} is not an entrytui store (no schema {SCHEMA}); it was left untouched")
        return data

    # ---- writing -------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[TinyDB]:
        """Lock, re-read, yield a TinyDB to change, then write it atomically.

        An exception inside the block writes nothing.
        """
        if not self.path.exists():
            raise self._missing()
        with self._locked():
            _, data = self._load()
            db = TinyDB(storage=_DictStorage, data=data)
            yield db
            if db.storage.dirty:
                self._cache = (self._write(db.storage.data), db.storage.data)

    def create(self, tables: dict[str, list[dict]]) -> None:
        """Make a new store; refuses when any file (even an empty one) is already there."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with self._locked():
            if self.path.exists():
                raise StoreError(f"a store already exists at {self.path}; it was left untouched")
            data: dict = {name: {} for name in TABLES}
            data["meta"] = {"1": {"schema": SCHEMA}}
            for name, docs in tables.items():
                data[name] = {str(i): doc for i, doc in enumerate(docs, start=1)}
            self._cache = (self._write(data), data)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        if getattr(self._held, "yes", False):
            raise RuntimeError("Store.transaction() is not re-entrant")
        try:
            fd = self._open_new(self.lock_path, os.O_RDWR)
        except FileNotFoundError:
            raise self._missing() from None
        except OSError as exc:
            raise _os_error(self.lock_path, "lock", exc) from exc
        try:
            self._acquire(fd)
            self._held.yes = True
            try:
                yield
            finally:
                self._held.yes = False
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def _acquire(self, fd: int) -> None:
        deadline = time.monotonic() + self.lock_timeout
        pause = 0.002
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StoreLocked(
                        f"the store {self.path} has been locked by another operator for over "
                        f"{self.lock_timeout:g} s; nothing was changed - try again"
                    ) from None
                time.sleep(pause)
                pause = min(pause * 2, 0.05)

    def _new_mode(self) -> int:
        return private_mode(self.path.parent)

    def _open_new(self, path: Path, flags: int) -> int:
        """Open (creating if needed) with owner/group-only permissions, whatever the umask."""
        try:
            return os.open(path, flags)
        except FileNotFoundError:
            if not path.parent.is_dir():
                raise
        fd = os.open(path, flags | os.O_CREAT, self._new_mode())
        os.fchmod(fd, self._new_mode())
        return fd

    def _write(self, data: dict) -> tuple:
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        try:
            self._sweep_temporaries()
            try:
                old = os.stat(self.path)
            except FileNotFoundError:
                old = None
            staged = Staged(self.path, payload, stat.S_IMODE(old.st_mode) if old else None,
                            old.st_gid if old else None)
            try:
                staged.publish()
            except BaseException:
                staged.discard()
                raise
            return _signature(staged.stat)
        except OSError as exc:
            raise _os_error(self.path, "write", exc) from exc

    def _sweep_temporaries(self) -> None:
        """Remove temporary files left by a writer that died; safe because we hold the lock."""
        for leftover in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            try:
                leftover.unlink()
            except OSError:
                pass
