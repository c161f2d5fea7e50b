"""The README's pictures, made by entrytui's own code from a demo store of made-up candidates.

Run by hand after a change to how a document looks (``make pictures``, or
``.venv/bin/python docs/pictures.py``); it writes the PNGs beside this file and prints what
it wrote.  The demo store lives in a temporary folder and is thrown away.  Entry codes are
drawn at random, as in any store, so each run makes a slightly different picture.

Each picture is a function taking the demo store and the folder to write into; add one to
``PICTURES``.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pypdfium2  # the test extra's (pip install -e '.[test]')

from entrytui.services.common import Actor
from entrytui.services.entries import add_entry
from entrytui.services.login_information import produce_login_information
from entrytui.services.register import produce_register
from entrytui.services.sessions import add_session
from entrytui.services.setup import init_store
from entrytui.services.venues import add_venue
from entrytui.store import Store

HERE = Path(__file__).resolve().parent
DPI = 100  # an A4 page 827 pixels wide: readable in a README, small in the repository
DEMO = Actor("demo", clock=lambda: datetime(2026, 12, 1, 9, 30, tzinfo=UTC))

# (first name, family name, username, password): made up; one username long enough to wrap
CANDIDATES = [
    ("Ana", "Silva", "OxfordCentre_20261210_Cand001", "Km7pQx3Rz9"),
    ("Bo", "Li", "OxfordCentre_20261210_Cand002", "Tw4nVb8Lq2"),
    ("Chloé", "Dubois", "OxfordCentre_20261210_Cand003", "Hy6sMd2Kp7"),
    ("Dmitri", "Ivanov", "OxfordCentre_20261210_Cand004", "Rf3gZc9Nx5"),
    ("Guillermo", "Núñez", "OxfordCentre_20261210_Cand005", "Pb8eWj4Ts6"),
    ("Jana", "Nováková", "OxfordCentre_20261210_Cand006", "Lq5dXa7Vm3"),
    (
        "Maximiliana Alexandrovna",
        "Konstantinopoulou-Wolfeschlegel",
        "OxfordLanguageCentre_20261210_Linguaskill_KonstantinopoulouWolfeschlegel_Maximiliana",
        "Zu2hCk6Ry8",
    ),
    ("Siobhán", "O'Connor", "OxfordCentre_20261210_Cand008", "Ge9tBn3Wf4"),
    ("Tomasz", "Wiśniewski", "OxfordCentre_20261210_Cand009", "Mc4kYp8Dh2"),
    ("Zeynep", "Yılmaz", "OxfordCentre_20261210_Cand010", "Vs7rJe5Qa9"),
]


def demo_store(folder: Path) -> Store:
    """Oxford Language Centre (GB123), session S1 (December Linguaskill at Oxford Centre) with
    the made-up candidates entered, through the services as an operator would."""
    store = Store(folder / "store.json")
    init_store(store, "GB123", "Oxford Language Centre", actor=DEMO)
    add_venue(store, "Oxford Centre", actor=DEMO)
    add_session(
        store,
        name="December Linguaskill",
        test="Linguaskill",
        start="2026-12-10 09:00",
        venue="Oxford Centre",
        actor=DEMO,
    )
    for first, family, username, password in CANDIDATES:
        add_entry(store, "S1", first_name=first, family_name=family, username=username, password=password, actor=DEMO)
    return store


def first_page_png(pdf: Path, png: Path) -> Path:
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
    finally:
        document.close()
    image.save(png, optimize=True)
    return png


def slip_sheet(store: Store, out: Path) -> Path:
    """Page 1 of the session's login information as sheets of 8 slips (``logins --layout sheet``)."""
    pdf = out / "slip-sheet.pdf"
    produce_login_information(store, "S1", pdf, layout="sheet", actor=DEMO)
    return first_page_png(pdf, HERE / "slip-sheet.png")


def register_page(store: Store, out: Path) -> Path:
    """Page 1 of the session's attendance register (``entrytui register``)."""
    pdf = out / "register.pdf"
    produce_register(store, "S1", pdf, actor=DEMO)
    return first_page_png(pdf, HERE / "register.png")


PICTURES: list[Callable[[Store, Path], Path]] = [slip_sheet, register_page]


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="entrytui-pictures-") as folder:
        store = demo_store(Path(folder))
        for picture in PICTURES:
            print(picture(store, Path(folder)).relative_to(HERE.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
