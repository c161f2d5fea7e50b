"""Durable, private file writes shared by the store and the exports.

A file is first *staged*: written to a temporary file beside its target, flushed and
fsynced, with its final mode.  Publishing renames it over the target and fsyncs the
folder, so a reader (or a crash) sees the old file or the new one, never a mix.
Staging first lets a caller write several files, then commit the store, then publish
them all, and discard the stages if anything fails on the way.
"""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

PRIVATE, GROUP_SHARED = 0o600, 0o660


def private_mode(folder: Path) -> int:
    """0600, or 0660 when the folder is shared by a group (group-writable or set-group-id)
    but not by everyone (a world-writable folder such as /tmp gets 0600)."""
    mode = os.stat(folder).st_mode
    if mode & stat.S_IWOTH:
        return PRIVATE
    return GROUP_SHARED if mode & (stat.S_ISGID | stat.S_IWGRP) else PRIVATE


class Staged:
    """A fully written temporary file waiting to replace ``target``."""

    def __init__(self, target: Path, payload: bytes, mode: int | None = None, group: int | None = None):
        self.target = Path(target)
        self.temporary = self.target.with_name(f".{self.target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        mode = private_mode(self.target.parent) if mode is None else mode
        fd = _create_new(self.temporary, mode)
        try:
            os.fchmod(fd, mode)  # whatever the umask
            if group is not None and os.fstat(fd).st_gid != group:
                try:
                    os.fchown(fd, -1, group)
                except PermissionError:
                    pass
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
            self.stat = os.fstat(fd)
        except BaseException:
            os.close(fd)
            self.discard()
            raise
        os.close(fd)

    def publish(self) -> None:
        os.replace(self.temporary, self.target)
        fsync_folder(self.target.parent)

    def discard(self) -> None:
        try:
            os.unlink(self.temporary)
        except OSError:
            pass


def _create_new(path: Path, mode: int) -> int:
    """A new file, never through a link planted at its name (O_EXCL, O_NOFOLLOW); a leftover
    of our own with that name (same pid and thread, after a crash) is removed first."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
    try:
        return os.open(path, flags, mode)
    except FileExistsError:
        os.unlink(path)
        return os.open(path, flags, mode)


def unusable(path: Path) -> str | None:
    """Why a new file cannot be written at ``path`` (said before any slow work), or None."""
    if not path.name or path.name in (".", ".."):
        return "no file name given"
    if "\0" in str(path):
        return "a file name cannot hold U+0000"
    if path.is_dir():
        return f"{path} is a folder; give the name of a file in it"
    if not path.parent.is_dir():
        return f"the folder {path.parent} does not exist"
    return None


def fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish_together(staged: list[Staged]) -> None:
    """Rename every staged file into place, or (one rename failing) none: a file already
    published is put back as it was (the one it replaced, or no file)."""
    kept: list[tuple[Staged, Path | None]] = []
    try:
        for file in staged:
            before = None
            if file.target.exists():
                before = file.target.with_name(f".{file.target.name}.{os.getpid()}.before.tmp")
                os.link(file.target, before)
            kept.append((file, before))
            try:
                file.publish()
            except OSError as exc:
                exc.filename = exc.filename or str(file.target)
                raise
    except BaseException:
        for file, before in reversed(kept):
            if before is not None:
                os.replace(before, file.target)
            elif file.target.exists() and not file.temporary.exists():
                os.unlink(file.target)
        raise
    finally:
        for _, before in kept:
            if before is not None and before.exists():
                os.unlink(before)


def write_atomically(target: Path, payload: bytes, mode: int | None = None) -> None:
    staged = Staged(target, payload, mode)
    try:
        staged.publish()
    except BaseException:
        staged.discard()
        raise
