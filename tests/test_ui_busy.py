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

from entrytui.tui.dialogs.entry_status import WithdrawDialog
from entrytui.tui.screens.opening import OpeningScreen
from entrytui.tui.screens.session_list import SessionListScreen
from ui_helpers import make_app, settle, wait_until
from ui_openers import OPENERS

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
def entered(ana_and_bo):
    ana_and_bo.lock_timeout = LOCK_TIMEOUT
    return ana_and_bo


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


@pytest.mark.parametrize("case", sorted(OPENERS))
async def test_every_screen_and_dialog_stays_responsive_while_another_operator_holds_the_store(entered, hold, case):
    prepare, expected = OPENERS[case]
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
    """A new screen or dialog must be added to OPENERS (ui_openers.py): found by scanning the UI's modules."""
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
    covered = {screen for _, screen in OPENERS.values()} | {OpeningScreen}
    missing = {c.__name__ for c in found} - {c.__name__ for c in covered} - {"BaseScreen", "ListingScreen", "Dialog"}
    assert not missing, f"add these to OPENERS: {sorted(missing)}"
