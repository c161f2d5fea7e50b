"""The command line: ``entrytui COMMAND ...`` runs a command on the store; ``entrytui`` alone
opens the terminal UI.

Exit status: 0 done; 1 input refused (one line per problem on stderr, naming the field);
2 usage error; 3 the store cannot be used.  Modules: ``parser`` (the grammar), ``commands``
(what each command does), ``output`` (tables, JSON, text made safe for a terminal).
"""

from __future__ import annotations

import argparse
import os
import sys

from entrytui.cli.commands import EXIT_OK, EXIT_REFUSED, EXIT_STORE
from entrytui.cli.output import safe
from entrytui.cli.parser import build_parser
from entrytui.errors import CaseVariantExists, InputRefused, StoreError, UsernameOwned
from entrytui.paths import resolve_store_path
from entrytui.services.common import Actor
from entrytui.store import Store

__all__ = ["build_parser", "main"]


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    path = resolve_store_path(getattr(args, "data", None))
    if getattr(args, "handler", None) is None:
        from entrytui.tui.app import run_app  # Textual only for the UI, never for a command

        return run_app(path)
    store = Store(path)
    try:
        status = args.handler(store, Actor.from_os(), args)
        sys.stdout.flush()  # here, where a reader gone away (| head) is caught, not at exit
        return status
    except argparse.ArgumentTypeError as exc:
        parser.error(str(exc))
    except InputRefused as exc:
        for problem in exc.problems:
            print(safe(problem), file=sys.stderr)
        if isinstance(exc, UsernameOwned):
            also = " (--link --update-details also gives them the details typed)" if exc.differences else ""
            print(f"username: add --link to enter this candidate{also}, or choose another username", file=sys.stderr)
        if isinstance(exc, CaseVariantExists):
            print("username: add --allow-case-variant to save it anyway", file=sys.stderr)
        return EXIT_REFUSED
    except StoreError as exc:
        print(f"entrytui: {safe(exc)}", file=sys.stderr)
        return EXIT_STORE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # "| head" stopped reading: end quietly, with nothing more to say
        quiet_stdout()
        return EXIT_OK
    return EXIT_OK


def quiet_stdout() -> None:
    """Point standard output at /dev/null, so that Python's flush at exit cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
