"""The terminal's bytes as keys: Escape followed at once by another key is two keys (a laggy
link delivers "escape n" in one read, which Textual's own parser reads as alt+n)."""

from __future__ import annotations

import inspect

import pytest
from textual.drivers import linux_driver

from entrytui.tui.key_order import LoneEscapes, read_lone_escapes


def keys(data: str) -> list[str]:
    parser = LoneEscapes()
    tokens = [*parser.feed(data), *parser.feed("")]
    return [getattr(token, "key", type(token).__name__) for token in tokens]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("\x1bn", ["escape", "n"]),
        ("\x1bab", ["escape", "a", "b"]),
        ("\x1b\r", ["escape", "enter"]),
        ("\x1b\t", ["escape", "tab"]),
        ("\x1b/", ["escape", "slash"]),
        ("\x1b\x1b[B\r", ["escape", "down", "enter"]),  # escape, then a whole sequence
        ("\x1b\x1bt", ["escape", "escape", "t"]),
        ("\x1b\x1b\x1b", ["escape", "escape", "escape"]),
        ("\x1b\x1bOB", ["escape", "down"]),
        ("\x1b[B\x1bOQ", ["down", "f2"]),  # sequences stay whole
        ("\x1b", ["escape"]),
    ],
)
def test_escape_then_a_key_reads_as_two_keys(data, expected):
    assert keys(data) == expected


def test_pasted_text_is_left_to_the_parser():
    assert keys("\x1b[200~ab\x1b[201~") == ["Paste"]


def test_the_driver_reads_with_it(monkeypatch):
    monkeypatch.setattr(linux_driver, "XTermParser", linux_driver.XTermParser)
    read_lone_escapes()
    assert linux_driver.XTermParser is LoneEscapes
    # ... the name Textual's driver looks up when it starts reading (an upgrade that stops
    # doing so fails here, not silently in a terminal).
    assert "XTermParser(" in inspect.getsource(linux_driver.LinuxDriver.run_input_thread)
