"""``entrytui register --session ID --pdf FILE``: the attendance register (PRODUCT §7, §9).

It changes nothing in the store, so an operator who may only read the store can print it.
"""

from __future__ import annotations

from pathlib import Path

from entrytui.cli.commands import EXIT_OK, _progress_printer
from entrytui.cli.output import safe
from entrytui.rules import plural
from entrytui.services.common import Actor
from entrytui.services.register import produce_register
from entrytui.store import Store


def cmd_register(store: Store, actor: Actor, args) -> int:
    written = produce_register(store, args.session, Path(args.pdf), progress=_progress_printer(), actor=actor)
    print(safe(f"register of {plural(written.candidates, 'candidate', 'candidates')} written to {written.pdf}"))
    return EXIT_OK
