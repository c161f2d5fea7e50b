"""A backup of the store while others keep working: one file, a consistent point in time.

The store is caught up under the shared lock, as every read is, and the tables in memory
(every change committed by then, nothing after) are written as one snapshot to a
temporary file beside the target, fsynced, mode 0600, then renamed into place.  Writers in
other processes never wait for it: the shared lock is held only while this process reads
what they committed.  The backup is itself a store (a snapshot without a journal): every
command works on it with ``--data FILE``.

The password key is left out unless asked (``with_key``): then it is written beside the
backup as ``FILE.key``, where a store at ``FILE`` looks for it.  Kept apart, a backup
reveals no password.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from entrytui.errors import StoreError, refuse
from entrytui.files import PRIVATE, unusable, write_atomically
from entrytui.store import snapshot
from entrytui.store.core import Store
from entrytui.store.keyfile import key_line
from entrytui.store.tables import tables_of


@dataclass(frozen=True)
class Backup:
    path: Path
    size: int  # bytes
    documents: dict[str, int]  # table -> documents in it
    key: Path | None  # the key written beside it, when asked


def write_backup(store: Store, target: Path, with_key: bool = False) -> Backup:
    target = Path(target).expanduser().absolute()
    if target in (store.path, store.journal_path, store.key_path):
        refuse("file", f"the backup {target} would replace the store's own file; name another file")
    why = unusable(target)
    if why:
        refuse("file", f"cannot write the backup {target}: {why}")
    key = store.key() if with_key else None  # before any file: a missing key is said at once
    with store.reading() as db:
        data = tables_of(db.storage).data
        payload = snapshot.dump(data)
        documents = {name: len(docs) for name, docs in data.items() if name != "meta"}
    try:
        write_atomically(target, payload, PRIVATE)
        key_path = None
        if key is not None:
            key_path = target.with_name(target.name + ".key")
            write_atomically(key_path, key_line(key), PRIVATE)
    except OSError as exc:
        raise StoreError(f"cannot write the backup {exc.filename or target}: {exc.strerror or exc}") from exc
    return Backup(target, len(payload), documents, key_path)
