"""The store's JSON.  Written by orjson: the same text as the standard library's
``json.dumps(value, ensure_ascii=False, separators=(",", ":"))`` (``canonical``: with
``sort_keys=True``), which wrote every store before it, at a tenth of the time (a 25,000-row
upload spent a third of its commit in ``json.dumps``); ``tests/test_jsontext.py`` holds the
two to the same bytes.  A value orjson refuses (an integer beyond 64 bits, none of entrytui's
own) is written by the standard library.  Read by the standard library: orjson reads such an
integer as a float, silently, and reads no faster than a third better.
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
