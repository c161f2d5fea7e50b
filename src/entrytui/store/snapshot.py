"""The snapshot file's layout: plain TinyDB JSON, written in lines of at most ``CHUNK`` documents.

One ``json.loads`` or ``json.dumps`` of a 50 MB store holds Python's global lock for half a
second, which freezes the terminal UI even when the work runs in a worker thread.  Written
as below, the same JSON is read and written a chunk at a time (a few milliseconds each), so
the UI thread gets its turn in between::

    {
    "entries":{
    "1":{...},"2":{...},...,"1000":{...},
    "1001":{...},...
    },
    "meta":{
    "1":{"schema":1,"generation":3,"digest":"<sha-256 of every byte before the meta table>"}
    }
    }

Any other layout (TinyDB's own one-line file) is read whole.  The digest makes a document
edited, added or removed outside entrytui a refusal (tamper evidence), not a silent change.
"""

from __future__ import annotations

import hashlib
from itertools import islice

from entrytui.errors import StoreCorrupt
from entrytui.store.chain import Tampered
from entrytui.store.jsontext import dumps, loads, loads_written

CHUNK = 1000
META, DIGEST = "meta", "digest"  # the meta table's document 1 holds the digest of what is before it


def dump(data: dict[str, dict[str, dict]]) -> bytes:
    """The tables, the meta table last, its document 1 holding the ``digest`` of every byte
    before it (what :func:`load` checks)."""
    parts = [b"{"]
    for name, docs in data.items():
        if name != META:
            parts += _table(name, docs) + [b"},"]
    head = b"\n".join(parts) + b"\n"
    meta = {k: dict(v) for k, v in data.get(META, {}).items()}
    meta.setdefault("1", {})[DIGEST] = hashlib.sha256(head).hexdigest()
    return head + b"\n".join([*_table(META, meta), b"}", b"}"]) + b"\n"


def _table(name: str, docs: dict) -> list[bytes]:
    parts = [dumps(str(name)) + b":{"]
    items = iter(docs.items())
    chunks = []
    while chunk := dict(islice(items, CHUNK)):
        chunks.append(dumps(chunk)[1:-1])
    if chunks:
        parts.append(b",\n".join(chunks))
    return parts


def _refuse_changed(raw: bytes, meta: dict, where: str) -> None:
    """A snapshot carries the digest of its content (stores written before it did, none):
    one that no longer matches was changed outside entrytui."""
    if DIGEST not in meta:
        return
    at = raw.rfind(b'\n"meta":{\n')
    if at < 0 or hashlib.sha256(raw[: at + 1]).hexdigest() != meta[DIGEST]:
        raise Tampered(
            f"{where} was changed outside entrytui (its content no longer matches its checksum); it was left "
            "untouched (restore it from a backup; 'entrytui check' names what differs)"
        )


def load(raw: bytes, path, schema: int) -> dict:
    """The tables of the store file at ``path``; anything else raises StoreCorrupt naming it."""
    where = f"the store {path}"
    if not raw.strip():
        raise StoreCorrupt(f"{where} is empty; it was left untouched (restore it from a backup)")
    try:
        data = parse(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise StoreCorrupt(
            f"{where} cannot be read ({exc}); it was left untouched (restore it from a backup)"
        ) from None
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise StoreCorrupt(f"{where} is not an entrytui store; it was left untouched")
    meta = data.get("meta", {}).get("1", {})
    if meta.get("schema") != schema or not isinstance(meta.get("generation", 0), int):
        raise StoreCorrupt(f"{where} is not an entrytui store (no schema {schema}); it was left untouched")
    _refuse_changed(raw, meta, where)
    meta.pop(DIGEST, None)  # the file's, not the data's: each dump writes its own
    return data


def parse(raw: bytes):
    """The store's tables; raises ValueError/UnicodeDecodeError like ``json.loads``."""
    try:
        found = _parse_chunks(raw)
    except (ValueError, UnicodeDecodeError, IndexError):
        found = None
    return found if found is not None else loads(raw)


def _parse_chunks(raw: bytes) -> dict | None:
    lines = raw.split(b"\n")
    if lines[0] != b"{" or lines[-1] != b"" or lines[-2] != b"}":
        return None
    data: dict[str, dict] = {}
    i, end = 1, len(lines) - 2
    while i < end:
        opening = lines[i]
        if not opening.endswith(b":{"):
            return None
        name = loads(opening[:-2])
        if not isinstance(name, str):
            return None
        docs: dict = {}
        i += 1
        while lines[i] not in (b"}", b"},"):
            line = lines[i]
            more = lines[i + 1] not in (b"}", b"},")
            if line.endswith(b",") != more:  # a comma between chunks, none after the last
                return None
            docs.update(loads_written(b"{" + (line[:-1] if more else line) + b"}"))
            i += 1
        if (lines[i] == b"},") != (i < end - 1):
            return None
        data[name] = docs
        i += 1
    return data
