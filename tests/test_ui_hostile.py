"""Pasted text with control, bidi or invisible characters: Textual would draw them raw (and
the terminal would act on an escape sequence), so a field leaves them out and says so."""

from __future__ import annotations

from textual import events

from entrytui.tui.widgets.field import Field
from ui_helpers import make_app, open_form, settle


async def test_a_paste_with_escape_and_invisible_characters_leaves_them_out_and_says_which(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        field = app.screen.query_one("#first-name", Field)
        field.input.post_message(events.Paste("Ana\u200b\x1b]2;owned\x07\u202e"))
        await settle(pilot)
        assert field.value == "Ana]2;owned"
        message = str(field.query_one(".message").content)
        assert "U+200B zero width space" in message and "U+001B" in message and "U+202E" in message


async def test_the_list_filter_leaves_them_out_too(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        app.screen.listing.filter.post_message(events.Paste("Dec\x1b[2J\u200b"))
        await settle(pilot)
        assert app.screen.listing.filter.value == "Dec[2J"
