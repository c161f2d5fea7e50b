"""The headless core (rules, domain, store, services, CLI) never imports Textual.

Every module of the package is imported except the Textual side (``app`` and the
``screens``/``dialogs``/``widgets`` packages), so a new core module is covered unasked.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

from conftest import ROOT

UI = ("entrytui.app", "entrytui.__main__", "entrytui.screens", "entrytui.dialogs", "entrytui.widgets", "entrytui.tui")


def core_modules() -> list[str]:
    found = [m.name for m in pkgutil.walk_packages([str(ROOT / "src" / "entrytui")], prefix="entrytui.")]
    return sorted(m for m in found if not m.startswith(UI))


def test_the_core_is_found():
    core = core_modules()
    for name in ("entrytui.rules", "entrytui.store", "entrytui.services.entries", "entrytui.cli"):
        assert name in core


def test_core_modules_do_not_import_textual():
    """In a fresh interpreter, so that no other test has imported Textual first."""
    code = (
        "import sys\n"
        f"for name in {core_modules()!r}: __import__(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT / "src")})
    assert done.returncode == 0, done.stdout + done.stderr
