"""What every entrytui screen shares: refresh on store changes, errors as messages,
letter keys hidden while the operator types, and Escape as "back one step"."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import Worker, WorkerState


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

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """Single-letter keys are hidden while an input has focus (the letter is text there);
        actions that cannot run now are shown greyed out."""
        if self.typing and self._bound_only_to_typed_keys(action):
            return False
        return True if self.action_available(action) else None

    def _bound_only_to_typed_keys(self, action: str) -> bool:
        keys = [b.key for bindings in self._bindings.key_to_bindings.values() for b in bindings
                if b.action == action]
        return bool(keys) and all(typed_key(k) for k in keys)


BACK = Binding("escape", "back", "Back")
