"""The store's JSON.  Written by orjson: the same text as the standard library's
``json.dumps(value, ensure_ascii=False, separators=(",", ":"))`` (``canonical``: with
``sort_keys=True``), which wrote every store before it, at a tenth of the time (a 25,000-row
upload spent a third of its commit in ``json.dumps``); ``tests/test_jsontext.py`` holds the
two to the same bytes.  A value orjson refuses (an integer beyond 64 bits, none of entrytui's
own) is written by the standard library.

Read by the standard library (:func:`loads`), since orjson reads an integer beyond 64 bits as a
float, silently; except the snapshot's chunks of documents (:func:`loads_written`): orjson reads
them in two fifths of the time, and a chunk where such an integer may be (a run of 19 digits or
more, even inside a string) is read by the standard library, so every value reads exactly.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

_PLAIN = orjson.OPT_NON_STR_KEYS
_SORTED = orjson.OPT_NON_STR_KEYS | orjson.OPT_SORT_KEYS


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON, keys in their order."""
    try:
        return orjson.dumps(value, option=_PLAIN)
    except TypeError:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def canonical(value: Any) -> bytes:
    """Compact UTF-8 JSON, keys sorted: what the audit chain hashes."""
    try:
        return orjson.dumps(value, option=_SORTED)
    except TypeError:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def loads(raw: bytes | str) -> Any:
    """The value of ``raw``; raises ValueError (or UnicodeDecodeError) on bad JSON or UTF-8."""
    return json.loads(raw)


_DIGITS = bytes(48 if 48 <= byte <= 57 else 32 for byte in range(256))  # a digit reads "0", the rest " "
_MAY_BE_BEYOND_64_BITS = b"0" * 19  # any integer of 18 digits or fewer fits in 64 bits


def loads_written(raw: bytes) -> Any:
    """:func:`loads`, faster: by orjson unless ``raw`` holds a run of 19 digits or more (an
    integer beyond 64 bits, which orjson would read as a float); what orjson refuses (a lone
    surrogate, NaN) is read as :func:`loads` reads it, and bad JSON raises what it raises.
    At 100,000 entries: 0.39 s for the snapshot, 0.14 s of it looking for the digits, where
    the standard library takes 0.63 s."""
    if _MAY_BE_BEYOND_64_BITS in raw.translate(_DIGITS):
        return json.loads(raw)
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return json.loads(raw)
