"""Helpers for driving the terminal UI with Pilot: keys only, then wait for the workers, or
for what the operator would wait for (``wait_until``) - never a fixed sleep."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest

from entrytui.store import Store
from entrytui.tui.app import EntryApp

KEY_NAMES = {
    " ": "space",
    "-": "minus",
    ".": "full_stop",
    "_": "underscore",
    "@": "at",
    ":": "colon",
    "'": "apostrophe",
    "£": "pound_sign",
    "/": "slash",
}


def keys(text: str) -> list[str]:
    """Pilot key names that type ``text``."""
    return [KEY_NAMES.get(c, c) for c in text]


async def settle(pilot, rounds: int = 3) -> None:
    """Let workers finish and the screen catch up (never a fixed sleep)."""
    from textual.worker import WorkerCancelled

    for _ in range(rounds):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:
            pass  # a reload superseded by a newer one (the store changed again): fine
        await pilot.pause()


POLL_SECONDS = 0.01


async def wait_until(pilot, predicate: Callable[[], object], timeout: float = 5.0, what: str = "") -> None:
    """Poll ``predicate`` until it is true, letting the app run between polls (its timers,
    messages and workers); fail, saying what was awaited and what the screen shows, when it
    is still false after ``timeout`` seconds.  Returns as soon as it is true."""
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return
        if time.monotonic() >= deadline:
            pytest.fail(
                f"waited {timeout:g} s for {what or 'a condition'}, in vain; "
                f"{type(pilot.app.screen).__name__} shows:\n{screen_lines(pilot.app)}"
            )
        await pilot.pause()
        await asyncio.sleep(POLL_SECONDS)  # a short poll: time for the app's timers and worker threads


async def press(pilot, *keys: str) -> None:
    """Press keys, then wait for the screen and the workers to settle."""
    await pilot.press(*keys)
    await settle(pilot)


async def type_into(pilot, text: str, *then: str) -> None:
    await pilot.press(*keys(text), *then)


def make_app(store: Store, **kwargs) -> EntryApp:
    return EntryApp(store, poll_seconds=kwargs.pop("poll_seconds", 0.1), **kwargs)


def screen_text(app) -> str:
    """What the operator sees, as plain text (the SVG export's text, tags stripped)."""
    import html
    import re

    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


def screen_lines(app) -> str:
    """The screen's non-blank lines, as the operator reads them (for failure messages)."""
    import html
    import re

    svg = app.export_screenshot().split("</style>")[-1]
    text = html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")
    return "\n".join(line.rstrip() for line in text.splitlines() if line.strip())


def static_text(app) -> str:
    """Every Static's own text on the active screen, joined (no wrapping, no borders)."""
    from textual.widgets import Static

    return "\n".join(str(w.content) for w in app.screen.query(Static))


async def open_form(pilot, session_row: int = 0) -> None:
    """From Sessions: highlight a session, open it, then Add Entries."""
    await settle(pilot)
    for _ in range(session_row):
        await pilot.press("down")
    await press(pilot, "enter")
    await press(pilot, "a")
