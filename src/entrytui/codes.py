"""Entry codes: 8 characters of 0-9 A-Z without the look-alikes I, L, O and U."""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 8


def new_entry_code(taken) -> str:
    """A fresh code from ``secrets``, not in ``taken`` (a container of every code ever issued)."""
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        if code not in taken:
            return code


def normalise_code(raw: str) -> str:
    """What an operator types back: case and surrounding spaces do not matter."""
    return raw.strip().upper()
