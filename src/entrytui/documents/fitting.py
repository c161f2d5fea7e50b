"""Text that stays inside its cell on a PDF page: at its size when it fits on one line, else
shrunk down to a floor, else wrapped at the floor (between words where it can, between
characters where it must).  No line is ever wider than the cell; the caller makes the cell as
tall as :attr:`Fitted.height` says, so whatever stands beside it (a label, a rule) lines up.

Widths are fpdf2's own (the fonts' advance widths; no kerning or shaping is switched on, so
a line's width is the sum of its characters'), measured once per value and per character
only when a value has to wrap.  Drawing is :meth:`FPDF.text` at computed baselines: fpdf2's
``multi_cell`` re-measures each line as it grows and took most of the time of a slip.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

PT = 25.4 / 72  # millimetres in a point
LEADING = 1.25  # a line's height, in font sizes
STEP = 0.25  # shrinking goes down in quarter points


@dataclass(frozen=True)
class Fitted:
    """A value laid out for its cell: font, size (pt) and the lines it takes."""

    family: str
    style: str
    size: float
    lines: tuple[str, ...]
    leading: float = LEADING

    @property
    def line_height(self) -> float:
        return self.size * PT * self.leading

    @property
    def height(self) -> float:
        return len(self.lines) * self.line_height

    def baseline(self, top: float, line: int = 0) -> float:
        """Where line ``line`` sits when the first line's box starts at ``top`` (fpdf2's
        vertical centring of a cell: the glyphs stay inside their line's box)."""
        return top + (line + 0.5) * self.line_height + 0.3 * self.size * PT

    def draw(self, pdf, x: float, top: float) -> float:
        """Draw the lines from ``top`` down; returns where the block ends."""
        pdf.set_font(self.family, self.style, self.size)
        for number, line in enumerate(self.lines):
            if line:
                pdf.text(x, self.baseline(top, number), line)
        return top + self.height


def fit(
    pdf,
    text: str,
    width: float,
    font: tuple[str, str],
    size: float,
    floor: float,
    *,
    words: bool = True,
    leading: float = LEADING,
) -> Fitted:
    """Lay ``text`` out ``width`` mm wide in ``font`` (family, style): at ``size`` on one line
    if it fits, else at the largest size down to ``floor`` at which it does, else wrapped at
    ``floor``.  ``words``: wrap between words where it can (names); without it, between any
    two characters but never beside a space, where a space would not show (credentials)."""
    family, style = font
    pdf.set_font(family, style, size)
    natural = pdf.get_string_width(text)
    if natural <= width:
        return Fitted(family, style, size, (text,), leading)
    shrunk = math.floor(size * width / natural / STEP) * STEP
    while shrunk >= floor:
        pdf.set_font_size(shrunk)
        if pdf.get_string_width(text) <= width:
            return Fitted(family, style, shrunk, (text,), leading)
        shrunk -= STEP  # a rounding of the widths: one step more
    pdf.set_font_size(floor)
    lines = _wrap_words(pdf, text, width) if words else _wrap_characters(pdf, text, width, avoid_spaces=True)
    return Fitted(family, style, floor, tuple(lines), leading)


def _wrap_words(pdf, text: str, width: float) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        joined = f"{line} {word}" if line else word
        if pdf.get_string_width(joined) <= width:
            line = joined
            continue
        if line:
            lines.append(line)
        if pdf.get_string_width(word) <= width:
            line = word
        else:  # a word longer than the cell: broken between characters
            *whole, line = _wrap_characters(pdf, word, width, avoid_spaces=False)
            lines += whole
    lines.append(line)
    return lines


def _wrap_characters(pdf, text: str, width: float, avoid_spaces: bool) -> list[str]:
    """Greedy: as many characters as fit on each line, at least one.  ``avoid_spaces``: a
    break moves back so that no line ends or starts with a space (a password may hold one)."""
    widths: dict[str, float] = {}
    for char in set(text):
        widths[char] = pdf.get_string_width(char)
    lines = []
    start, used = 0, 0.0
    at = 0
    while at < len(text):
        advance = widths[text[at]]
        if used + advance <= width or at == start:
            used += advance
            at += 1
            continue
        cut = at
        if avoid_spaces:
            while cut - 1 > start and (text[cut - 1] == " " or text[cut] == " "):
                cut -= 1
            if text[cut - 1] == " " or text[cut] == " ":
                cut = at  # a run of spaces as long as the line: nothing better to do
        lines.append(text[start:cut])
        start, at, used = cut, cut, 0.0
    lines.append(text[start:])
    return lines
