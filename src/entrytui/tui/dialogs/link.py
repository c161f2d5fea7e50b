"""The username belongs to another candidate: link the entry to them (keeping their details, or
updating them to those typed), or change the username (PRODUCT §4).

The question names the owner and their sessions and lists, field by field, what was typed that
is not theirs ("typed → theirs"); "link and update" is offered only when something differs.  A
password typed replaces theirs: the question names the other sessions whose slips that makes stale."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from entrytui.errors import Difference, UsernameOwned
from entrytui.tui.dialogs.base import Dialog, literal


def quoted(value: str) -> str:
    return f"'{literal(value)}'" if value else "(none)"


def difference_lines(differences: list[Difference]) -> str:
    """``  · family name: 'Nunez' → 'Ñúñez'``, one line per field (typed → theirs)."""
    return "\n".join(f"  · {d.label}: {quoted(d.typed)} → {quoted(d.stored)}" for d in differences)


class LinkDialog(Dialog[str]):
    """Returns ``"link"`` (their details kept), ``"update"`` (link, and the details typed
    written over theirs: offered only when they differ) or ``"change"``."""

    TITLE = "Username taken"

    BINDINGS = [
        Binding(
            "l",
            "answer('link')",
            "Link",
            tooltip="Enter the candidate who has this username into this session; their details are kept",
        ),
        Binding(
            "u",
            "answer('update')",
            "Link, update",
            tooltip="Enter that candidate and write the details you typed over theirs",
        ),
        Binding(
            "c,escape",
            "answer('change')",
            "Change username",
            tooltip="Back to the form, on the username, to pick another one for a different candidate",
        ),
    ]

    def __init__(self, owned: UsernameOwned, password_given: bool) -> None:
        super().__init__()
        self.owned, self.password_given = owned, password_given

    def body(self) -> str:
        owner, differences = self.owned.owner, self.owned.differences
        sessions = "\n".join(f"  · {literal(s)}" for s in self.owned.sessions) or "  (none yet)"
        email = f" ({literal(owner.email)})" if owner.email else ""
        title = f"{literal(owner.title)} " if owner.title else ""
        if not self.password_given:
            password = "Their current password is kept."
        elif self.owned.held:
            stale = ", ".join(literal(s) for s in self.owned.held)
            password = (
                "The password you typed replaces theirs in every session: the slips printed for "
                f"[b]{stale}[/b] stop working (print them again)."
            )
        else:
            password = "The password you typed replaces theirs (no slip of another session is affected)."
        if differences:
            details = (
                f"What you typed differs from their details (typed → theirs):\n{difference_lines(differences)}\n\n"
                "l links that same candidate into this session and keeps their details; "
                "u links them and writes what you typed over theirs (every session shows it)."
            )
        else:
            details = "Nothing you typed differs from their details.\n\nl links that same candidate into this session."
        return (
            f"'{literal(owner.username)}' belongs to [b]{title}{literal(owner.full_name)}[/b]{email}, "
            f"entered in:\n{sessions}\n\n{details} {password}\n"
            "c lets you pick another username for a different candidate."
        )

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("This username is taken", classes="dialog-title")
            yield Static(self.body(), classes="dialog-body", markup=True)
            with Horizontal(classes="buttons"):
                yield Button("Link (l)", id="link", variant="primary")
                if self.owned.differences:
                    yield Button("Link, update (u)", id="update", variant="warning")
                yield Button("Change username (c)", id="change")

    def on_mount(self) -> None:
        self.query_one("#change", Button).focus()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """u only when there is something to update (hidden from the footer otherwise)."""
        if action == "answer" and parameters == ("update",):
            return bool(self.owned.differences)
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_answer(self, answer: str) -> None:
        if answer == "update" and not self.owned.differences:
            return  # not offered
        self.dismiss(answer)
