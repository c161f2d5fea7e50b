"""The store's tables in memory, changed one document at a time.

TinyDB's own ``Table`` rebuilds a whole table on every change (``_update_table``), which
costs what is stored.  :class:`JournalTable` hands TinyDB's updaters a view of the live
table instead, so an insert or update touches only its documents; :class:`Tables` keeps,
for the transaction in progress, the old value of every document touched (to undo the
change if the block fails, and to list what changed for the journal), and keeps indexes
on the fields the services look up by, updated as documents change.
"""

from __future__ import annotations

import copy
import gc
from collections import ChainMap
from collections.abc import Callable, Iterable, Iterator, ValuesView
from enum import Enum
from operator import itemgetter
from typing import Any, NamedTuple

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from entrytui.store import chain


class _Missing(Enum):
    """The type of MISSING: an enum member, so that ``x is MISSING`` narrows ``x`` for a type checker."""

    MISSING = "missing"


MISSING = _Missing.MISSING  # a document not (or no longer) in its table


class Derived(NamedTuple):
    """An index on a value computed from each document rather than on one of its fields
    (the services define them: the store knows documents, not what they mean)."""

    name: str
    of: Callable[[dict], object]


Field = str | Derived  # what a lookup is by: a document's field, or a derived value


class Index:
    """value -> the keys of the documents holding it, and back.  A value held by one
    document maps to its key alone (a str), by several to a dict of keys: most indexed
    values are unique, and 100,000 one-key dicts would cost memory and garbage-collector time."""

    def __init__(self, key: Callable[[dict], object]):
        self.key = key
        self.forward: dict[object, str | dict[str, None]] = {}
        self.reverse: dict[str, object] = {}

    @classmethod
    def built(cls, key: Callable[[dict], object], docs: dict[str, dict]) -> Index:
        """The index of ``docs``, as filing each in turn makes it, with nothing to take out first
        (entries by session at 100,000: 0.09 to 0.16 s, where filing took 0.16 to 0.20 s)."""
        index = cls(key)
        add = index._add
        for doc_id, doc in docs.items():
            add(doc_id, key(doc))
        return index

    def keys(self, value) -> list[str]:
        found = self.forward.get(value)
        if found is None:
            return []
        return [found] if isinstance(found, str) else list(found)

    def file(self, doc_id: str, doc: dict | None) -> None:
        old = self.reverse.pop(doc_id, MISSING)
        if old is not MISSING:
            bucket = self.forward[old]
            if isinstance(bucket, str):
                del self.forward[old]
            else:
                del bucket[doc_id]
                if len(bucket) == 1:
                    self.forward[old] = next(iter(bucket))
        if doc is not None:
            self._add(doc_id, self.key(doc))

    def _add(self, doc_id: str, value) -> None:
        """File a document not filed yet, under ``value``."""
        self.reverse[doc_id] = value
        held = self.forward.get(value)
        if held is None:
            self.forward[value] = doc_id
        elif isinstance(held, str):
            self.forward[value] = {held: None, doc_id: None}
        else:
            held[doc_id] = None


