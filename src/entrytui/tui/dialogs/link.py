"""The username belongs to another candidate: link the entry to them, or change the username."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from entrytui.errors import UsernameOwned
from entrytui.tui.dialogs.base import Dialog


class LinkDialog(Dialog[str]):
    """Returns ``"link"`` or ``"change"``."""

    TITLE = "Username taken"

    BINDINGS = [
        Binding("l", "answer('link')", "Link"),
        Binding("c,escape", "answer('change')", "Change username"),
    ]

    def __init__(self, owned: UsernameOwned, password_given: bool) -> None:
        super().__init__()
        self.owned, self.password_given = owned, password_given

    def compose(self) -> ComposeResult:
        owner = self.owned.owner
        sessions = "\n".join(f"  · {escape(s)}" for s in self.owned.sessions) or "  (none yet)"
        password = (
            "The password you typed becomes their password for every session."
            if self.password_given
            else "Their current password is kept."
        )
        with Vertical(classes="dialog"):
            yield Static("This username is taken", classes="dialog-title")
            yield Static(
                f"'{escape(owner.username)}' belongs to [b]{escape(owner.full_name)}[/b]"
                f"{' (' + escape(owner.email) + ')' if owner.email else ''}, entered in:\n{sessions}\n\n"
                f"Link enters that same candidate into this session. {password}\n"
                "Change lets you pick another username for a different candidate.",
                classes="dialog-body",
                markup=True,
            )
            with Horizontal(classes="buttons"):
                yield Button("Link (l)", id="link", variant="primary")
                yield Button("Change username (c)", id="change")

    def on_mount(self) -> None:
        self.query_one("#change", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)
