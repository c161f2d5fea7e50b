"""Candidate passwords: generated with ``secrets``, kept **sealed** (encrypted, so that a
slip can show them again), and checked in constant time.

A sealed password reads ``sealed$1$<key id>$<nonce and ciphertext, base64url>``: AES-256-GCM
under the store's key (:mod:`entrytui.store.keyfile`), with the candidate's id as associated
data, so a sealed value copied onto another candidate does not open.  The key id (a digest
of the key, not the key) tells a wrong key from a damaged value.

Stores of version 1 hold salted scrypt hashes, ``scrypt$<n>$<r>$<p>$<salt hex>$<hash hex>``;
they still check (:func:`verify_password`), but cannot be shown: those candidates need a new
password before a slip can carry one.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import os
import secrets
import unicodedata
from concurrent.futures import ThreadPoolExecutor

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from entrytui.errors import PasswordUnreadable

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


SEALED = "sealed"
NONCE_BYTES = 12  # AES-GCM's own size


@functools.lru_cache(maxsize=8)
def key_id(key: bytes) -> str:
    """Which key sealed a value: a digest of the key (it reveals nothing of it)."""
    return hashlib.sha256(b"entrytui key id\0" + key).hexdigest()[:12]


@functools.lru_cache(maxsize=8)
def _cipher(key: bytes) -> AESGCM:
    return AESGCM(key)  # made once per key: a check opens 100,000 passwords with it


def _bound(candidate_id: str) -> bytes:
    return f"entrytui candidate {candidate_id}".encode()


def seal(key: bytes, candidate_id: str, password: str) -> str:
    """``password`` encrypted for ``candidate_id`` under ``key`` (a fresh nonce each time)."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    data = unicodedata.normalize("NFC", password).encode("utf-8")
    sealed = nonce + _cipher(key).encrypt(nonce, data, _bound(candidate_id))
    return f"{SEALED}$1${key_id(key)}${base64.urlsafe_b64encode(sealed).decode('ascii')}"


def unseal(key: bytes, candidate_id: str, sealed: str, who: str = "") -> str:
    """The password sealed by :func:`seal`; :class:`PasswordUnreadable` (naming ``who``) if
    the key is not the one that sealed it, or the value was changed or moved."""
    name = who or candidate_id
    try:
        scheme, version, kid, encoded = sealed.split("$")
        if (scheme, version) != (SEALED, "1"):
            raise ValueError(scheme)
        if not hmac.compare_digest(kid, key_id(key)):
            raise PasswordUnreadable(
                f"{name}'s password was sealed with another key (key id {kid}; this key is {key_id(key)}): "
                "point ENTRYTUI_KEY at the store's own key"
            )
        data = base64.urlsafe_b64decode(encoded)
        return _cipher(key).decrypt(data[:NONCE_BYTES], data[NONCE_BYTES:], _bound(candidate_id)).decode("utf-8")
    except (ValueError, binascii.Error, InvalidTag, UnicodeDecodeError):
        raise PasswordUnreadable(
            f"{name}'s sealed password does not open: it was changed outside entrytui or copied from "
            "another candidate; set a new password for them"
        ) from None


def sealed_matches(key: bytes, candidate_id: str, password: str, sealed: str) -> bool:
    """Constant-time: whether ``password`` is the one sealed (NFC, as it was sealed)."""
    expected = unseal(key, candidate_id, sealed).encode("utf-8")
    return hmac.compare_digest(expected, unicodedata.normalize("NFC", password).encode("utf-8"))


def sealed_fields(key: bytes, candidate_id: str, password: str) -> dict[str, str]:
    """A candidate document's password fields for a new password (a v1 hash is dropped)."""
    return {"password_sealed": seal(key, candidate_id, password), "password_hash": ""}
