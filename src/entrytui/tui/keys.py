"""Keys: the bindings screens share, the keys an Input takes as text, and the list of what a
screen offers now (the footer, F1 and the palette all read it, so they always agree).

A neutral module: the app, the screens and the help screen import it; it imports none of them.
"""

from __future__ import annotations

from collections.abc import Iterator

from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Input

# Enter in a text field moves to the next field. A priority binding, so that it acts in key
# order: over a slow link "Ana<enter>Silva" arrives at once and "Silva" must not land in the
# first field (an Input's own submit would move the focus only after the rest was typed).
ADVANCE = Binding("enter", "advance", "Next field", show=False, priority=True)

# The app's own keys. Focus moves at once, in key order: over SSH several keys often arrive
# in one read, and "Ana<tab>Silva" must not leave "Silva" in the first field.
APP_BINDINGS = [
    Binding("f1", "help", "Keys", tooltip="Show every key of this screen"),
    Binding("ctrl+q", "quit", "Quit", priority=True, show=False),
    Binding("tab", "focus_next", show=False, priority=True),
    Binding("shift+tab", "focus_previous", show=False, priority=True),
]

# A list screen's keys. Single-key actions are priority bindings: they run in key order as the
# keys arrive (a burst such as "/spr" over a slow link filters for "spr" instead of sending the
# letters to the table), and BaseScreen.check_action lets them through as text while the
# filter has focus.
LIST_BINDINGS = [
    Binding("slash", "filter", "Filter", tooltip="Type to narrow the list", priority=True),
    Binding("escape", "back", "Back"),
    Binding("up", "move(-1)", show=False),
    Binding("down", "move(1)", show=False),
    Binding("pageup", "move(-10)", show=False),
    Binding("pagedown", "move(10)", show=False),
]


def advance_allowed(screen: Screen) -> bool:
    return isinstance(screen.focused, Input)


def typed_key(key: str) -> bool:
    """Keys that an Input would take as text rather than as a command."""
    return len(key) == 1 or key in ("slash", "space")


def screen_actions(screen: Screen) -> Iterator[tuple[DOMNode, Binding]]:
    """(node, binding) for every action a screen offers now, whatever has focus."""
    for node in (screen, screen.app):
        for bindings in node._bindings.key_to_bindings.values():
            for binding in bindings:
                if not binding.show or not binding.description or binding.system:
                    continue
                available = getattr(node, "action_available", lambda _a: True)(binding.action)
                if available:
                    yield node, binding
