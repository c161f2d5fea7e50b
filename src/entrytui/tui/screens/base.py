"""What every entrytui screen shares: refresh on store changes, letter keys hidden while
the operator types, and Escape as "back one step"."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Input

from entrytui.tui.keys import CHANGES, advance_allowed, read_only, typed_key
from entrytui.tui.messages import StoreChanged


class BaseScreen(Screen):
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
        if action in CHANGES and read_only(self):
            return None  # greyed out: F1 says it needs write access
        if self.typing and self._bound_only_to_typed_keys(action):
            return False
        return True if self.action_available(action) else None

    def _bound_only_to_typed_keys(self, action: str) -> bool:
        keys = [b.key for bindings in self._bindings.key_to_bindings.values() for b in bindings if b.action == action]
        return bool(keys) and all(typed_key(k) for k in keys)
