"""The store's JSON (orjson) is byte for byte what the standard library wrote before it: stores,
journals and audit chains written by earlier versions read and check unchanged."""

from __future__ import annotations

import hashlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from entrytui.store import jsontext, snapshot

texts = st.text(st.characters(exclude_categories=("Cs",)))  # every character a store can hold
scalars = st.none() | st.booleans() | st.integers() | texts
values = st.recursive(scalars, lambda inner: st.lists(inner) | st.dictionaries(texts, inner), max_leaves=30)


def stdlib(value, sort_keys: bool = False) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=sort_keys).encode("utf-8")


@given(values)
def test_the_same_bytes_as_the_standard_library(value):
    assert jsontext.dumps(value) == stdlib(value)
    assert jsontext.canonical(value) == stdlib(value, sort_keys=True)  # what the audit chain hashes
    assert jsontext.loads(stdlib(value)) == value == json.loads(jsontext.dumps(value))


@given(values)
def test_the_fast_reader_reads_every_value_as_the_standard_library_does(value):
    raw = jsontext.dumps(value)
    assert jsontext.loads_written(raw) == json.loads(raw) == value


@pytest.mark.parametrize("number", [2**63 - 1, 2**63, -(2**63) - 1, 2**64, 10**30, -(10**19)])
def test_an_integer_beyond_64_bits_stays_an_exact_integer(number):
    raw = b'{"1":{"n":%d,"s":"x"}}' % number
    assert jsontext.loads_written(raw) == {"1": {"n": number, "s": "x"}}
    assert type(jsontext.loads_written(raw)["1"]["n"]) is int


@pytest.mark.parametrize("raw", [b'{"a":"\\ud800"}', b'{"a":NaN}', b'{"a":1e400}'])
def test_what_orjson_refuses_is_read_as_the_standard_library_reads_it(raw):
    assert repr(jsontext.loads_written(raw)) == repr(json.loads(raw))


def test_bad_json_written_or_not_raises_a_value_error():
    for read in (jsontext.loads, jsontext.loads_written):
        with pytest.raises(ValueError):
            read(b'{"a":')


def test_control_characters_and_line_separators_are_written_as_before():
    value = {"é": '\x00\x1f\x7f\u2028\u2029\ufeff😀\\"', "z": 1, "a": [True, None]}
    assert jsontext.dumps(value) == stdlib(value)
    assert jsontext.canonical(value) == stdlib(value, sort_keys=True)


def _stdlib_snapshot(data: dict) -> bytes:
    """The snapshot as the version before orjson wrote it (json.dumps, chunks of 1,000)."""

    def table(name, docs):
        items = list(docs.items())
        chunks = [stdlib(dict(items[i : i + 1000])).decode()[1:-1] for i in range(0, len(items), 1000)]
        return [json.dumps(name) + ":{", ",\n".join(chunks)] if chunks else [json.dumps(name) + ":{"]

    head = ("\n".join(["{", *table("entries", data["entries"]), "},"]) + "\n").encode()
    meta = {"1": {**data["meta"]["1"], "digest": hashlib.sha256(head).hexdigest()}}
    return head + ("\n".join([*table("meta", meta), "}", "}"]) + "\n").encode()


def test_a_snapshot_is_written_as_the_standard_library_wrote_it_and_reads_back():
    data = {
        "entries": {str(i): {"id": f"E{i}", "name": "Zoë\u2028"} for i in range(1, 2500)},
        "meta": {"1": {"schema": 1}},
    }
    assert snapshot.dump(data) == _stdlib_snapshot(data)
    assert snapshot.load(_stdlib_snapshot(data), "s.json", 1) == data


@pytest.mark.parametrize("raw", [b'{"a":1', b'{"a":1}x', b'"\xff"', b"", b"{'a':1}"])
def test_bad_json_is_a_value_error(raw):
    with pytest.raises(ValueError):
        jsontext.loads(raw)
