"""The store's files as the operating system sees them: the lock, who may use a file, and
what a failed system call means in one sentence for the operator."""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from entrytui.errors import StoreError, StoreLocked, StorePermission, StoreReadOnly
from entrytui.files import private_mode

Waiting = Callable[[float], None]  # told the lock timeout when another process holds the lock


def os_error(path: Path, action: str, exc: OSError) -> StoreError:
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StorePermission(f"cannot {action} the store {path}: permission denied ({exc.strerror})")
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return StoreError(f"cannot {action} the store {path}: the disk is full; nothing was changed")
    return StoreError(f"cannot {action} the store {path}: {exc.strerror or exc}")


def refuse_unsafe(
    path: Path, st: os.stat_result, file: str = "the store file", holds: str = "candidates' personal data"
) -> None:
    """A store file (or the key: ``file``, what it ``holds``) anyone outside its owner and
    group could read or change, or one belonging to a stranger, is not used."""
    if st.st_mode & (stat.S_IROTH | stat.S_IWOTH):
        what = (
            "readable and writable"
            if st.st_mode & stat.S_IWOTH and st.st_mode & stat.S_IROTH
            else ("writable" if st.st_mode & stat.S_IWOTH else "readable")
        )
        raise StorePermission(
            f"{file} {path} is {what} by everyone (mode {stat.S_IMODE(st.st_mode):04o}), so anyone "
            f"could read or change {holds}; entrytui will not use it until 'chmod o-rwx {path}'"
        )
    folder = os.stat(path.parent)
    if folder.st_mode & stat.S_IWOTH and not folder.st_mode & stat.S_ISVTX:
        raise StorePermission(
            f"the folder {path.parent} is writable by everyone, so anyone could replace the store; "
            f"entrytui will not use it until 'chmod o-w {path.parent}'"
        )
    if st.st_uid != os.getuid() and st.st_gid not in (os.getgid(), *os.getgroups()):
        raise StorePermission(
            f"{file} {path} belongs to user {st.st_uid} and group {st.st_gid}, neither you nor one "
            "of your groups; entrytui will not use it (share a store through the operators' group)"
        )


def writable(*paths: Path) -> bool:
    """Whether this process may write every one of ``paths`` that exists."""
    return all(not path.exists() or os.access(path, os.W_OK) for path in paths)


def refuse_read_only(*paths: Path) -> None:
    """A change needs to write the store's files: an operator who may only read them is told
    so in one sentence, before anything is opened for writing (nothing is written for them)."""
    for path in paths:
        if path.exists() and not os.access(path, os.W_OK):
            raise StoreReadOnly(
                f"you may read the store {path.parent / paths[0].name} but not change it: you have no write "
                f"permission on {path}; views, lists, the register, exports and check still work "
                "(ask the store's owner to add you to the group that may write it)"
            )


def open_checked(path: Path) -> BinaryIO | None:
    """A store file open for reading, checked by :func:`refuse_unsafe`; None when it does not exist."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - handed to the caller, who closes it (a `with` there)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise os_error(path, "read", exc) from exc
    try:
        refuse_unsafe(path, os.fstat(handle.fileno()))
    except BaseException:
        handle.close()
        raise
    return handle


def open_lock(lock_path: Path, mode: int) -> int:
    """Open the lock file (creating it with owner/group-only permissions, whatever the umask);
    an operator who may only read the store takes the shared lock on a read-only handle."""
    try:
        return os.open(lock_path, os.O_RDWR | os.O_NOFOLLOW)
    except PermissionError:
        if mode != fcntl.LOCK_SH:
            raise
        return os.open(lock_path, os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        if not lock_path.parent.is_dir():
            raise
    permissions = private_mode(lock_path.parent)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, permissions)
    os.fchmod(fd, permissions)
    return fd


def acquire(fd: int, mode: int, timeout: float, store_path: Path, waiting: Waiting | None = None) -> None:
    """``flock`` with a deadline: another operator's long hold becomes one sentence.
    ``waiting`` is told once, as soon as the lock turns out to be held by someone else."""
    deadline = time.monotonic() + timeout
    pause = 0.002
    told = False
    while True:
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if waiting is not None and not told:
                told = True
                waiting(timeout)
            if time.monotonic() >= deadline:
                raise StoreLocked(
                    f"the store {store_path} has been locked by another operator for over "
                    f"{timeout:g} s; nothing was changed - try again"
                ) from None
            time.sleep(pause)
            pause = min(pause * 2, 0.05)


def sweep_temporaries(*targets: Path) -> None:
    """Remove the temporary files a writer that died left beside ``targets``; safe only under
    the exclusive lock, when no other writer can be staging one."""
    for target in targets:
        for leftover in target.parent.glob(f".{target.name}.*.tmp"):
            try:
                leftover.unlink()
            except OSError:
                pass
