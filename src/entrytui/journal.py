"""The store's journal: one checksummed line per committed change, appended after the snapshot.

A line reads ``<crc32 as 8 hex digits> <json>\\n``.  The first line is the header
``{"journal": 1, "generation": G, "folded": [G0, L0] | null}``: the journal holds the
changes made since snapshot generation ``G``; ``folded`` says the snapshot was made from
generation ``G0`` plus its journal's first ``L0`` bytes, so a process that had read exactly
that far need not re-read the snapshot.  Every other line is one transaction: a list of
``[table, doc id, document or null]`` (null: removed).

A line is written with one ``write`` and ends with the newline, so a crash can only leave a
*torn* last line without its newline: it was never acknowledged and is ignored (and cut off
by the next writer).  A complete line whose checksum fails is damage, and is reported.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass

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
    folded: tuple[int, int] | None
    length: int  # bytes, newline included


def encode(value) -> bytes:
    body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return b"%08x " % zlib.crc32(body) + body + b"\n"


def header_line(generation: int, folded: tuple[int, int] | None = None) -> bytes:
    return encode({"journal": VERSION, "generation": generation, "folded": list(folded) if folded else None})


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
        return json.loads(body)
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
    folded = value.get("folded")
    return Header(value["generation"], tuple(folded) if folded else None, end + 1)


def read_changes(raw: bytes, start: int) -> tuple[list[list], int]:
    """The transactions in ``raw`` (a journal's bytes from offset ``start``) and how many
    bytes of it are whole lines; a torn tail is left out."""
    changes, done = [], 0
    while True:
        end = raw.find(b"\n", done)
        if end < 0:
            return changes, done
        ops = _decode_line(raw[done:end], start + done)
        if not isinstance(ops, list) or not all(isinstance(op, list) and len(op) == 3 for op in ops):
            raise JournalDamaged(start + done, "not a list of changes")
        changes.append(ops)
        done = end + 1
