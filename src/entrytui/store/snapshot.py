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
    "1":{"schema":1,"generation":3}
    }
    }

Any other layout (TinyDB's own one-line file, a file edited by hand) is read whole.
"""

from __future__ import annotations

import json
from itertools import islice

from entrytui.errors import StoreCorrupt

CHUNK = 1000


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def dump(data: dict[str, dict[str, dict]]) -> bytes:
    parts = ["{"]
    for t, (name, docs) in enumerate(data.items()):
        parts.append(_dumps(str(name)) + ":{")
        items = iter(docs.items())
        chunks = []
        while chunk := dict(islice(items, CHUNK)):
            chunks.append(_dumps(chunk)[1:-1])
        if chunks:
            parts.append(",\n".join(chunks))
        parts.append("}," if t < len(data) - 1 else "}")
    parts.append("}")
    return ("\n".join(parts) + "\n").encode("utf-8")


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
    return data


def parse(raw: bytes):
    """The store's tables; raises ValueError/UnicodeDecodeError like ``json.loads``."""
    try:
        found = _parse_chunks(raw)
    except (ValueError, UnicodeDecodeError, IndexError):
        found = None
    return found if found is not None else json.loads(raw)


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
        name = json.loads(opening[:-2])
        if not isinstance(name, str):
            return None
        docs: dict = {}
        i += 1
        while lines[i] not in (b"}", b"},"):
            line = lines[i]
            more = lines[i + 1] not in (b"}", b"},")
            if line.endswith(b",") != more:  # a comma between chunks, none after the last
                return None
            docs.update(json.loads(b"{" + (line[:-1] if more else line) + b"}"))
            i += 1
        if (lines[i] == b"},") != (i < end - 1):
            return None
        data[name] = docs
        i += 1
    return data
