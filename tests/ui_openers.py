"""How to bring every screen and dialog to the front, for the tests that go through them
all (the store held by another process, F1 and the palette): ``OPENERS`` maps a name to
(how it is opened, the screen or dialog that is then on top).  The stores they open are the
``entered`` store of those tests: S1 with Ana (Cand1, active) and Bo (Cand2, withdrawn)."""

from __future__ import annotations

from entrytui.domain import Session
from entrytui.errors import Change, ChangedMeanwhile, Difference, UsernameOwned
from entrytui.services.candidates import owner_of
from entrytui.services.entries import AddedEntry, list_entries, replaced_warning
from entrytui.services.venues import add_venue
from entrytui.tui.dialogs.add_venue import AddVenueDialog
from entrytui.tui.dialogs.base import ConfirmDialog
from entrytui.tui.dialogs.changed_meanwhile import ChangedMeanwhileDialog
from entrytui.tui.dialogs.edit_session import EditSessionDialog
from entrytui.tui.dialogs.edit_venue import EditVenueDialog
from entrytui.tui.dialogs.entry_status import RestoreDialog, WithdrawDialog
from entrytui.tui.dialogs.export import ExportDialog
from entrytui.tui.dialogs.link import LinkDialog
from entrytui.tui.dialogs.login_information import LoginInformationDialog, SlipDialog
from entrytui.tui.dialogs.move_entry import MoveEntryDialog
from entrytui.tui.dialogs.new_session import NewSessionDialog
from entrytui.tui.dialogs.register import RegisterDialog
from entrytui.tui.dialogs.saved import SavedDialog
from entrytui.tui.screens.add_entries import AddEntriesScreen
from entrytui.tui.screens.audit import AuditScreen
from entrytui.tui.screens.candidates import CandidateScreen, CandidatesScreen
from entrytui.tui.screens.edit_candidate import EditCandidateScreen
from entrytui.tui.screens.help import HelpScreen
from entrytui.tui.screens.session_entries import SessionEntriesScreen
from entrytui.tui.screens.session_list import SessionListScreen
from entrytui.tui.screens.setup import SetupScreen
from entrytui.tui.screens.store_error import StoreErrorScreen
from entrytui.tui.screens.venues import VenuesScreen


def keys(*names: str, first: tuple[str, ...] = ()):
    """An opener that presses ``names`` once the lock is held, after ``first`` (keys to reach
    the screen it opens from, pressed while the store is free)."""

    def prepare(app):
        async def open_it(pilot):
            await pilot.press(*names)

        return first, open_it

    return prepare


def pushed(make):
    """An opener that pushes a dialog a service result would open; it is made (reading the
    store if it needs to) before the lock is taken."""

    def prepare(app):
        screen = make(app)

        async def open_it(pilot):
            pilot.app.push_screen(screen)

        return (), open_it

    return prepare


def unused_venue_removed(app):
    """x on a venue no session uses (one in use is refused at once, nothing asked): Cambridge
    Annexe is added, then highlighted under Oxford Centre."""
    add_venue(app.store, "Cambridge Annexe")
    return keys("x", first=("u", "down"))(app)


def owned(app) -> UsernameOwned:
    with app.store.reading() as db:
        return UsernameOwned(owner_of(db, "Cand1"), ["December Linguaskill (S1)"])


def owned_typed_otherwise(app) -> UsernameOwned:
    """The link question when the details typed are not Ana's: three answers."""
    with app.store.reading() as db:
        ana = owner_of(db, "Cand1")
    differ = [
        Difference("title", "title", "Dr", ""),
        Difference("first_name", "first name", "Anna", "Ana"),
        Difference("family_name", "family name", "Silva-Ferreira", "Silva"),
        Difference("email", "email", "anna.silva-ferreira@example.org", ""),
    ]
    sessions = ["December Linguaskill (S1)", "January Linguaskill (S2)"]
    return UsernameOwned(ana, sessions, differ, held=sessions)  # a password typed: both sessions' slips stale


