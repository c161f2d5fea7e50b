"""The terminal UI: wiring, global keys, store watching and error display.

Screens call :mod:`entrytui.services` (never the store's files); blocking work runs in
thread workers.  Every key shown in a footer is also a command in the palette (ctrl+p).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Iterable

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from entrytui.errors import EntryTuiError, InputRefused, StoreError, StoreMissing
from entrytui.screens.base import StoreChanged
from entrytui.services.setup import get_institution
from entrytui.store import Store

POLL_SECONDS = 0.5


class EntryApp(App):
    """entrytui's terminal UI on one store."""

    CSS_PATH = "app.tcss"
    TITLE = "entrytui"
    BINDINGS = [
        Binding("f1", "help", "Keys", tooltip="Show every key of this screen"),
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False),
        # Focus moves at once, in key order: over SSH several keys often arrive in one read,
        # and "Ana<tab>Silva" must not leave "Silva" in the first field.
        Binding("tab", "focus_next", show=False, priority=True),
        Binding("shift+tab", "focus_previous", show=False, priority=True),
    ]

    def __init__(self, store: Store, poll_seconds: float = POLL_SECONDS) -> None:
        super().__init__()
        self.store = store
        self.poll_seconds = poll_seconds
        self._seen = None

    def on_mount(self) -> None:
        from entrytui.screens.opening import OpeningScreen
        from entrytui.screens.setup import SetupScreen

        if self.store.exists():
            self.push_screen(OpeningScreen())
            self.open_store()
        else:
            self.push_screen(SetupScreen())
        self._seen = self._signature()
        self.set_interval(self.poll_seconds, self.poll_store)

    @work(thread=True, exit_on_error=False, group="open")
    def open_store(self) -> None:
        """The first read of the store, off the UI thread."""
        try:
            found = get_institution(self.store)
        except StoreError as exc:
            self.call_from_thread(self.opened, None, exc)
        else:
            self.call_from_thread(self.opened, found, None)

    def opened(self, found, error: StoreError | None) -> None:
        from entrytui.screens.sessions import SessionsScreen
        from entrytui.screens.setup import SetupScreen
        from entrytui.screens.store_error import StoreErrorScreen

        if isinstance(error, StoreMissing):  # removed meanwhile
            self.switch_screen(SetupScreen())
        elif error is not None:
            self.switch_screen(StoreErrorScreen(str(error)))
        else:
            self.set_institution(found)
            self.switch_screen(SessionsScreen())

    def set_institution(self, found) -> None:
        if found:
            self.sub_title = f"{found.institution_id} · {found.name}"

    def _signature(self):
        try:
            return self.store.signature()
        except StoreError:
            return None

    def poll_store(self) -> None:
        """Cheap (one stat): tell the screen on top when another operator changed the store."""
        seen = self._signature()
        if seen != self._seen:
            self._seen = seen
            self.screen.post_message(StoreChanged())

    def _fatal_error(self) -> None:
        """Textual's crash report, without its local variables: a frame of the form or of a
        dialog holds a typed or generated password, which must never reach the screen or a log."""
        import rich
        from rich.segment import Segments
        from rich.traceback import Traceback

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
        from entrytui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every action of the screen the palette was opened from, then Textual's own."""
        seen = set()
        for node, binding in screen_actions(screen):
            if binding.action in seen:
                continue
            seen.add(binding.action)
            key = self.get_key_display(binding)
            yield SystemCommand(binding.tooltip or binding.description, f"key: {key}",
                                partial(self.run_action, binding.action, node))
        for command in super().get_system_commands(screen):
            if command.title not in ("Keys", "Maximize", "Minimize"):  # ours is F1
                yield command


def screen_actions(screen: Screen):
    """(node, binding) for every action a screen offers now, whatever has focus."""
    for node in (screen, screen.app):
        for bindings in node._bindings.key_to_bindings.values():
            for binding in bindings:
                if not binding.show or not binding.description or binding.system:
                    continue
                available = getattr(node, "action_available", lambda _a: True)(binding.action)
                if available:
                    yield node, binding


def run_app(store_path: Path) -> int:
    EntryApp(Store(store_path)).run()
    return 0
