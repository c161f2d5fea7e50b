"""The store's journal: one checksummed line per committed change, appended after the snapshot.

A line reads ``<crc32 as 8 hex digits> <json>\\n``.  The first line is the header
``{"journal": 1, "generation": G, "folded": [G0, L0] | null}``: the journal holds the
changes made since snapshot generation ``G``; ``folded`` (the on-disk name of what the code
calls ``compacted_from``; kept so that existing journals still read) says the snapshot was made from
generation ``G0`` plus its journal's first ``L0`` bytes, so a process that had read exactly
that far need not re-read the snapshot.  Every other line is one transaction: a list of
``[table, doc id, document or null]`` (null: removed).

A line is written with one ``write`` and ends with the newline, so a crash can only leave a
*torn* last line without its newline: it was never acknowledged and is ignored (and cut off
by the next writer).  A complete line whose checksum fails is damage, and is reported.
"""

from __future__ import annotations

import os
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from entrytui.errors import StoreError
from entrytui.store.filesystem import open_checked, os_error
from entrytui.store.jsontext import dumps, loads

VERSION = 1
HEADER_MAX = 4096  # a header line is far shorter


class JournalDamaged(ValueError):
    """A complete line that is not what was written (``at`` is its byte offset)."""

    def __init__(self, at: int, why: str):
        super().__init__(f"damaged at byte {at} ({why})")
        self.at = at


@dataclass(frozen=True)
class Header:
    generation: int
    compacted_from: tuple[int, int] | None  # (generation, journal length) the snapshot was made from
    length: int  # bytes, newline included


def encode(value) -> bytes:
    body = dumps(value)
    return b"%08x " % zlib.crc32(body) + body + b"\n"


def header_line(generation: int, compacted_from: tuple[int, int] | None = None) -> bytes:
    made_from = list(compacted_from) if compacted_from else None
    return encode({"journal": VERSION, "generation": generation, "folded": made_from})


def _decode_line(line: bytes, at: int):
    if len(line) < 10 or line[8:9] != b" ":
        raise JournalDamaged(at, "not a journal line")
    body = line[9:]
    try:
        crc = int(line[:8], 16)
    except ValueError:
        raise JournalDamaged(at, "no checksum") from None
    if zlib.crc32(body) != crc:
        raise JournalDamaged(at, "checksum does not match")
    try:
        return loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise JournalDamaged(at, f"unreadable: {exc}") from None


def read_header(raw: bytes) -> Header:
    """The header at the start of ``raw``.  A journal is created whole (header included) by
    a rename, so one without a whole header line is damaged."""
    end = raw.find(b"\n")
    if end < 0:
        raise JournalDamaged(0, "no header line" if raw else "empty")
    value = _decode_line(raw[:end], 0)
    if not isinstance(value, dict) or value.get("journal") != VERSION or not isinstance(value.get("generation"), int):
        raise JournalDamaged(0, "not an entrytui journal header")
    made_from = value.get("folded")
    return Header(value["generation"], tuple(made_from) if made_from else None, end + 1)


def read_changes(raw: bytes, start: int) -> tuple[list[list], int]:
    """The transactions in ``raw`` (a journal's bytes from offset ``start``) and how many
    bytes of it are whole lines; a torn tail is left out."""
    changes: list[list] = []
    done = 0
    while True:
        end = raw.find(b"\n", done)
        if end < 0:
            return changes, done
        ops = _decode_line(raw[done:end], start + done)
        if not isinstance(ops, list) or not all(isinstance(op, list) and len(op) == 3 for op in ops):
            raise JournalDamaged(start + done, "not a list of changes")
        changes.append(ops)
        done = end + 1


def append(path: Path, line: bytes, offset: int) -> os.stat_result:
    """Append one whole line at ``offset`` (the journal's length) and fsync it; returns the
    journal's stat.  When the write or the fsync fails the journal is cut back to ``offset``
    and the error raised as one sentence: the change was not acknowledged."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW)
    except OSError as exc:
        raise os_error(path, "write", exc) from exc
    try:
        view = memoryview(line)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
        return os.fstat(fd)
    except OSError as exc:
        try:
            os.ftruncate(fd, offset)
            os.fsync(fd)
        except OSError:
            # The line may be whole on disk (only its fsync failed): other processes, and
            # this one on its next read, would then see the change.  Say so.
            raise StoreError(
                f"cannot write the store {path}: {exc.strerror or exc}, and the change may "
                "have been saved all the same; look before you try again"
            ) from exc
        raise os_error(path, "write", exc) from exc
    finally:
        os.close(fd)


def cut_back(path: Path, offset: int) -> None:
    """Cut the journal back to ``offset`` (a torn last line left by a writer that died)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NOFOLLOW)
        try:
            os.ftruncate(fd, offset)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise os_error(path, "write", exc) from exc


def read_between(path: Path, generation: int, start: int, end: int) -> list[list[Any]] | None:
    """The transactions between byte ``start`` and ``end`` of the journal at ``path`` (the one a
    compaction kept as ``.journal.prev``), if it is of ``generation`` and holds exactly whole
    lines there; None when it cannot tell (then the caller reads the snapshot instead)."""
    try:
        handle = open_checked(path)
        if handle is None:
            return None
        with handle:
            old = read_header(handle.read(HEADER_MAX))
            start = max(start, old.length)
            handle.seek(start)
            rest = handle.read(end - start)
        if old.generation != generation:
            return None
        changes, done = read_changes(rest, start)
    except (JournalDamaged, OSError, StoreError):
        return None
    return changes if start + done == end else None
