"""Edit a session: the New session dialog's fields and rules, prefilled, with the end as a field
of its own.  Save sends only the fields changed, with ``seen`` (the session as listed): if
another operator changed it meanwhile, nothing is saved and the question says who changed
which field; the operator saves theirs on top, reloads, or goes back to the form."""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.widgets import Select, Static

from entrytui.domain import SESSION_FIELDS, Session, Venue
from entrytui.errors import ChangedMeanwhile, InputRefused
from entrytui.rules import parse_datetime
from entrytui.services.changes import describe
from entrytui.services.sessions import EditedSession, edit_session
from entrytui.tui.dialogs.changed_meanwhile import ask_what_to_do, save_changes
from entrytui.tui.dialogs.new_session import NewSessionDialog
from entrytui.tui.widgets.field import Field

# A refusal's field (as the rules name it) -> the Field it is shown under.
FIELD_IDS = {"session name": "session-name", "test": "session-test", "start": "session-start", "end": "session-end-at"}


def edited_message(edited: EditedSession) -> str:
    said = f"Session {edited.session.id}: {describe(edited.changes, SESSION_FIELDS)}"
    return "\n".join([said, *edited.warnings])


class EditSessionDialog(NewSessionDialog):
    """Returns the :class:`EditedSession`, or None (nothing saved)."""

    TITLE = "Edit session"

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session  # what the form was filled with: a field differing from it is a change
        self.seen = session  # what the service compares the store with (theirs, once saved on top)
        self.HEADING = f"Edit session {session.id}: {session.name}"

    def initial(self, field: str) -> str:
        return getattr(self.session, field)

    def extra_fields(self) -> ComposeResult:
        yield Field(
            "End",
            lambda v: parse_datetime("end", v)[1],
            id="session-end-at",
            placeholder="YYYY-MM-DD HH:MM",
            value=self.session.end,
        )
        yield Static(
            "A new start or test moves the end with it unless you change the end too.",
            id="edit-session-status",
            markup=False,
        )

    def show_venues(self, venues: list[Venue], choose: str | None) -> None:
        """The session's venue chosen (or none), not the centre's only venue."""
        super().show_venues(venues, choose or self.session.venue_id)
        if not (choose or self.session.venue_id):
            self.query_one(Select).clear()

    def changed(self) -> dict[str, str]:
        """The fields changed, as :func:`edit_session` takes them (``venue``: a name, ``""`` none)."""
        s, value = self.session, {f.id: f.value for f in self.query(Field)}
        found = {
            name: value[fid]
            for name, fid in (("name", "session-name"), ("test", "session-test"), ("start", "session-start"))
            if value[fid] != getattr(s, name)
        }
        if value["session-end-at"] != s.end:
            found["end"] = value["session-end-at"]
        select = self.query_one(Select)
        venue_id = None if select.value is Select.NULL else str(select.value)
        if self.venue_names and venue_id != s.venue_id:  # (before the venues are read, nothing is chosen)
            found["venue"] = self.chosen_venue() or ""
        return found

    def has_unsaved_input(self) -> bool:
        return bool(self.changed())

    def action_save(self) -> None:
        if any([f.check() for f in self.query(Field)]):
            return
        changed = self.changed()
        edit = partial(edit_session, self.app.store, actor=self.app.actor, **changed)
        save_changes(self, changed, lambda seen: edit(seen.id, seen=seen), self.refused)

    def refused(self, error: Exception) -> bool:
        """Changed meanwhile: the question.  Else under the field it names, or (a venue gone)
        on the status line."""
        if isinstance(error, ChangedMeanwhile):
            self.ask_changed(error)
            return True
        if not isinstance(error, InputRefused):
            return False
        other = []
        for problem in error.problems:
            if problem.field in FIELD_IDS:
                self.query_one(f"#{FIELD_IDS[problem.field]}", Field).show([problem])
            else:
                other.append(str(problem))
        self.query_one("#edit-session-status", Static).update("Not saved. " + " ".join(other))
        return True

    def ask_changed(self, exc: ChangedMeanwhile) -> None:
        self.status("Not saved: another operator changed this session meanwhile.")
        venue = self.venue_names.get
        mine = {
            ("venue_id" if name == "venue" else name): (
                venue(self.session.venue_id or "", "") if name == "venue" else getattr(self.session, name),
                value,
            )
            for name, value in self.changed().items()
        }
        theirs = ChangedMeanwhile(
            exc.subject,
            [
                c._replace(seen=venue(c.seen, c.seen), now=venue(c.now, c.now)) if c.field == "venue_id" else c
                for c in exc.changes
            ],
            exc.current,
        )
        current = exc.current
        reloaded = "Reloaded: the form shows their change now; make yours again if it still applies."
        ask_what_to_do(
            self, theirs, mine, reloaded, labels=SESSION_FIELDS, what=f"Session {current.id} ({current.name})"
        )

    def status(self, text: str) -> None:
        self.query_one("#edit-session-status", Static).update(text)

    def fill(self, session: Session) -> None:
        """The form holds ``session`` as it is now (after Reload)."""
        self.session = self.seen = session
        for name, fid in (("name", "session-name"), ("test", "session-test"), ("start", "session-start")):
            self.query_one(f"#{fid}", Field).value = getattr(session, name)
        self.query_one("#session-end-at", Field).value = session.end
        self.load_venues()  # read again: theirs may be a venue added since
