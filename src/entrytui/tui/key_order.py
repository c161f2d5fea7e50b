"""Keys act in the order they were typed, however they arrive (PRODUCT §6).

Over a slow SSH link several keys come in one read.  Textual handles a priority binding (tab,
F2, a list's keys, ctrl+s) in the app's own task as its key arrives, but queues every other key
to the focused widget, which handles it later.  So "Jones<tab>" could move the focus before the
field had taken "Jones", and "escape down enter" could move the highlight of the screen being
left.  :class:`KeysInOrder` is the one barrier behind every such case: a key that would act at
once waits while the widget it would overtake (the focused one, its containers, the screen) still
has work queued; while a save the screen started is under way ("ctrl+s l": the l is for the
link question the save may open, not for the field with focus); while a list screen has not
shown its first read ("c ↓ e": the ↓ and the e are for the candidates being read); and after the
screen changes,
every key waits until the new screen has settled (its focus set, the callbacks of the dialog that
closed run).  Keys behind a waiting key wait too.

:class:`LoneEscapes` reads Escape followed at once by another key as the two keys, not as
``alt+key``: entrytui binds no alt keys, and "escape w" typed quickly must not be lost.
"""

from __future__ import annotations

import re
import time
from collections import deque
from collections.abc import Iterable
from functools import partial
from weakref import WeakKeyDictionary

from textual import events
from textual._xterm_parser import XTermParser
from textual.app import App
from textual.drivers import linux_driver
from textual.message import Message
from textual.message_pump import MessagePump
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input
from textual.worker import Worker

# However busy a widget stays, a held key is let through after this long.
MOST_HELD_SECONDS = 1.0
# A save's answer may open a question (the username's owner, a case variant) or close the form:
# the keys typed behind its ctrl+s are for what it shows, so they wait while it runs (for at most
# MOST_HELD_SECONDS: a save waiting for a held store must not slow the typing), asked again this
# often (a thread worker tells no node when it is done).
HOLDING_GROUPS = frozenset({"save"})
SAVE_POLL_SECONDS = 0.02

ESC = "\x1b"
# An Escape that is a key of its own: followed by anything but the start of a CSI, SS3, OSC or
# DCS sequence (another Escape too: "escape escape t" is three keys).  One at the very end of a
# read is left to the parser, which waits ESCDELAY for what follows.
_LONE_ESCAPE = re.compile(r"\x1b(?=[^\[O\]P])")
_PASTE_START, _PASTE_END = "\x1b[200~", "\x1b[201~"


