"""The store and only the store: one TinyDB JSON snapshot, a journal of the changes since,
a lock, and the tables in memory.  It knows documents (plain dicts in named tables), not
candidates or sessions: what they mean is the services' business.

What the services may use (nothing else of this package):

* :class:`Store` - ``reading()`` and ``transaction()`` blocks yield a TinyDB to read or
  change; ``signature()`` changes whenever any process commits; ``version()``, inside a
  block, names the committed state the block sees;
* :func:`rows` (a full scan), :func:`find` / :func:`find_one` / :func:`find_any` / :func:`holds` (indexed lookups, by
  a field or by a :class:`Derived` value; :func:`build_index` builds one ahead of them),
  :func:`update_where` and :func:`remove_where` (indexed changes),
  :func:`index_problems` and :func:`chain_problems` (the indexes against a scan, the audit
  trail's chain: for ``entrytui check``),
  :func:`insert_chained` (audit events, linked into the chain: the only way to add them),
  :func:`write_backup` (one consistent file of the store).

Modules: ``core`` (the Store: catching up, commits, compaction), ``journal`` and
``snapshot`` (the two file formats), ``tables`` (tables in memory: per-document changes,
undo, indexes), ``filesystem`` (the lock, who may use a file, OS errors in one sentence).
"""

from entrytui.store.backup import Backup, write_backup
from entrytui.store.chain import chained
from entrytui.store.core import SCHEMA, TABLES, Store
from entrytui.store.tables import (
    Derived,
    build_index,
    chain_problems,
    find,
    find_any,
    find_one,
    holds,
    index_problems,
    insert_chained,
    remove_where,
    rows,
    update_where,
)

__all__ = [
    "Backup",
    "SCHEMA",
    "TABLES",
    "Derived",
    "Store",
    "write_backup",
    "build_index",
    "chain_problems",
    "chained",
    "find",
    "find_any",
    "find_one",
    "holds",
    "index_problems",
    "insert_chained",
    "remove_where",
    "rows",
    "update_where",
]
