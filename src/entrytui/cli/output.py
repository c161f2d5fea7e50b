"""How the command line prints: aligned tables for people, JSON for scripts."""

from __future__ import annotations

import json
import sys

from entrytui.rules import describe_char, shown


def safe(value) -> str:
    """Text for a terminal: control, bidi and invisible characters shown by name, never sent raw."""
    return shown(value, mark=describe_char)


def print_table(headers: list[str], rows: list[list], out=None) -> None:
    out = out or sys.stdout
    cells = [[safe(c) for c in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    for row in [headers] + cells:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip(), file=out)


def print_json(value, out=None) -> None:
    json.dump(value, out or sys.stdout, ensure_ascii=False, indent=2)
    (out or sys.stdout).write("\n")