class LoneEscapes(XTermParser):
    """The terminal's parser, with Escape-then-key read as two keys (see the module's text)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pasting = False

    def feed(self, data: str) -> Iterable[Message]:
        if not data or ESC not in data:
            yield from super().feed(data)
            return
        start = 0
        for lone in _LONE_ESCAPE.finditer(data):
            before = data[start : lone.start()]
            self._note_paste(before)
            if before:
                yield from super().feed(before)
            start = lone.end()
            if self._pasting:  # text being pasted keeps its bytes
                yield from super().feed(ESC)
            else:
                yield events.Key("escape", ESC)
        rest = data[start:]
        self._note_paste(rest)
        if rest:
            yield from super().feed(rest)

    def _note_paste(self, text: str) -> None:
        begins, ends = text.rfind(_PASTE_START), text.rfind(_PASTE_END)
        if begins > ends:
            self._pasting = True
        elif ends > begins:
            self._pasting = False


def read_lone_escapes() -> None:
    """Make the terminal driver read keys with :class:`LoneEscapes` (Textual offers no setting;
    the driver looks its parser up by this name when it starts reading)."""
    linux_driver.XTermParser = LoneEscapes  # type: ignore[misc]


def working(node: MessagePump) -> bool:
    """Whether the node has messages or callbacks queued, or is in the middle of one (its
    task is not waiting for the next message).  Textual offers no public way to ask."""
    if node.message_queue_size or node._next_callbacks:
        return True
    running = node._task is not None and not (node._closing or node._closed)
    return running and not node._message_queue.ready_event._waiters


def busy_node(screen: MessagePump) -> MessagePump | None:
    """The deepest of the focused widget, its containers and the screen that still has
    messages or callbacks to handle (or is handling one), or None when all are idle."""
    node = getattr(screen, "focused", None) or screen
    while node is not None:
        if working(node):
            return node
        if node is screen:
            return None
        node = node._parent
    return None


class KeysInOrder(App):
    """An app whose keys act in the order they were typed (mixed into :class:`EntryApp`).

    A key goes on only when what the key before it caused is done: the focused widget, its
    containers and the screen are idle, the app has run its pending callbacks (a closed dialog's
    answer), no save of the screen is under way (its answer may be a question), and its own
    queue has gone round once (a binding's key bubbles up to it, and ``Widget.focus`` is carried
    out there).  Keys that arrive meanwhile wait behind it."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._held: deque[events.Key] = deque()
        self._moved = 0.0  # when a held key last went on
        self._settled = True  # the app's queue has gone round since the last key went on
        self._waiting = 0  # the wait in force: earlier callbacks and timers are spent
        self._let_go: Timer | None = None
        self._typing_into: Widget | None = None  # the field the last key was a character for
        self._saves: WeakKeyDictionary[Worker, float] = WeakKeyDictionary()  # when each save was first seen

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            self._held.append(event)
            if len(self._held) == 1:
                self._moved = time.monotonic()
                await self._release(self._waiting)
            return
        await super().on_event(event)

    async def _release(self, waiting: int) -> None:
        if waiting != self._waiting:
            return
        while self._held:
            key = self._held[0]
            if not (self._more_text(key) or self._may_go_on()):
                return
            self._held.popleft()
            await super().on_event(key)  # a priority binding, or to the focused widget
            self._moved, self._settled = time.monotonic(), False
            self._typing_into = self.focused if key.is_printable and isinstance(self.focused, Input) else None

    def _more_text(self, key: events.Key) -> bool:
        """A character for the field that took the key before it as text goes straight on:
        a field takes every character it is sent, in order, and does nothing else with it."""
        return key.is_printable and self._typing_into is not None and self.focused is self._typing_into

    def _may_go_on(self) -> bool:
        """True if the next key may act now; otherwise arranges to be asked again when the
        work in the way is done."""
        self._waiting += 1
        waiting = self._waiting
        if time.monotonic() - self._moved > MOST_HELD_SECONDS or not self._screen_stack:
            return True  # something stays busy for good (or the app is closing): do not hold the keys
        busy = busy_node(self.screen)
        if busy is not None:  # a callback queued behind its work hands back to the app's task
            self._settled = False  # that work may queue more for the app
            if not busy.call_later(self.call_later, self._release, waiting):
                self.call_later(self._release, waiting)
        elif self._next_callbacks:
            self._settled = False
            self.call_next(self._release, waiting)
        elif self._saving() or self._reading_first():
            # "ctrl+s l": the l is for the link question the save may open; "c ↓ e": the ↓ is
            # for the list the screen is reading
            self._settled = False
            self.set_timer(SAVE_POLL_SECONDS, partial(self._release, waiting))
        elif not self._settled:
            self.call_later(self._went_round, waiting)
        else:
            return True
        # Should that work never end (its node closed with it), the keys go on after a while.
        if self._let_go is not None:
            self._let_go.stop()
        self._let_go = self.set_timer(MOST_HELD_SECONDS, partial(self._release, waiting))
        return False

    def _reading_first(self) -> bool:
        """Whether the list screen in front has not shown its first read yet."""
        return bool(getattr(self.screen, "reading_first", False))

    def _saving(self) -> bool:
        """Whether a save started by the screen in front (a worker of a holding group) is under
        way, and has not yet held the keys for ``MOST_HELD_SECONDS``."""
        now = time.monotonic()
        return any(
            now - self._saves.setdefault(w, now) < MOST_HELD_SECONDS
            for w in self.workers
            if w.group in HOLDING_GROUPS and not w.is_finished and w.node is self.screen
        )

    async def _went_round(self, waiting: int) -> None:
        if waiting == self._waiting:
            self._settled = True
            await self._release(waiting)
