"""Per-record envelope encryption of sensitive fields (server mode).

Each record gets its own random 32-byte data key. The data key encrypts the record's fields with
AES-256-GCM and is itself stored wrapped (AES-256-GCM) by the store's ``fields`` key, so that a
database dump holds only ciphertext and a leaked dump is useless without the key hierarchy.

Associated data binds every ciphertext to where it belongs: a wrapped key to its record, a field
token to its model, primary key and field. A ciphertext copied to another row or field, or a
wrapped key moved to another record, fails to decrypt instead of silently reading as valid data.

Formats (all version 1):

* wrapped key: ``0x01 || nonce (12 bytes) || AES-GCM(key) (32 bytes) || tag (16 bytes)`` = 61 bytes
* field token: ``"v1:" + urlsafe-base64-without-padding(nonce (12 bytes) || ciphertext || tag (16))``
"""

from __future__ import annotations

import base64
import binascii
import secrets
from typing import Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_BYTES: Final = 32
NONCE_BYTES: Final = 12
TAG_BYTES: Final = 16
WRAP_VERSION: Final = 1
WRAPPED_KEY_BYTES: Final = 1 + NONCE_BYTES + KEY_BYTES + TAG_BYTES
FIELD_CIPHERTEXT_PREFIX: Final = "v1:"

# Distinct labels keep a key wrapped for one use from being accepted for another
# (a record key cannot be replayed as an attachment key, a field token is never a wrapped key).
_RECORD_KEY_LABEL: Final = "record-key"
_FIELD_LABEL: Final = "field"


class DecryptionError(Exception):
    """A ciphertext did not authenticate: wrong key, wrong record or field, or altered bytes.

    The message names where the ciphertext belongs (a record or field label, never its content)
    and what to check; it never contains plaintext.
    """

    def __init__(self, where: str, reason: str) -> None:
        self.where = where
        self.reason = reason
        super().__init__(
            f"cannot decrypt {where}: {reason}. Check that the store's keys are the ones this data "
            "was written with; if they are, the stored ciphertext was altered or moved and must be "
            "restored from a backup."
        )


def check_key(key: bytes, *, name: str) -> None:
    """Raise ``ValueError`` unless ``key`` is a 32-byte key (a programming error, not user input)."""
    if not isinstance(key, bytes | bytearray) or len(key) != KEY_BYTES:
        size = len(key) if isinstance(key, bytes | bytearray) else type(key).__name__
        raise ValueError(f"{name} must be {KEY_BYTES} bytes from the keystore, got {size}")


def _check_label(value: str, *, name: str) -> None:
    if not value:
        raise ValueError(f"{name} must not be empty: it binds the ciphertext to where it is stored")


def associated_data(label: str, context: str) -> bytes:
    """Build the AES-GCM associated data for one use (``label``) at one place (``context``).

    The format version is part of it, so a future format never accepts a version-1 ciphertext
    under the wrong rules.
    """
    # NUL cannot occur in the label, so the split between label and context is unambiguous.
    return f"moksori/v{WRAP_VERSION}/{label}\x00{context}".encode()


def wrap_key(master_key: bytes, key: bytes, *, label: str, context: str) -> bytes:
    """Encrypt a 32-byte ``key`` under ``master_key``, bound to ``label`` and ``context``."""
    check_key(master_key, name="master key")
    check_key(key, name="key to wrap")
    _check_label(context, name="context")
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = AESGCM(bytes(master_key)).encrypt(nonce, bytes(key), associated_data(label, context))
    return bytes([WRAP_VERSION]) + nonce + sealed


def unwrap_key(master_key: bytes, wrapped: bytes, *, label: str, context: str) -> bytes:
    """Reverse :func:`wrap_key`; raise :class:`DecryptionError` on any mismatch or tamper."""
    check_key(master_key, name="master key")
    where = f"the {label} of {context}"
    if len(wrapped) != WRAPPED_KEY_BYTES:
        raise DecryptionError(where, f"a wrapped key is {WRAPPED_KEY_BYTES} bytes, found {len(wrapped)}")
    if wrapped[0] != WRAP_VERSION:
        raise DecryptionError(where, f"unknown wrapped-key version {wrapped[0]}")
    nonce, sealed = wrapped[1 : 1 + NONCE_BYTES], wrapped[1 + NONCE_BYTES :]
    try:
        return AESGCM(bytes(master_key)).decrypt(nonce, sealed, associated_data(label, context))
    except InvalidTag:
        raise DecryptionError(where, "authentication failed") from None


def new_record_key(master_key: bytes, *, record: str) -> tuple[bytes, bytes]:
    """Make a fresh data key for ``record`` and return ``(data_key, wrapped_data_key)``.

    ``record`` names the row, e.g. ``"testimonies.survivor:<uuid>"``. Store only the wrapped key;
    destroying it destroys (crypto-shreds) every field of the record.
    """
    _check_label(record, name="record")
    data_key = secrets.token_bytes(KEY_BYTES)
    return data_key, wrap_key(master_key, data_key, label=_RECORD_KEY_LABEL, context=record)


def unwrap_record_key(master_key: bytes, wrapped: bytes, *, record: str) -> bytes:
    """Recover the data key of ``record``; raise :class:`DecryptionError` if it belongs elsewhere."""
    _check_label(record, name="record")
    return unwrap_key(master_key, wrapped, label=_RECORD_KEY_LABEL, context=record)


def encrypt_field(data_key: bytes, plaintext: str, *, aad: str) -> str:
    """Encrypt one field value into ASCII text that fits a text column.

    ``aad`` is ``"<app_label.model>:<pk>:<field>"``. A fresh random nonce is drawn every time, so
    equal values encrypt to different tokens; use a blind index for equality search.
    """
    check_key(data_key, name="data key")
    _check_label(aad, name="aad")
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = AESGCM(bytes(data_key)).encrypt(
        nonce, plaintext.encode("utf-8"), associated_data(_FIELD_LABEL, aad)
    )
    return FIELD_CIPHERTEXT_PREFIX + base64.urlsafe_b64encode(nonce + sealed).rstrip(b"=").decode("ascii")


def _decode_token(token: str, *, where: str) -> bytes:
    if not token.startswith(FIELD_CIPHERTEXT_PREFIX):
        raise DecryptionError(where, f"the stored value does not start with {FIELD_CIPHERTEXT_PREFIX!r}")
    body = token[len(FIELD_CIPHERTEXT_PREFIX) :]
    try:
        raw = base64.b64decode(body + "=" * (-len(body) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        raise DecryptionError(where, "the stored value is not valid base64") from None
    if len(raw) < NONCE_BYTES + TAG_BYTES:
        raise DecryptionError(where, "the stored value is too short to be a ciphertext")
    return raw


def decrypt_field(data_key: bytes, token: str, *, aad: str) -> str:
    """Decrypt a token made by :func:`encrypt_field` for the same ``aad``.

    Raise :class:`DecryptionError` on a wrong key, a token from another row or field, or any
    altered character.
    """
    check_key(data_key, name="data key")
    _check_label(aad, name="aad")
    where = f"field {aad}"
    raw = _decode_token(token, where=where)
    try:
        plain = AESGCM(bytes(data_key)).decrypt(
            raw[:NONCE_BYTES], raw[NONCE_BYTES:], associated_data(_FIELD_LABEL, aad)
        )
    except InvalidTag:
        raise DecryptionError(where, "authentication failed") from None
    # Authenticated bytes were UTF-8 when encrypted, so decoding cannot fail here.
    return plain.decode("utf-8")