def changed_meanwhile(app) -> ChangedMeanwhile:
    with app.store.reading() as db:
        ana = owner_of(db, "Cand1")
    return ChangedMeanwhile(
        "Cand1", [Change("family_name", "family name", "Silva", "Sousa", "bob", "2026-12-01T13:40:00Z")], ana
    )


def added(app) -> AddedEntry:
    row = list_entries(app.store, "S1")[0]
    session = Session(
        id="S1",
        name="December Linguaskill",
        test="Linguaskill",
        venue_id="V1",
        start="2099-12-10 09:00",
        end="2099-12-10 11:00",
    )
    return AddedEntry(row.entry, row.candidate, session, linked=False)


def linked_with_a_password(app) -> AddedEntry:
    """Saved after a link whose password replaced the owner's: the longest warnings it shows."""
    stale = ["January Linguaskill (S2)", "February Linguaskill (S3)", "March Linguaskill (S4)"]
    plain = added(app)
    return AddedEntry(
        plain.entry,
        plain.candidate,
        plain.session,
        linked=True,
        warnings=[
            replaced_warning(plain.candidate, stale),
            "linked to Ana Silva, whose details were kept; typed differently: first name: typed 'Anna', theirs is 'Ana'",
        ],
        password_replaced=True,
        stale_sessions=stale,
    )


# (how it is opened, the screen or dialog that must then be on top)
OPENERS = {
    "session list": (keys(), SessionListScreen),
    "session": (keys("enter"), SessionEntriesScreen),
    "audit": (keys("t"), AuditScreen),
    "session audit": (keys("t", first=("enter",)), AuditScreen),
    "add entries": (keys("a", first=("enter",)), AddEntriesScreen),
    "upload tab": (keys("a", "f2", first=("enter",)), AddEntriesScreen),
    "search tab": (keys("a", "f2", "f2", first=("enter",)), AddEntriesScreen),
    "help": (keys("f1"), HelpScreen),
    "new session": (keys("n"), NewSessionDialog),
    "new venue": (keys("n", "ctrl+n"), AddVenueDialog),
    "withdraw": (keys("w", first=("enter",)), WithdrawDialog),
    "restore": (keys("r", first=("enter", "down")), RestoreDialog),
    "edit candidate": (keys("e", first=("enter",)), EditCandidateScreen),
    "move entry": (keys("m", first=("enter",)), MoveEntryDialog),
    "candidates": (keys("c"), CandidatesScreen),
    "candidate": (keys("enter", first=("c",)), CandidateScreen),
    "merge question": (keys("space", "down", "m", first=("c",)), ConfirmDialog),
    "edit session": (keys("e"), EditSessionDialog),
    "venues": (keys("u"), VenuesScreen),
    "edit venue": (keys("e", first=("u",)), EditVenueDialog),
    "remove venue question": (unused_venue_removed, ConfirmDialog),
    "changed meanwhile": (
        pushed(lambda app: ChangedMeanwhileDialog(changed_meanwhile(app), {"first_name": ("Ana", "Anna")})),
        ChangedMeanwhileDialog,
    ),
    "login information": (keys("l", first=("enter",)), LoginInformationDialog),
    "register": (keys("p", first=("enter",)), RegisterDialog),
    "export": (keys("x", first=("enter",)), ExportDialog),
    "link question": (pushed(lambda app: LinkDialog(owned(app), False)), LinkDialog),
    "link question, details differ": (pushed(lambda app: LinkDialog(owned_typed_otherwise(app), True)), LinkDialog),
    "saved": (pushed(lambda app: SavedDialog(added(app), None, "Secret123")), SavedDialog),
    "saved, a password replaced": (
        pushed(lambda app: SavedDialog(linked_with_a_password(app), None, "Newer4567")),
        SavedDialog,
    ),
    "slip": (pushed(lambda app: SlipDialog("7KQ2M9XD", "Secret123")), SlipDialog),
    "question": (pushed(lambda app: ConfirmDialog("Discard?", "Really?")), ConfirmDialog),
    "store error": (pushed(lambda app: StoreErrorScreen("broken")), StoreErrorScreen),
    "setup": (pushed(lambda app: SetupScreen()), SetupScreen),
}
