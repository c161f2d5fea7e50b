"""What every entrytui screen shares: refresh on store changes, errors as messages,
letter keys hidden while the operator types, and Escape as "back one step"."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import Worker, WorkerState

# Enter in a text field moves to the next field. A priority binding, so that it acts in key
# order: over a slow link "Ana<enter>Silva" arrives at once and "Silva" must not land in the
# first field (an Input's own submit would move the focus only after the rest was typed).
ADVANCE = Binding("enter", "advance", "Next field", show=False, priority=True)


def advance_allowed(screen: Screen) -> bool:
    return isinstance(screen.focused, Input)


class StoreChanged(Message):
    """Another process (or this one) committed a change to the store."""


def typed_key(key: str) -> bool:
    """Keys that an Input would take as text rather than as a command."""
    return len(key) == 1 or key in ("slash", "space")


class ReportsWorkerErrors:
    """Mixin: a failed thread worker becomes one clear message, never a crash."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.app.report_error(event.worker.error)


class BaseScreen(ReportsWorkerErrors, Screen):
    """Refreshes its view when the store changes and when it comes back to the top."""

    def reload(self) -> None:
        """Fetch the screen's data again (override in screens that show store data)."""

    def on_screen_resume(self) -> None:
        self.reload()

    def on_store_changed(self, _: StoreChanged) -> None:
        self.reload()

    @property
    def typing(self) -> bool:
        return isinstance(self.focused, Input)

    def action_available(self, action: str) -> bool:
        """Whether an action makes sense now (e.g. withdraw needs a selected entry)."""
        return True

    def action_advance(self) -> None:
        self.focus_next()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """Single-letter keys are hidden while an input has focus (the letter is text there);
        actions that cannot run now are shown greyed out."""
        if action == "advance":
            return advance_allowed(self)
        if self.typing and self._bound_only_to_typed_keys(action):
            return False
        return True if self.action_available(action) else None

    def _bound_only_to_typed_keys(self, action: str) -> bool:
        keys = [b.key for bindings in self._bindings.key_to_bindings.values() for b in bindings
                if b.action == action]
        return bool(keys) and all(typed_key(k) for k in keys)

