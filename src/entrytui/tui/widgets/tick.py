"""A checkbox whose state reads without colour: Textual's shows the same X ticked or not, in a
brighter or dimmer shade, which NO_COLOR (and a monochrome terminal) loses."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class Tick(Checkbox):
    """``[X]`` ticked, ``[ ]`` not, in any terminal; one line, focus shown reversed (no colour needed)."""

    BUTTON_LEFT, BUTTON_RIGHT = "[", "]"
    DEFAULT_CSS = """
    Tick { border: none; height: 1; padding: 0 1; }
    Tick:focus { border: none; text-style: reverse; }
    """

    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--button")
        return Content.assemble(self.BUTTON_LEFT, ("X" if self.value else " ", style), self.BUTTON_RIGHT)
