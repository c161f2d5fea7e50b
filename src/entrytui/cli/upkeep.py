"""The store's upkeep from the command line: ``check`` (is it sound?) and ``backup`` (one
consistent file while others work).  Both change nothing in the store."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from entrytui.cli.output import safe
from entrytui.rules import plural
from entrytui.services.check import check_store
from entrytui.services.common import Actor
from entrytui.store import Store, write_backup

EXIT_OK, EXIT_PROBLEMS = 0, 1


def cmd_check(store: Store, actor: Actor, args) -> int:
    start = time.perf_counter()
    report = check_store(store)
    for problem in report.problems:
        print(safe(problem))
    for note in report.notes:
        print(safe(f"note: {note}"), file=sys.stderr)
    counted = ", ".join(f"{what} {n:,}" for what, n in report.counted.items())
    took = f"{time.perf_counter() - start:.1f} s"
    if report.sound:
        print(safe(f"sound: {store.path} ({counted}; {took})"))
        return EXIT_OK
    print(safe(f"{plural(len(report.problems), 'problem', 'problems')} in {store.path} ({took})"), file=sys.stderr)
    return EXIT_PROBLEMS


def cmd_backup(store: Store, actor: Actor, args) -> int:
    start = time.perf_counter()
    made = write_backup(store, Path(args.file), with_key=args.with_key)
    documents = sum(made.documents.values())
    key = f"; the key in {made.key}" if made.key else "; without the password key (keep it apart, or --with-key)"
    print(
        safe(
            f"backup written to {made.path}: {made.size / 1e6:.1f} MB, {documents:,} documents, "
            f"{time.perf_counter() - start:.1f} s{key}"
        )
    )
    return EXIT_OK
