"""The key that seals candidates' passwords: a file of its own beside the store
(``store.json.key``), or wherever ``ENTRYTUI_KEY`` points.  It never enters the store, its
journal or its audit trail: a copy of the store without the key reveals no password.

The file is one line, ``entrytui-key-1 <32 bytes, base64>``, mode 0600 (0660 in a folder
shared by a group), like the store's own files.  A key that others may read or write is
refused with the command that fixes it.  It is created whole or not at all (a temporary
file, fsynced, then linked into place, so two operators creating it at once end with one).
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from entrytui.errors import KeyMissing, StoreCorrupt, StoreError, StorePermission
from entrytui.files import Staged, fsync_folder
from entrytui.store.filesystem import refuse_unsafe
from entrytui.store.tables import rows as tables_rows

KEY_ENV = "ENTRYTUI_KEY"
MAGIC = "entrytui-key-1"
KEY_BYTES = 32  # AES-256


def key_path(store_path: Path) -> Path:
    """Where the key of the store at ``store_path`` is."""
    given = os.environ.get(KEY_ENV, "").strip()
    return Path(given).expanduser() if given else store_path.with_name(store_path.name + ".key")


def missing(path: Path, why: str = "") -> KeyMissing:
    return KeyMissing(
        f"the password key {path} is missing{why}: passwords cannot be shown, set or checked (everything else "
        f"works); restore the key from where it was kept, or point {KEY_ENV} at it"
    )


def read_key(path: Path) -> bytes | None:
    """The key, or None when there is no file; a file others may use, or not a key, raises."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        return None
    except PermissionError as exc:
        raise StorePermission(f"cannot read the password key {path}: permission denied") from exc
    except OSError as exc:
        raise StoreError(f"cannot read the password key {path}: {exc.strerror or exc}") from exc
    try:
        refuse_unsafe(path, os.fstat(fd), "the password key", "every password")
        text = os.read(fd, 4096).decode("ascii", "replace")
    finally:
        os.close(fd)
    magic, _, encoded = text.strip().partition(" ")
    try:
        key = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if magic != MAGIC or len(key) != KEY_BYTES:
        raise StoreCorrupt(f"the password key {path} is not an entrytui key (damaged or replaced); nothing was changed")
    return key


def key_line(key: bytes) -> bytes:
    """The key file's one line."""
    return f"{MAGIC} {base64.b64encode(key).decode('ascii')}\n".encode("ascii")


def create_key(path: Path) -> bytes:
    """A new key at ``path``, or the one another process created there a moment before."""
    try:
        staged = Staged(path, key_line(secrets.token_bytes(KEY_BYTES)))
    except OSError as exc:
        raise StoreError(f"cannot create the password key {path}: {exc.strerror or exc}") from exc
    try:
        os.link(staged.temporary, path)  # never over an existing key
        fsync_folder(path.parent)
    except FileExistsError:
        pass  # another operator's, a moment ago: theirs is the key
    except OSError as exc:
        raise StoreError(f"cannot create the password key {path}: {exc.strerror or exc}") from exc
    finally:
        staged.discard()
    key = read_key(path)
    if key is None:
        raise missing(path, " (it was removed while being created)")
    return key


def load_key(path: Path, create: bool, holds_sealed: Callable[[], bool]) -> bytes:
    """The key at ``path``; none there: a new one if ``create`` and nothing was sealed yet."""
    found = read_key(path)
    if found is not None:
        return found
    if not create:
        raise missing(path)
    if holds_sealed():
        raise missing(path, ", and the store holds passwords sealed with it (a new key would not open them)")
    return create_key(path)


class SealingKey:
    """The store's :meth:`key` (mixed into :class:`~entrytui.store.Store`)."""

    key_path: Path
    _key: bytes | None = None

    def key(self, create: bool = False) -> bytes:
        """The key that seals passwords; ``create``: make one when there is none and no
        password was sealed yet (a new key would not open those)."""
        if self._key is None:
            self._key = load_key(self.key_path, create, self._holds_sealed)
        return self._key

    def _holds_sealed(self) -> bool:
        with self.reading() as db:  # type: ignore[attr-defined]  # the Store's
            return any(d.get("password_sealed") for d in tables_rows(db, "candidates"))