class Tables:
    """The parsed store (``data``: table -> doc id -> document) and its transaction state."""

    def __init__(self, data: dict[str, dict[str, dict]]):
        self.data = data
        self._indexes: dict[tuple[str, str], Index] = {}
        self._stale: dict[str, set[str]] = {}  # documents changed since the indexes saw them
        self._indexed: set[str] = set()  # tables with at least one index
        self._next_ids: dict[str, int] = {}
        self._undo: dict[tuple[str, str], dict | _Missing] | None = None
        self._saved_next_ids: dict[str, int] = {}

    # ---- transactions ----------------------------------------------------------

    def begin(self) -> None:
        self._undo = {}
        self._saved_next_ids = dict(self._next_ids)

    def touch(self, table: str, doc_id: str) -> None:
        """Called before a document is changed: remember how it was."""
        if self._undo is None:
            raise RuntimeError("the store is read-only here; change it in Store.transaction()")
        self._mark(table, doc_id)
        if (table, doc_id) not in self._undo:
            old = self.data.get(table, {}).get(doc_id, MISSING)
            self._undo[(table, doc_id)] = old if old is MISSING else copy.deepcopy(old)

    def changes(self) -> list[list]:
        """What the transaction changed, as journal operations ``[table, doc id, doc | None]``."""
        ops = []
        for (table, doc_id), old in (self._undo or {}).items():
            new = self.data.get(table, {}).get(doc_id, MISSING)
            if new is MISSING and old is MISSING or new == old:
                continue
            ops.append([table, doc_id, None if new is MISSING else new])
        return ops

    def end(self) -> None:
        self._undo = None

    def rollback(self) -> None:
        for (table, doc_id), old in (self._undo or {}).items():
            docs = self.data.setdefault(table, {})
            if old is MISSING:
                docs.pop(doc_id, None)
            else:
                docs[doc_id] = old
            self._mark(table, doc_id)
        self._next_ids = self._saved_next_ids
        self._undo = None

    def apply(self, ops: list[list], where: str = "the journal") -> None:
        """Replay one committed transaction (read from the journal); one that breaks the audit
        trail's chain raises :class:`~entrytui.store.chain.Tampered` before anything changes."""
        added: dict[str, dict] = {}  # this line's events so far: the next one links to them
        events = ChainMap(added, self.data.get(chain.CHAINED, {}))
        for table, doc_id, doc in ops:
            if table == chain.CHAINED:
                chain.check_replayed(events, doc_id, doc, where)
                added[doc_id] = doc
        for table, doc_id, doc in ops:
            docs = self.data.setdefault(table, {})
            if doc is None:
                docs.pop(doc_id, None)
            else:
                docs[doc_id] = doc
                if table in self._next_ids:
                    self._next_ids[table] = max(self._next_ids[table], int(doc_id) + 1)
            self._mark(table, doc_id)

    def _mark(self, table: str, doc_id: str) -> None:
        if table in self._indexed:
            self._stale.setdefault(table, set()).add(doc_id)

    def next_id(self, table: str) -> int:
        if table not in self._next_ids:
            self._next_ids[table] = max(map(int, self.data.get(table, {})), default=0) + 1
        doc_id = self._next_ids[table]
        self._next_ids[table] = doc_id + 1
        return doc_id

    # ---- lookups ---------------------------------------------------------------

    def find_ids(self, table: str, field: Field, value) -> list[str]:
        """The ids of the documents of ``table`` whose ``field`` is ``value``, oldest first."""
        return sorted(self._index(table, field).keys(value), key=int)

    def first(self, table: str, field: Field, value) -> dict | None:
        """The oldest document of ``table`` whose ``field`` is ``value`` (read only), or None;
        a unique value (most are) is one dict lookup, no list made."""
        found = self._index(table, field).forward.get(value)
        if found is None:
            return None
        return self.data[table][found if isinstance(found, str) else min(found, key=int)]

    def holds(self, table: str, field: Field, value) -> bool:
        """Whether any document of ``table`` has ``field`` equal to ``value`` (no list made)."""
        return value in self._index(table, field).forward

    def find(self, table: str, field: Field, value) -> list[dict]:
        """The documents of ``table`` whose ``field`` is ``value``, oldest first (read only)."""
        docs = self.data.get(table, {})
        return [docs[doc_id] for doc_id in self.find_ids(table, field, value)]

    def _index(self, table: str, field: Field) -> Index:
        stale = self._stale.pop(table, None)
        if stale:
            docs = self.data.get(table, {})
            for (name, _), stale_index in self._indexes.items():
                if name == table:
                    for doc_id in stale:
                        stale_index.file(doc_id, docs.get(doc_id))
        name = field.name if isinstance(field, Derived) else field
        index = self._indexes.get((table, name))
        if index is None:
            index = Index.built(field.of if isinstance(field, Derived) else itemgetter(field), self.data.get(table, {}))
            self._indexes[(table, name)] = index
            self._indexed.add(table)
            gc.freeze()  # long-lived: keep it out of every future garbage collection
        return index

    def index_problems(self) -> list[str]:
        """Every index built so far compared with a scan of its table: what differs."""
        found = []
        for (table, name), index in list(self._indexes.items()):
            self._index(table, name)  # built already: this files the documents changed since
            docs, key = self.data.get(table, {}), index.key
            wrong = [i for i, doc in docs.items() if index.reverse.get(i, MISSING) != key(doc)]
            wrong += [i for i in index.reverse if i not in docs]  # filed, but gone
            wrong += [i for value in index.forward for i in index.keys(value) if index.reverse.get(i) != value]
            if wrong:
                found.append(f"the index of {table} by {name} differs from a scan at documents {sorted(wrong)[:5]}")
        return found


class _LiveTable:
    """What TinyDB's updaters see: the live table, keyed by int, every change recorded."""

    def __init__(self, tables: Tables, name: str):
        self.tables, self.name = tables, name
        self.docs = tables.data.setdefault(name, {})

    def __contains__(self, doc_id) -> bool:
        return str(doc_id) in self.docs

    def __getitem__(self, doc_id) -> dict:
        doc = self.docs[str(doc_id)]
        self.tables.touch(self.name, str(doc_id))  # the caller may change it in place
        return doc

    def __setitem__(self, doc_id, doc: dict) -> None:
        self.tables.touch(self.name, str(doc_id))
        self.docs[str(doc_id)] = doc

    def pop(self, doc_id, *default):
        if str(doc_id) in self.docs:
            self.tables.touch(self.name, str(doc_id))
        return self.docs.pop(str(doc_id), *default)

    def __delitem__(self, doc_id) -> None:
        self.pop(doc_id)

    def keys(self) -> list[int]:
        return [int(k) for k in self.docs]

    def __iter__(self) -> Iterator[int]:
        return iter(self.keys())

    def __len__(self) -> int:
        return len(self.docs)


