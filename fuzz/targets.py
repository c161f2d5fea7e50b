"""What hostile input must never do, as functions of raw bytes: shared by the Hypothesis
tests (``tests/test_hostile.py``) and the atheris fuzzers (``fuzz/fuzz_*.py``).

Each target feeds its input to one entry point (the rules, the upload reader, the command
line) and raises AssertionError when the program misbehaves: an exception other than the
program's own refusal, or a refusal that is not a clear message, or text that would reach
the operator's terminal with a control, bidi or invisible character in it.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))  # the one store builder, bench/fixtures.py

from entrytui import cli, rules  # noqa: E402
from entrytui.errors import InputRefused, StoreError  # noqa: E402
from entrytui.services import uploads  # noqa: E402
from fixtures import build_store  # noqa: E402

CHECKS = [
    rules.check_username,
    rules.check_password,
    rules.check_email,
    rules.check_gender,
    rules.check_institution_id,
    rules.check_institution_name,
    rules.check_venue_name,
    rules.check_session_name,
    rules.check_test_name,
    rules.check_reason,
    lambda raw: rules.check_name("first name", raw),
    lambda raw: rules.check_date_of_birth(raw, date(2026, 11, 26)),
]


def assert_harmless(text: str) -> None:
    """What reaches the operator's terminal: newlines and tabs, never other control, bidi or
    invisible characters."""
    bad = [c for c in text if rules.is_unsafe_char(c) and c not in "\n\t"]
    assert not bad, f"raw {[hex(ord(c)) for c in bad]} in {text!r}"


def assert_clear(problems) -> None:
    assert problems, "a refusal names at least one problem"
    for problem in problems:
        assert problem.field and problem.message, problem
        assert_harmless(str(problem))


def rules_target(data: bytes) -> None:
    text = data.decode("utf-8", "replace")
    for check in CHECKS:
        clean, problems = check(text)
        if problems:
            assert_clear(problems)
        else:
            assert_harmless(clean)


class UploadTarget:
    """A set-up store with session S1 in ``folder`` (a new temporary folder if none is
    given); feeds bytes as a CSV and as an XLSX."""

    def __init__(self, folder: str | os.PathLike | None = None) -> None:
        self.folder = str(folder) if folder is not None else tempfile.mkdtemp(prefix="entrytui-fuzz-")
        self.store = build_store(Path(self.folder) / "store.json")

    def __call__(self, data: bytes) -> None:
        for name in ("list.csv", "list.xlsx"):
            try:
                plan = uploads.plan_upload(self.store, "S1", data, name)
            except InputRefused as exc:
                assert_clear(exc.problems)
                continue
            for row in plan.rows:
                assert row.status in ("new", "link", "refused"), row.status
                for message in row.messages:
                    assert_harmless(message)
                if row.status != "refused":
                    for value in row.values.values():
                        assert_harmless(value)


class CliTarget:
    """The command line with arbitrary arguments (and the bytes as standard input), on a
    store in a temporary folder that is also the working folder while a command runs, so
    nothing is written elsewhere.  Exit codes: 0 done, 1 refused, 2 usage, 3 store.  Each
    run leaves the process as it found it: its working folder and standard input."""

    V = None  # a value from the input goes here
    COMMANDS = [
        ["init", "--institution-id", V, "--institution-name", V],
        ["venue", "add", V],
        ["session", "add", "--name", V, "--test", V, "--start", V],
        ["session", "list", "--json"],
        ["session", "next-username", V],
        ["entry", "add", "--session", "S1", "--first-name", V, "--family-name", V, "--username", V, "--password-stdin"],
        [
            "entry",
            "add",
            "--session",
            V,
            "--first-name",
            V,
            "--family-name",
            V,
            "--username",
            V,
            "--generate-password",
            "--email",
            V,
            "--dob",
            V,
            "--gender",
            V,
        ],
        ["entry", "list", "--session", V, "--json"],
        ["entry", "withdraw", V, "--reason", V],
        ["entry", "restore", V],
        ["login", "check", "--username", V, "--password-stdin"],
        ["upload", "--session", "S1", "list.csv", "--dry-run"],
        ["upload", "--session", V, V, "--rejects", V],
        ["logins", "--session", "S1", "--entries", V, "--pdf", V, "--reset-passwords"],
        ["audit", "--session", V],
    ]
    OPTIONS = [
        "--json",
        "--session",
        "S1",
        "--name",
        "--test",
        "--start",
        "--first-name",
        "--family-name",
        "--username",
        "--password-stdin",
        "--generate-password",
        "--link",
        "--allow-case-variant",
        "--reason",
        "--entries",
        "--pdf",
        "--csv",
        "--reset-passwords",
        "--dry-run",
        "--rejects",
        "--institution-id",
        "--institution-name",
        "--venue",
        "--email",
        "--dob",
        "--gender",
        "2099-01-01 09:00",
        "Linguaskill",
        "x.pdf",
        "x.csv",
        "list.csv",
    ]

    def __init__(self, folder: str | os.PathLike | None = None) -> None:
        self.upload = UploadTarget(folder)
        self.codes: dict[object, int] = {}  # exit code -> how many runs ended with it

    def argv(self, data: bytes) -> tuple[list[str], bytes]:
        """First byte: the command; then NUL-separated values for its blanks, then extra words
        (one byte: an option or a known value; longer: text); after a double NUL, stdin."""
        head, _, stdin = data.partition(b"\0\0")
        chunks = head.split(b"\0")
        values = [c.decode("utf-8", "replace") for c in chunks[1:]]
        return self.fill(self.COMMANDS[chunks[0][0] % len(self.COMMANDS)] if chunks[0] else [], values), stdin

    def fill(self, template: list, values: list[str]) -> list[str]:
        words, values = [], list(values)
        for word in template:
            words.append(word if word is not None else (values.pop(0) if values else ""))
        for value in values:  # left over: extra words
            words.append(self.OPTIONS[ord(value[0]) % len(self.OPTIONS)] if len(value) == 1 else value)
        return words

    def __call__(self, data: bytes) -> None:
        words, stdin = self.argv(data)
        self.run(words, stdin)

    def run(self, words: list[str], stdin: bytes) -> None:
        words = [w.replace("/", "_").replace("\\", "_") for w in words]  # nothing outside the working folder
        argv = ["--data", str(self.upload.store.path), *words]
        with contextlib.chdir(self.upload.folder):
            self._run(argv, stdin)

    def _run(self, argv: list[str], stdin: bytes) -> None:
        try:
            with contextlib.redirect_stderr(io.StringIO()) as usage, contextlib.redirect_stdout(io.StringIO()):
                args = cli.build_parser().parse_args(argv)
        except SystemExit:
            self.codes[2] = self.codes.get(2, 0) + 1
            assert_harmless(usage.getvalue())  # argparse quotes the offending word back
            return
        if getattr(args, "handler", None) is None:
            return  # no command: the terminal UI, not for a fuzzer
        out, err = io.StringIO(), io.StringIO()
        given, sys.stdin = sys.stdin, io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8", errors="replace")
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    code = cli.main(argv)
                except SystemExit as exc:
                    code = exc.code
        finally:
            sys.stdin = given
        assert code in (0, 1, 2, 3), code
        self.codes[code] = self.codes.get(code, 0) + 1
        assert_harmless(out.getvalue())
        assert_harmless(err.getvalue())


__all__ = ["rules_target", "UploadTarget", "CliTarget", "assert_harmless", "StoreError"]
