"""The terminal UI: wiring, global keys, store watching and error display.

Screens call :mod:`entrytui.services` (never the store's files) through
:func:`entrytui.tui.workers.call_service`, so no store call runs on the UI thread.  Every
key shown in a footer is also a command in the palette (ctrl+p).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from functools import partial
from pathlib import Path

import rich
from rich.segment import Segments
from rich.traceback import Traceback
from textual.app import SystemCommand
from textual.screen import Screen

from entrytui.domain import Institution
from entrytui.errors import EntryTuiError, InputRefused, StoreError, StoreLocked, StoreMissing
from entrytui.services.common import Actor
from entrytui.services.setup import get_institution, may_change
from entrytui.store import Store
from entrytui.tui.key_order import KeysInOrder, read_lone_escapes
from entrytui.tui.keys import APP_BINDINGS, screen_actions
from entrytui.tui.messages import StoreChanged
from entrytui.tui.screens.help import HelpScreen
from entrytui.tui.screens.opening import OpeningScreen
from entrytui.tui.screens.session_list import SessionListScreen
from entrytui.tui.screens.setup import SetupScreen
from entrytui.tui.screens.store_error import StoreErrorScreen
from entrytui.tui.workers import call_service

POLL_SECONDS = 0.5


class EntryApp(KeysInOrder):
    """entrytui's terminal UI on one store, acting as one operator."""

    CSS_PATH = "app.tcss"
    TITLE = "entrytui"
    BINDINGS = APP_BINDINGS

    def __init__(self, store: Store, actor: Actor | None = None, poll_seconds: float = POLL_SECONDS) -> None:
        super().__init__()
        self.store = store
        self.actor = actor or Actor.from_os()
        self.poll_seconds = poll_seconds
        self._seen: tuple | None = None
        self._busy_until = 0.0  # the store-busy notice is up until then (monotonic)
        self._busy_said = ""
        self.read_only = False  # the operator may read the store but not write it (known once it is open)
        store.waiting = self._store_waiting  # told in the worker thread that waits for the lock

    def on_mount(self) -> None:
        if self.store.exists():
            self.push_screen(OpeningScreen())
            self.open_store()
        else:
            self.push_screen(SetupScreen())
        self._seen = self._signature()
        self.set_interval(self.poll_seconds, self.poll_store)

    def open_store(self) -> None:
        """The first read of the store, off the UI thread."""
        call_service(
            self,
            lambda: (get_institution(self.store), may_change(self.store)),
            self.opened,
            failed=self.not_opened,
            group="open",
        )

    def opened(self, found: tuple[Institution | None, bool]) -> None:
        institution, self.read_only = found[0], not found[1]
        self.set_institution(institution)
        self.switch_screen(SessionListScreen())

    def not_opened(self, error: Exception) -> bool:
        """Shown in place of the sessions (True), or left to the message an unexpected error gets."""
        if isinstance(error, StoreLocked):  # another operator holds it for long: keep trying ("busy" is shown)
            self.set_timer(1.0, self.open_store)
        elif isinstance(error, StoreMissing):  # removed meanwhile
            self.switch_screen(SetupScreen())
        elif isinstance(error, StoreError):
            self.switch_screen(StoreErrorScreen(str(error)))
        else:
            return False
        return True

    def set_institution(self, found: Institution | None) -> None:
        if found:
            self.sub_title = f"{found.institution_id} · {found.name}"

    def _signature(self) -> tuple | None:
        try:
            return self.store.signature()
        except StoreError:
            return None

    def poll_store(self) -> None:
        """Cheap (two stats): when another operator changed the store, catch up with it in the
        background (so that whatever is on top says when the store is busy) and tell the screen."""
        seen = self._signature()
        if seen != self._seen:
            self._seen = seen
            call_service(self, self._catch_up, failed=lambda _error: True, group="catch-up")  # the screen reports
            self.screen.post_message(StoreChanged())

    def _catch_up(self) -> None:
        with self.store.reading():
            pass

    def _store_waiting(self, timeout: float) -> None:
        try:
            self.call_from_thread(self.store_busy, timeout)
        except RuntimeError:  # the app is closing, or (a bug) the store was called on the UI thread
            pass

    def store_busy(self, timeout: float) -> None:
        """Another process holds the store's lock: say so for as long as a call may wait for it
        (once, however many calls wait; a lock held too long is then reported by the call)."""
        now = time.monotonic()
        if now >= self._busy_until:
            self._busy_until = now + timeout + 1
            self._busy_said = f"The store is busy: another operator is changing it. Waiting up to {timeout:g} s…"
            self._say_busy(timeout + 1)

    def _say_busy(self, seconds: float) -> None:
        self.notify(self._busy_said, title="Store busy", severity="warning", timeout=seconds)

    def clear_notices(self) -> None:
        """Take down the notices about what was done before (a dialog opening: they would
        cover its lower half); a store still busy is said again, for the rest of its time."""
        left = self._busy_until - time.monotonic()
        self.clear_notifications()
        if left > 0:
            self._say_busy(left)

    def _fatal_error(self) -> None:
        """Textual's crash report, without its local variables: a frame of the form or of a
        dialog holds a typed or generated password, which must never reach the screen or a log."""
        self.bell()
        traceback = Traceback(show_locals=False, width=None, suppress=[rich])
        self._exit_renderables.append(Segments(self.console.render(traceback, self.console.options)))
        self._close_messages_no_wait()

    def report_error(self, error: BaseException | None) -> None:
        """Turn any failure into one clear message; never a traceback on the operator's screen."""
        if isinstance(error, InputRefused):
            text, title = "\n".join(str(p) for p in error.problems), "Refused"
        elif isinstance(error, StoreError):
            text, title = str(error), "The store cannot be used"
        elif isinstance(error, EntryTuiError):
            text, title = str(error), "Error"
        else:
            text, title = f"{type(error).__name__}: {error}", "Unexpected error"
            self.log.error(repr(error))
        self.notify(text, title=title, severity="error", timeout=10, markup=False)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every action of the screen or dialog the palette was opened from, then those of
        Textual's own that are not ours already (F1 is our Keys; Quit is a key of ours), nor
        Screenshot (it would write the screen, candidates' names and all, to a file nobody
        asked for) and Theme (the colours are chosen for NO_COLOR and 80x24 alike)."""
        theirs_to_skip = {"keys", "maximize", "minimize", "screenshot", "theme"}
        for node, binding in screen_actions(screen):
            if binding.action.removeprefix("app.") == "quit":
                theirs_to_skip.add("quit")
            key = self.get_key_display(binding)
            yield SystemCommand(
                binding.tooltip or binding.description, f"key: {key}", partial(self.run_action, binding.action, node)
            )
        for command in super().get_system_commands(screen):
            if command.title.casefold() not in theirs_to_skip:
                yield command


def run_app(store_path: Path) -> int:
    read_lone_escapes()
    EntryApp(Store(store_path)).run()
    return 0
