"""Keys: the bindings screens share, the keys an Input takes as text, and the list of what a
screen offers now (the footer, F1 and the palette all read it, so they always agree).

A neutral module: the app, the screens and the help screen import it; it imports none of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

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
HELP = Binding("f1", "app.help", "Keys", tooltip="Show every key of what is in front")
APP_BINDINGS = [
    HELP,
    Binding("ctrl+q", "quit", "Quit", priority=True, show=False),
    Binding("tab", "focus_next", show=False, priority=True),
    Binding("shift+tab", "focus_previous", show=False, priority=True),
]

# The keys that move the highlight of a list. Priority bindings, like every key of a list: a
# priority binding runs as its key arrives, while any other key is queued to the focused
# widget and handled later, so over a slow link "down enter" (one read) would open the row
# the highlight left.  Home and End are the filter line's own while it has focus.
LIST_MOVES = [
    Binding("up", "move(-1)", show=False, priority=True),
    Binding("down", "move(1)", show=False, priority=True),
    Binding("pageup", "page(-1)", show=False, priority=True),
    Binding("pagedown", "page(1)", show=False, priority=True),
    Binding("home", "edge(0)", show=False, priority=True),
    Binding("end", "edge(1)", show=False, priority=True),
]

# A list screen's keys. Single-key actions are priority bindings too (a burst such as "/spr"
# filters for "spr" instead of sending the letters to the table); BaseScreen.check_action lets
# them through as text while the filter has focus.
LIST_BINDINGS = [
    Binding("slash", "filter", "Filter", tooltip="Type to narrow the list", priority=True),
    Binding("escape", "back", "Back"),
    *LIST_MOVES,
]


# What changes the store: greyed out (and said why in F1) for an operator who may only read it.
CHANGES = frozenset(
    {
        "new_session",
        "edit_session",
        "remove_session",
        "add_entries",
        "withdraw",
        "restore",
        "edit_candidate",
        "move_entry",
        "login_information",  # a printout is audited: it writes
        "edit",
        "merge",
        "new_venue",
        "edit_venue",
        "remove_venue",
    }
)
READ_ONLY = " (read-only: needs write access to the store)"


def read_only(screen: Screen) -> bool:
    return bool(getattr(screen.app, "read_only", False))


def advance_allowed(screen: Screen) -> bool:
    return isinstance(screen.focused, Input)


def typed_key(key: str) -> bool:
    """Keys that an Input would take for itself (text, or moving in the text) rather than as a command."""
    return len(key) == 1 or key in ("slash", "space", "home", "end")


class Offered(NamedTuple):
    node: DOMNode
    binding: Binding
    enabled: bool  # False: shown greyed out (it cannot act now)


def offered_keys(screen: Screen) -> Iterator[Offered]:
    """Every key the screen's (or dialog's) footer shows now, once each action, greyed-out ones
    too: those of the widget with focus and its containers (a tab's own actions), the screen's
    and, unless it is a dialog, the app's."""
    seen = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.show or not binding.description or binding.system:
            continue
        action = binding.action.removeprefix("app.")
        if action in seen:
            continue
        seen.add(action)
        yield Offered(active.node, binding, active.enabled)


def screen_actions(screen: Screen) -> Iterator[tuple[DOMNode, Binding]]:
    """(node, binding) for every action the screen (or dialog) can run now, as its footer shows
    them, greyed-out ones left out (the palette offers these)."""
    for offered in offered_keys(screen):
        if offered.enabled:
            yield offered.node, offered.binding


def typed_here(screen: Screen) -> Iterator[tuple[DOMNode, Binding]]:
    """The keys left out of the footer because the text line with focus takes them as text
    (space, letters, ``/``; Textual hands them to the line, whatever their binding says): the
    actions of its containers and screen that act once the focus is elsewhere (tab)."""
    focused = screen.focused
    if not isinstance(focused, Input):
        return
    offered = {o.binding.action for o in offered_keys(screen)}
    for node in focused.ancestors:
        if node is screen.app:
            break
        for key, binding in node._bindings:
            if typed_key(key) and binding.show and binding.description and binding.action not in offered:
                offered.add(binding.action)
                yield node, binding
