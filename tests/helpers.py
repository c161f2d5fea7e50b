"""What several test modules share, as plain functions and data (fixtures are in
``conftest.py``; Pilot helpers in ``ui_helpers.py``).  Test modules import this module and
``ui_helpers``, never one another, and nothing imports ``conftest``.

The store builder is the benchmarks' (``bench/fixtures.py``), so that the tests and the
benchmarks build their stores the same one way; the hostile-input targets are the fuzzers'
(``fuzz/targets.py``).
"""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pexpect
import pyte
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
WORKERS = ROOT / "tests" / "workers.py"  # child processes: python tests/workers.py MODE ...

for _folder in ("bench", "fuzz"):  # neither is a package; both are run as scripts from their folder
    if str(ROOT / _folder) not in sys.path:
        sys.path.insert(0, str(ROOT / _folder))

bench_fixtures = importlib.import_module("fixtures")  # bench/fixtures.py
fuzz_targets = importlib.import_module("targets")  # fuzz/targets.py
build_store = bench_fixtures.build_store
Ticks = bench_fixtures.Ticks


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a child process: this one's, with entrytui and tests/ importable."""
    return {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT / 'tests'}", **extra}


def entry_add(first: str, family: str, username: str, *extra: str, session: str = "S1") -> list[str]:
    """The words of ``entrytui entry add`` for one candidate (``extra``: the password option and more)."""
    return ["entry", "add", "--session", session, "--first-name", first, "--family-name", family, "--username", username,
            *extra]  # fmt: skip


def run_entrytui(*args: str, data: Path | None = None, stdin: str = "", env: dict | None = None, timeout: float = 60):
    """The real program in a child process, as an operator's shell would run it."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("ENTRYTUI_DATA", "XDG_DATA_HOME")}
    full_env.update({"PYTHONPATH": str(ROOT / "src"), **(env or {})})
    where = ["--data", str(data)] if data else []
    return subprocess.run(
        [sys.executable, "-m", "entrytui", *where, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
    )


# ---- a broken store file -------------------------------------------------------------------

CORRUPTIONS = {
    "empty": b"",
    "truncated": None,  # the real store cut in half
    "garbage": b"\x00\xff\xfegarbage\n",
    "json list": b"[1, 2, 3]",
    "foreign json": b'{"_default": {"1": {"a": 1}}}',
}


def corrupt(store, kind: str) -> bytes:
    """Overwrite the store's snapshot with one of CORRUPTIONS; returns the bytes written."""
    data = CORRUPTIONS[kind]
    if data is None:
        data = store.path.read_bytes()[: store.path.stat().st_size // 2]
    store.path.write_bytes(data)
    return data


# ---- class lists for Upload Entries ----------------------------------------------------------

HEADER = ["Login", "Password", "First name", "Family name", "Email address", "Date of Birth", "Gender"]
GOOD = [
    ["Up001", "Secret123", "José", "Müller", "jose@example.org", "2008-05-01", "male"],
    ["Up002", "", "Zoë", "O'Brien", "", "", ""],
]
BAD = [
    ["Up£03", "Secret123", "Cy", "Lo", "", "", ""],  # refused character
    ["Up004", "short", "Di", "Ng", "", "", ""],  # short password
    ["Up005", "Secret123", "Ed", "Oh", "", "2010-02-30", ""],  # bad date
    ["Up001", "Secret123", "Fa", "Py", "", "", ""],  # duplicate login in the file
    ["Up006", "Secret123", "Gu", "Qi", "", "", "", "stray"],  # a stray extra column
]


def csv_bytes(rows: list[list[str]], encoding: str, delimiter: str = ",", header: bool = True) -> bytes:
    lines = ([HEADER] if header else []) + rows[:5] + [[]] + rows[5:]  # an empty line in the middle
    text = "\r\n".join(delimiter.join(cells) for cells in lines) + "\r\n"
    return text.encode(encoding)


# ---- login slips -----------------------------------------------------------------------------


def pages(pdf) -> list[dict[str, str]]:
    """Each page's 'label value' lines as a dict, as a person reads the slip."""
    found = []
    for page in PdfReader(pdf).pages:
        lines = page.extract_text().splitlines()[2:]  # after the title and the institution
        fields = {}
        for label in ("User ID", "Password", "Institution ID", "Entry code", "Candidate", "Session", "Venue", "Issued"):
            line = next(x for x in lines if x.startswith(label + " "))
            fields[label] = line[len(label) + 1 :]
        found.append(fields)
    return found


# ---- the real program in a pseudo-terminal ---------------------------------------------------

CTRL_S, TAB, ENTER, CTRL_Q = "\x13", "\t", "\r", "\x11"
UP, DOWN, HOME, END, F2 = "\x1b[A", "\x1b[B", "\x1b[H", "\x1b[F", "\x1bOQ"
ESCAPE, BACKSPACE, CTRL_U = "\x1b", "\x7f", "\x15"


class Terminal:
    """An 80x24 terminal running the real program: keys go in (``child.send`` writes a burst
    at once, as a laggy link delivers it), the screen comes out as text (pyte)."""

    def __init__(self, *args: str, size: tuple[int, int] = (80, 24)) -> None:
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT / "src"),
            "TERM": "xterm-256color",
            "TEXTUAL_ANIMATIONS": "none",
            "ESCDELAY": "50",
        }
        env.pop("NO_COLOR", None)
        columns, lines = size
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)
        self.child = pexpect.spawn(sys.executable, ["-m", "entrytui", *args], env=env, dimensions=(lines, columns))

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def pump(self, seconds: float = 0.05) -> None:
        try:
            self.stream.feed(self.child.read_nonblocking(1 << 16, timeout=seconds))
        except pexpect.TIMEOUT:
            pass

    def wait_for(self, pattern: str, timeout: float = 20) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.pump()
            found = re.search(pattern, self.text())
            if found:
                return found
        raise AssertionError(f"{pattern!r} never appeared; the screen shows:\n{self.text()}")

    def type(self, keys: str) -> None:
        for key in keys:
            self.child.send(key)
            self.pump(0.01)
