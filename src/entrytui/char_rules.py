"""Tests of single characters for the rules (:mod:`entrytui.rules`), fast on clean values."""

from __future__ import annotations

from collections.abc import Callable


class CharRule:
    """A test of single characters (``refused(ch)``), remembering the characters it passed:
    a value made of characters seen before (nearly every one of a 25,000-row upload) is
    checked by one set difference.  What it remembers is bounded (``REMEMBERED``)."""

    REMEMBERED = 20_000

    def __init__(self, refused: Callable[[str], bool]):
        self.refused, self.passed = refused, set[str]()

    def refused_in(self, text: str) -> set[str]:
        unknown = set(text) - self.passed
        bad = {ch for ch in unknown if self.refused(ch)}
        if unknown and len(self.passed) < self.REMEMBERED:
            self.passed |= unknown - bad
        return bad


def positions(text: str, rule: CharRule) -> dict[str, list[int]]:
    """Where each refused character of ``text`` is (1-based)."""
    bad = rule.refused_in(text)
    found: dict[str, list[int]] = {}
    if not bad:
        return found
    for index, ch in enumerate(text, start=1):
        if ch in bad:
            found.setdefault(ch, []).append(index)
    return found
