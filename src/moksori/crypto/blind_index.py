"""Blind indexes: equality search over encrypted fields.

A blind index is a keyed HMAC-SHA256 of a normalised value, stored beside the ciphertext so that
``WHERE name_index = ?`` finds a record without decrypting every row. It is keyed with the store's
``blind_index`` key, never a plain hash: anyone can hash a list of common Korean names and match a
plain hash, but not an HMAC without the key.

Each purpose (``"survivor.name_hangul"``, ``"contact.phone"``) gets its own sub-key, so equal
values in two different columns give unrelated indexes and cannot be joined across columns.
Truncation (``length``) makes unrelated values collide now and then, which limits what equal
indexes reveal; a search then decrypts the few candidates and compares exactly.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from typing import Final

from moksori.crypto.envelope import check_key

MIN_LENGTH: Final = 4
MAX_LENGTH: Final = hashlib.sha256().digest_size
_SUBKEY_LABEL: Final = b"moksori/v1/blind-index\x00"


def normalise_for_index(value: str) -> str:
    """Return the form of ``value`` that is indexed: NFC, case-folded, whitespace collapsed.

    NFC makes composed and decomposed Hangul (as typed on different systems) equal; casefold makes
    Latin transliterations case-insensitive. NFC is applied again after casefold because folding
    can leave text un-normalised.
    """
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", value).casefold())
    return " ".join(folded.split())


def purpose_key(key: bytes, purpose: str) -> bytes:
    """Derive the sub-key of one ``purpose`` from the store's blind-index key."""
    check_key(key, name="blind-index key")
    if not purpose or "\x00" in purpose:
        raise ValueError("purpose must be a non-empty label such as 'survivor.name_hangul' without NUL")
    return hmac.new(key, _SUBKEY_LABEL + purpose.encode("utf-8"), hashlib.sha256).digest()


def blind_index(key: bytes, value: str, *, purpose: str, length: int = 16) -> str:
    """Return the blind index of ``value`` for ``purpose`` as hex of ``length`` bytes.

    Equal values after :func:`normalise_for_index` give equal indexes under the same key and
    purpose; a different key or purpose gives an unrelated index.
    """
    if not MIN_LENGTH <= length <= MAX_LENGTH:
        raise ValueError(f"length must be between {MIN_LENGTH} and {MAX_LENGTH} bytes, got {length}")
    subkey = purpose_key(key, purpose)
    digest = hmac.new(subkey, normalise_for_index(value).encode("utf-8"), hashlib.sha256).digest()
    return digest[:length].hex()
