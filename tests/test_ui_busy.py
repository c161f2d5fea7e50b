"""Another operator's process holds the store's lock: every screen and dialog stays
responsive, says the store is busy while it waits, and reports a lock held too long as one
message - never a frozen screen, never the app ending with StoreLocked.

The holder first commits a change the app has not seen (so the app's next read must catch up,
which needs the lock), then holds the lock; the app waits at most ``LOCK_TIMEOUT`` seconds.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.screen import Screen

from entrytui.domain import Session
from entrytui.errors import UsernameOwned
from entrytui.services.candidates import owner_of
from entrytui.services.entries import AddedEntry, add_entry, list_entries, withdraw_entry
from entrytui.tui.dialogs.add_venue import AddVenueDialog
from entrytui.tui.dialogs.base import ConfirmDialog
from entrytui.tui.dialogs.entry_status import RestoreDialog, WithdrawDialog
from entrytui.tui.dialogs.link import LinkDialog
from entrytui.tui.dialogs.login_information import LoginInformationDialog, SlipDialog
from entrytui.tui.dialogs.new_session import NewSessionDialog
from entrytui.tui.dialogs.saved import SavedDialog
from entrytui.tui.screens.add_entries import AddEntriesScreen
from entrytui.tui.screens.audit import AuditScreen
from entrytui.tui.screens.help import HelpScreen
from entrytui.tui.screens.opening import OpeningScreen
from entrytui.tui.screens.session_entries import SessionEntriesScreen
from entrytui.tui.screens.session_list import SessionListScreen
from entrytui.tui.screens.setup import SetupScreen
from entrytui.tui.screens.store_error import StoreErrorScreen
from ui_helpers import make_app, settle, wait_until

SRC = Path(__file__).resolve().parent.parent / "src"
LOCK_TIMEOUT = 1.0
RESPONSIVE = 0.5  # seconds a key may take to show its screen while the store is locked

HOLDER = """
import fcntl, os, sys, time
from entrytui.services.venues import add_venue
from entrytui.store import Store
path = sys.argv[1]
add_venue(Store(path), "Cambridge Centre")
fd = os.open(path + ".lock", os.O_RDWR)
fcntl.flock(fd, fcntl.LOCK_EX)
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
"""


@pytest.fixture
def entered(store):
    """Two entries in S1: Ana (active) and Bo (withdrawn)."""
    add_entry(store, "S1", first_name="Ana", family_name="Silva", username="Cand1", password="Secret123")
    bo = add_entry(store, "S1", first_name="Bo", family_name="Li", username="Cand2", password="Secret123")
    withdraw_entry(store, bo.entry.entry_code, "moved")
    store.lock_timeout = LOCK_TIMEOUT
    return store


@pytest.fixture
def hold(entered):
    """Start another process that changes the store, then holds its lock for ``seconds``."""
    children: list[subprocess.Popen] = []

    def start(seconds: float = 30) -> subprocess.Popen:
        child = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(entered.path), str(seconds)],
            stdout=subprocess.PIPE,
            text=True,
            env={"PYTHONPATH": str(SRC)},
        )
        children.append(child)
        assert child.stdout.readline().strip() == "locked"
        return child

    yield start
    for child in children:
        child.kill()
        child.wait()


def notices(app) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


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


def owned(app) -> UsernameOwned:
    with app.store.reading() as db:
        return UsernameOwned(owner_of(db, "Cand1"), ["December Linguaskill (S1)"])


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


# (how it is opened, the screen or dialog that must then be on top)
CASES = {
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
    "login information": (keys("l", first=("enter",)), LoginInformationDialog),
    "link question": (pushed(lambda app: LinkDialog(owned(app), False)), LinkDialog),
    "saved": (pushed(lambda app: SavedDialog(added(app), None, "Secret123")), SavedDialog),
    "slip": (pushed(lambda app: SlipDialog("7KQ2M9XD", "Secret123")), SlipDialog),
    "question": (pushed(lambda app: ConfirmDialog("Discard?", "Really?")), ConfirmDialog),
    "store error": (pushed(lambda app: StoreErrorScreen("broken")), StoreErrorScreen),
    "setup": (pushed(lambda app: SetupScreen()), SetupScreen),
}


@pytest.mark.parametrize("case", sorted(CASES))
async def test_every_screen_and_dialog_stays_responsive_while_another_operator_holds_the_store(entered, hold, case):
    prepare, expected = CASES[case]
    app = make_app(entered)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SessionListScreen)
        first, open_it = prepare(app)
        await pilot.press(*first)
        await settle(pilot)
        hold()
        await open_it(pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, expected), RESPONSIVE, f"{expected.__name__} on top")
        await wait_until(pilot, lambda: "store is busy" in notices(app), 2.0, "the store is busy, said")
        # Still responsive while the read waits: the palette opens over what is in front, Escape closes it.
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), RESPONSIVE, "ctrl+p answered")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, expected), RESPONSIVE, "Escape answered")
        # Past the lock timeout the waiting reads give up; the app is still there, on the same screen.
        await wait_until(
            pilot, lambda: not any(w.is_running for w in app.workers), LOCK_TIMEOUT + 3, "the reads gave up"
        )
        assert app.is_running and isinstance(app.screen, expected)


async def test_a_change_asked_for_while_the_store_is_held_waits_then_says_so_and_keeps_the_dialog(entered, hold):
    app = make_app(entered)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "w")
        await wait_until(pilot, lambda: isinstance(app.screen, WithdrawDialog), RESPONSIVE, "the withdraw dialog")
        hold()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "store is busy" in notices(app), 2.0, "the store is busy, said")
        await wait_until(
            pilot, lambda: "locked by another operator" in notices(app), LOCK_TIMEOUT + 3, "the lock reported"
        )
        assert app.is_running and isinstance(app.screen, WithdrawDialog), "kept, to try again"


async def test_opening_waits_for_a_held_store_and_goes_on_when_it_is_free(entered, hold):
    child = hold(seconds=2.5)
    app = make_app(entered)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, OpeningScreen), RESPONSIVE, "the Opening screen")
        await wait_until(pilot, lambda: "store is busy" in notices(app), 2.0, "the store is busy, said")
        child.wait(timeout=10)
        await wait_until(pilot, lambda: isinstance(app.screen, SessionListScreen), 5.0, "the sessions, once free")


def test_every_screen_and_dialog_is_in_the_cases():
    """A new screen or dialog must be added to CASES: found by scanning the UI's modules."""
    import importlib
    import pkgutil

    import entrytui.tui.dialogs
    import entrytui.tui.screens

    found = set()
    for package in (entrytui.tui.screens, entrytui.tui.dialogs):
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            found |= {
                v
                for v in vars(module).values()
                if isinstance(v, type)
                and issubclass(v, Screen)
                and v.__module__ == module.__name__
                and not v.__name__.startswith("_")
            }
    covered = {screen for _, screen in CASES.values()} | {OpeningScreen}
    missing = {c.__name__ for c in found} - {c.__name__ for c in covered} - {"BaseScreen", "ListingScreen"}
    assert not missing, f"add these to CASES: {sorted(missing)}"
