"""Textual's Header, made safe to remove at once.

Header draws its title from a coroutine it schedules when mounted and whenever a title
changes.  When the screen is switched before that coroutine runs (the Opening screen
replaced as soon as the store is read, a list refreshed as it opens), the coroutine finds
no title widget and the app stops with ``NoMatches``.  This Header does the same watching
and skips a title it can no longer draw.
"""

from __future__ import annotations

from textual.content import Content
from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.events import Mount
from textual.widgets import Header
from textual.widgets._header import HeaderTitle


class SafeHeader(Header):
    def format_title(self) -> Content:
        """The title, marked when the operator may only read the store (on every screen)."""
        title = super().format_title()
        return title + " · read-only" if getattr(self.app, "read_only", False) else title

    def _on_mount(self, event: Mount) -> None:
        event.prevent_default()  # Header's own handler (and Widget's, which has nothing for a header)

        async def set_title() -> None:
            try:
                self.query_one(HeaderTitle).update(self.format_title())
            except (NoMatches, NoScreen):
                pass  # removed before its title was drawn

        self.watch(self.app, "title", set_title)
        self.watch(self.app, "sub_title", set_title)
        self.watch(self.screen, "title", set_title)
        self.watch(self.screen, "sub_title", set_title)
