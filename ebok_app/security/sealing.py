"""Secrets the server must read back (TOTP seeds of clients and staff, an SMS's code or temporary password
until it is delivered) are stored sealed: AES-256-GCM under the at-rest key, never in clear.

The key is `EBOK_SECRETS_KEY` (hex, 32 bytes) or, when that is not set, derived from the pepper with
HKDF-SHA256 (`settings.derived_key`), so a copy of the database alone reveals none of them. A sealed
value reads `s1.<key id>.<base64url(nonce | ciphertext)>`; the key id (first 8 hex digits of the key's
SHA-256) says which key sealed it. Rotation: put the old key into `EBOK_SECRETS_OLD_KEYS` (comma-separated
hex), the new one into `EBOK_SECRETS_KEY`, and run `ebok secrets rotate`, which re-seals every value under
the new key.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlmodel import Session, col, select

from ebok_app.models import AuthChange, SmsMessage, StaffUser, User
from ebok_app.settings import Settings, get_settings

PREFIX = "s1"
# what `ebok secrets rotate` re-seals
SEALED_COLUMNS = (
    (User, "totp_secret"),
    (User, "ocra_secret"),
    (StaffUser, "totp_secret"),
    (SmsMessage, "secret"),
    (AuthChange, "pending_secret"),
)
NONCE_BYTES = 12


class UnsealError(ValueError):
    """A sealed value that no known key opens (wrong or missing key, or a damaged value)."""


@dataclass(frozen=True)
class Keyring:
    current: bytes
    old: tuple[bytes, ...] = ()

    def by_id(self, key_id: str) -> bytes | None:
        return next((key for key in (self.current, *self.old) if key_id_of(key) == key_id), None)


def key_id_of(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()[:8]


def is_sealed(value: str | None) -> bool:
    return bool(value) and value.startswith(PREFIX + ".")


def sealed_under(value: str, keyring: Keyring) -> bool:
    """True when `value` is sealed under the keyring's current key (nothing for a rotation to do)."""
    return is_sealed(value) and value.split(".", 2)[1] == key_id_of(keyring.current)


def seal(plain: str, keyring: Keyring) -> str:
    nonce = os.urandom(NONCE_BYTES)
    key_id = key_id_of(keyring.current)
    sealed = AESGCM(keyring.current).encrypt(nonce, plain.encode(), key_id.encode())
    return f"{PREFIX}.{key_id}.{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def unseal(value: str, keyring: Keyring) -> str:
    """The plain secret of a sealed value. A value stored before sealing existed (no prefix) is returned
    as it is, so that an installation keeps working until its migration or `ebok secrets rotate` ran."""
    if not is_sealed(value):
        return value
    try:
        _, key_id, payload = value.split(".", 2)
        raw = base64.urlsafe_b64decode(payload.encode())
    except ValueError as exc:
        raise UnsealError("damaged sealed value") from exc
    key = keyring.by_id(key_id)
    if key is None:
        raise UnsealError(f"no key with id {key_id} (EBOK_SECRETS_KEY / EBOK_SECRETS_OLD_KEYS)")
    try:
        return AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], key_id.encode()).decode()
    except InvalidTag as exc:
        raise UnsealError("sealed value does not open with its key") from exc


def reseal(value: str, keyring: Keyring) -> str:
    """`value` sealed under the current key (opened with whichever key sealed it, or plain)."""
    return value if sealed_under(value, keyring) else seal(unseal(value, keyring), keyring)


def keyring_of(settings: Settings) -> Keyring:
    return Keyring(settings.secrets_key, settings.old_secrets_keys)


def seal_secret(plain: str) -> str:
    """`plain` sealed under this installation's current key."""
    return seal(plain, keyring_of(get_settings()))


def open_secret(value: str) -> str:
    """The plain secret of a value sealed with one of this installation's keys."""
    return unseal(value, keyring_of(get_settings()))


def reseal_all(db: Session, keyring: Keyring) -> int:
    """Re-seal every stored secret that is not sealed under the current key (plain ones included);
    returns how many values changed. Raises UnsealError, changing nothing, when a key is missing."""
    changed = 0
    for model, name in SEALED_COLUMNS:
        column = getattr(model, name)
        for row in db.exec(select(model).where(col(column).is_not(None))):
            value = getattr(row, name)
            if not sealed_under(value, keyring):
                setattr(row, name, reseal(value, keyring))
                db.add(row)
                changed += 1
    return changed
