"""Entry codes: 8 characters of 0-9 A-Z without the look-alikes I, L, O and U."""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 8
assert 256 % len(ALPHABET) == 0  # every symbol as likely (new_entry_code)


def new_entry_code(taken) -> str:
    """A fresh code from ``secrets``, not in ``taken`` (a container of every code ever issued)."""
    while True:  # 256 is a multiple of 32: each byte picks one symbol, evenly
        code = "".join(ALPHABET[b % len(ALPHABET)] for b in secrets.token_bytes(LENGTH))
        if code not in taken:
            return code


def normalise_code(raw: str) -> str:
    """What an operator types back: case and surrounding spaces do not matter."""
    return raw.strip().upper()
