"""A labelled one-line input that shows its rule's message beneath it.

The message appears once the operator has left the field (or pressed Save), then
follows every keystroke.  The rule is a pure function of :mod:`entrytui.rules`, the same
one the command line and the upload use.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, Static

from entrytui.rules import Problem, describe_char, is_unsafe_char

Rule = Callable[[str], list[Problem]]


class SafeInput(Input):
    """An Input that never holds a control, bidi or invisible character: Textual would draw
    it raw, and the operator's terminal would act on it.  Such characters (they come with
    pasted text) are left out, and :class:`LeftOut` says which."""

    class LeftOut(Message):
        def __init__(self, characters: list[str]) -> None:
            super().__init__()
            self.characters = characters

    def replace(self, text: str, start: int, end: int) -> None:
        unsafe = [c for c in text if is_unsafe_char(c)]
        if unsafe:
            text = "".join(c for c in text if not is_unsafe_char(c))
            self.post_message(self.LeftOut(unsafe))
        super().replace(text, start, end)


class Field(Vertical):
    """Label, input and message; ``value``/``problems()`` for the screen that owns it."""

    DEFAULT_CSS = """
    Field { height: auto; }
    Field > Horizontal { height: 1; }
    Field Label.caption { width: 16; }
    Field Input { width: 1fr; }
    Field Static.message { height: auto; padding-left: 16; color: $text-error; }
    Field Static.message.-empty { display: none; }
    """

    def __init__(
        self,
        caption: str,
        rule: Rule | None = None,
        *,
        id: str,
        placeholder: str = "",
        password: bool = False,
        max_length: int = 0,
        suggester=None,
        value: str = "",
    ) -> None:
        """``value``: what the field holds from the start (set before any key can arrive, so a
        path typed at once is never overwritten by a default filled in later)."""
        super().__init__(id=id)
        self.caption = caption
        self.rule = rule
        self.touched = False
        self._input = SafeInput(
            value=value,
            placeholder=placeholder,
            password=password,
            max_length=max_length,
            id=f"{id}-input",
            suggester=suggester,
        )

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label(self.caption, classes="caption")
            yield self._input
        yield Static("", classes="message -empty")

    @property
    def input(self) -> Input:
        return self._input

    @property
    def value(self) -> str:
        return self._input.value

    @value.setter
    def value(self, text: str) -> None:
        self._input.value = text

    def clear(self) -> None:
        self.touched = False
        self._input.value = ""
        self.show([])

    def check(self) -> list[Problem]:
        """Run the rule now and show what it says (used on Save)."""
        self.touched = True
        problems = self.rule(self.value) if self.rule else []
        self.show(problems)
        return problems

    def show(self, problems: list[Problem]) -> None:
        message = self.query_one(Static)
        text = "\n".join(p.message for p in problems)
        message.update(text)
        message.set_class(not text, "-empty")
        self.set_class(bool(text), "-invalid")

    def on_descendant_focus(self) -> None:
        self.add_class("-active")

    def on_descendant_blur(self) -> None:
        self.remove_class("-active")

    def on_input_blurred(self, event: Input.Blurred) -> None:
        self.check()

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.touched:
            self.check()

    def on_safe_input_left_out(self, event: SafeInput.LeftOut) -> None:
        names = ", ".join(dict.fromkeys(describe_char(c) for c in event.characters))
        self.show([Problem(self.caption.lower(), f"left out what cannot be typed: {names}")])
