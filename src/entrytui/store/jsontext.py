"""The store's JSON.  Written by orjson: the same text as the standard library's
``json.dumps(value, ensure_ascii=False, separators=(",", ":"))`` (``canonical``: with
``sort_keys=True``), which wrote every store before it, at a tenth of the time (a 25,000-row
upload spent a third of its commit in ``json.dumps``); ``tests/test_jsontext.py`` holds the
two to the same bytes.  A value orjson refuses (an integer beyond 64 bits, none of entrytui's
own) is written by the standard library.

Read by the standard library (:func:`loads`), since orjson reads an integer beyond 64 bits as a
float, silently; except the snapshot's chunks of documents (:func:`loads_written`), which
orjson reads in two fifths of the time (0.25 s instead of 0.63 s at 100,000 entries): their
bytes are what entrytui wrote (their SHA-256 is checked), and entrytui writes no such integer
(every number it stores passed the rules: a capacity, a count, a generation).
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


def loads_written(raw: bytes) -> Any:
    """:func:`loads` for JSON that entrytui wrote, by orjson; what orjson refuses (a lone
    surrogate, NaN: never written by entrytui either) is read as :func:`loads` reads it, and
    bad JSON raises what it raises."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return json.loads(raw)