class JournalTable(Table):
    """A TinyDB table whose changes cost what changed (see the module's docstring)."""

    def _update_table(self, updater) -> None:
        updater(_LiveTable(tables_of(self._storage), self.name))
        self.clear_cache()

    def _get_next_id(self) -> int:
        return tables_of(self._storage).next_id(self.name)


class LiveStorage(Storage):
    """TinyDB storage over the parsed store held by :class:`~entrytui.store.Store`."""

    def __init__(self, tables: Tables):
        self.tables = tables

    def read(self) -> dict:
        return self.tables.data

    def write(self, data: dict) -> None:
        raise RuntimeError("entrytui tables change one document at a time (JournalTable)")


class StoreDB(TinyDB):
    table_class = JournalTable


def open_db(tables: Tables) -> StoreDB:
    return StoreDB(storage=LiveStorage, tables=tables)


def tables_of(storage: Storage) -> Tables:
    """The parsed store behind a TinyDB storage: always a :class:`LiveStorage` (see :func:`open_db`)."""
    assert isinstance(storage, LiveStorage), "a store's TinyDB is opened by open_db()"
    return storage.tables


def rows(db: TinyDB, table: str) -> ValuesView[dict[str, Any]]:
    """A table's documents as plain dicts, for full scans: TinyDB's ``all()`` and ``search()``
    wrap every document in a new object, which costs more than the scan at 100,000 rows.
    Read only - change documents through the TinyDB table API."""
    return tables_of(db.storage).data.get(table, {}).values()


def build_index(db: TinyDB, table: str, field: Field) -> None:
    """Build the index the lookups of ``table`` by ``field`` use, now, in the caller's thread
    (else the first lookup pays for it; at 100,000 entries, 0.1 to 0.2 s)."""
    tables_of(db.storage)._index(table, field)


def find(db: TinyDB, table: str, field: Field, value) -> list[dict]:
    """Indexed lookup: the documents of ``table`` whose ``field`` is ``value``. Read only."""
    return tables_of(db.storage).find(table, field, value)


def holds(db: TinyDB, table: str, field: Field, value) -> bool:
    """Indexed: whether any document of ``table`` has ``field`` equal to ``value``."""
    return tables_of(db.storage).holds(table, field, value)


def find_one(db: TinyDB, table: str, field: Field, value) -> dict | None:
    """Indexed: the oldest document of ``table`` whose ``field`` is ``value``, or None. Read only."""
    return tables_of(db.storage).first(table, field, value)


def update_where(db: TinyDB, table: str, field: str, value, fields: dict) -> int:
    """Change ``fields`` of the documents whose ``field`` is ``value`` (an indexed lookup,
    where TinyDB's ``update(fields, cond)`` tests every document); returns how many."""
    doc_ids = [int(i) for i in tables_of(db.storage).find_ids(table, field, value)]
    db.table(table).update(fields, doc_ids=doc_ids)
    return len(doc_ids)


def remove_where(db: TinyDB, table: str, field: str, value) -> int:
    """Remove the documents whose ``field`` is ``value`` (an indexed lookup); returns how many."""
    doc_ids = [int(i) for i in tables_of(db.storage).find_ids(table, field, value)]
    if doc_ids:
        db.table(table).remove(doc_ids=doc_ids)
    return len(doc_ids)


def insert_chained(db: TinyDB, docs: Iterable[dict]) -> None:
    """Append events to the audit trail, each linked to the one before (:mod:`entrytui.store.chain`)."""
    tables = tables_of(db.storage)
    live = tables.data.setdefault(chain.CHAINED, {})

    def linked() -> Iterator[Document]:
        for doc in docs:  # each written before the next is made: it links to the one just written
            doc_id = tables.next_id(chain.CHAINED)
            yield Document(chain.chained(live, doc_id, doc), doc_id=doc_id)

    db.table(chain.CHAINED).insert_multiple(linked())


def chain_problems(db: TinyDB) -> list[str]:
    """Every audit event that does not follow the one before it (``entrytui check``)."""
    return chain.problems(tables_of(db.storage).data.get(chain.CHAINED, {}))


def index_problems(db: TinyDB) -> list[str]:
    """What differs between the lookups' indexes and a scan of the tables (``entrytui check``)."""
    return tables_of(db.storage).index_problems()


def find_any(db: TinyDB, table: str, lookups: list[tuple[Field, Any]]) -> list[dict]:
    """The documents matching any of the ``(field, value)`` lookups (indexed), each once,
    oldest first - in the order they were inserted, which no timestamp can promise. Read only."""
    tables = tables_of(db.storage)
    ids = sorted({i for field, value in lookups for i in tables.find_ids(table, field, value)}, key=int)
    docs = tables.data.get(table, {})
    return [docs[i] for i in ids]
