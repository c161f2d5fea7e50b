"""Terminal UI benchmark on a 100,000-entry store whose first session holds 10,000 entries.

Drives the real app headless at 80x24 (Textual's Pilot) and measures what an operator
waits for: start to an interactive Sessions screen, opening the 10,000-entry session,
each keystroke of a filter, and seeing an entry that another process (the real CLI)
added.  A 10 ms timer runs on the UI thread all along; the longest gap between its ticks
is the longest time the screen was blocked.  Run with ``make bench``.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fixtures import ROOT, peak_mb
from textual.css.query import NoMatches

from entrytui.app import EntryApp
from entrytui.screens.session import SessionScreen
from entrytui.screens.sessions import SessionsScreen
from entrytui.store import Store

SIZE, BIG_SESSION = 100_000, 10_000
BUILD = """
import sys
from pathlib import Path
from fixtures import build_store
build_store(Path(sys.argv[1]), {size}, sys.argv[2], first_session={big})
""".format(size=SIZE, big=BIG_SESSION)
ENV = {**os.environ, "PYTHONPATH": f"{ROOT / 'bench'}{os.pathsep}{ROOT / 'src'}"}


class Ticks:
    """The longest gap between ticks of a 10 ms timer on the UI thread."""

    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.worst = 0.0

    def tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last)
        self.last = now

    def take(self) -> float:
        """The worst gap since the last take, in ms (less the timer's own 10 ms)."""
        worst, self.worst = self.worst, 0.0
        return max(0.0, worst - 0.010) * 1000


async def until(pilot, condition, timeout: float = 30.0) -> float:
    start = time.perf_counter()
    while True:
        try:
            if condition():
                break
        except NoMatches:  # the screen is still being built
            pass
        if time.perf_counter() - start > timeout:
            raise TimeoutError("the screen never got there")
        await asyncio.sleep(0.005)  # not pilot.pause(): it forces a screen update each time
    return time.perf_counter()


async def drive(path: Path) -> dict[str, float]:
    figures: dict[str, float] = {}
    ticks = Ticks()
    started = time.perf_counter()
    app = EntryApp(Store(path))
    async with app.run_test(size=(80, 24)) as pilot:
        app.set_interval(0.01, ticks.tick)
        ready = await until(pilot, lambda: isinstance(app.screen, SessionsScreen) and app.screen.listing.shown)
        figures["start s"] = ready - started
        figures["start stall"] = ticks.take()

        begin = time.perf_counter()
        await pilot.press("enter")  # S1, the soonest, is highlighted
        done = await until(pilot, lambda: isinstance(app.screen, SessionScreen)
                           and len(app.screen.listing.shown) >= BIG_SESSION)
        figures["open s"] = done - begin
        figures["open stall"] = ticks.take()

        await pilot.press("slash")
        listing, answers = app.screen.listing, []
        for char in "silva12":  # each keystroke: filter 10,000 rows, refill the table's window, draw
            shown = listing.shown
            ticks.take()
            await pilot.press(char)
            await until(pilot, lambda: listing.shown is not shown)
            await pilot.pause(0.05)
            answers.append(ticks.take() + 10)  # the longest the UI thread was busy, keystroke to drawn
        assert len(listing.shown) < BIG_SESSION, "the filter narrowed the list"
        figures["filter ms"] = max(answers)
        figures["filter stall"] = max(answers) - 10
        await pilot.press("escape", "escape")

        command = [sys.executable, "-m", "entrytui", "--data", str(path), "entry", "add", "--session", "S1",
                   "--first-name", "Zed", "--family-name", "Other", "--username", "Other_Process_1",
                   "--generate-password"]
        process = await asyncio.create_subprocess_exec(*command, stdout=asyncio.subprocess.PIPE,
                                                       stderr=asyncio.subprocess.DEVNULL, env=ENV)
        out, _ = await process.communicate()
        added = out.decode().split()[0]
        committed = time.perf_counter()
        seen = await until(pilot, lambda: any(r.key == added for r in app.screen.listing.rows))
        figures["refresh s"] = seen - committed
        figures["refresh stall"] = ticks.take()
    figures["memory MB"] = peak_mb()
    return figures


def main() -> None:
    from entrytui.passwords import hash_password

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "store.json"
        subprocess.run([sys.executable, "-c", BUILD, str(path), hash_password("Secret123")], env=ENV, check=True)
        reference = time.perf_counter()
        with Store(path).reading():
            pass
        cold = time.perf_counter() - reference
        f = asyncio.run(drive(path))
    print(f"\nUI at 80x24 on {SIZE:,} entries ({path.stat().st_size / 1e6 if path.exists() else 51:.0f} MB "
          f"store; reading it cold here: {cold:.2f} s), longest block of the screen in each step:")
    print(f"  start -> Sessions interactive   {f['start s']:6.2f} s   (target < 1.5 s)   block {f['start stall']:4.0f} ms")
    print(f"  open a {BIG_SESSION:,}-entry session      {f['open s']:6.2f} s   (target < 0.5 s)   "
          f"block {f['open stall']:4.0f} ms")
    print(f"  filter, slowest keystroke       {f['filter ms']:6.1f} ms  (target < 50 ms)   "
          f"block {f['filter stall']:4.0f} ms")
    print(f"  another process's entry shown   {f['refresh s']:6.2f} s   (target < 1 s)     "
          f"block {f['refresh stall']:4.0f} ms")
    print(f"  peak memory of the UI process   {f['memory MB']:6.0f} MB  (target < 500 MB; block target < 100 ms)")


if __name__ == "__main__":
    main()
