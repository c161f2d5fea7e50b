"""Candidate passwords: generated with ``secrets``, stored only as salted scrypt hashes.

A stored hash reads ``scrypt$<n>$<r>$<p>$<salt hex>$<hash hex>`` so the cost can be
raised later without breaking existing logins.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import unicodedata
from concurrent.futures import ThreadPoolExecutor

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1  # about 40 ms and 16 MiB per hash here
_MAXMEM = 64 * 1024 * 1024
# No look-alikes (0/O, 1/l/I) on printed slips.
_UPPER = "ABCDEFGHJKMNPQRSTUVWXYZ"
_LOWER = "abcdefghijkmnpqrstuvwxyz"
_DIGITS = "23456789"
GENERATED_LENGTH = 12


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    data = unicodedata.normalize("NFC", password).encode("utf-8")
    return hashlib.scrypt(data, salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM, dklen=32)


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = _derive(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str | None) -> bool:
    """True when ``password`` matches ``stored``; constant-time, and as slow for no hash."""
    try:
        scheme, n, r, p, salt, digest = (stored or "").split("$")
        if scheme != "scrypt":
            raise ValueError(scheme)
        expected = bytes.fromhex(digest)
        actual = _derive(password, bytes.fromhex(salt), int(n), int(r), int(p))
    except ValueError:
        _derive(password, b"\0" * 16, SCRYPT_N, SCRYPT_R, SCRYPT_P)
        return False
    return hmac.compare_digest(expected, actual)


def generate_password(length: int = GENERATED_LENGTH) -> str:
    """A password that meets the rule: upper, lower and digits, no look-alikes."""
    alphabet = _UPPER + _LOWER + _DIGITS
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(length))
        if (
            any(c in _UPPER for c in candidate)
            and any(c in _LOWER for c in candidate)
            and any(c in _DIGITS for c in candidate)
        ):
            return candidate


def hash_passwords(passwords: list[str], progress=None) -> list[str]:
    """Hash many at once on every core (scrypt releases the GIL); ``progress(done, total)``."""

    hashes: list[str] = []
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for done, digest in enumerate(pool.map(hash_password, passwords), start=1):
            hashes.append(digest)
            if progress:
                progress(done, len(passwords))
    return hashes
