"""The key hierarchy of a Moksori store.

A secret (a passphrase typed at a prompt, or ``MOKSORI_DB_KEY`` for automation) is stretched with
Argon2id into a key-encryption key (KEK). The KEK wraps five random 32-byte keys kept in
``keys.json`` beside the store; the KEK itself is never written anywhere. Changing the secret
re-wraps those keys and leaves the data as it is.

A ``MOKSORI_DB_KEY`` of exactly 64 hexadecimal characters is taken as the KEK itself (a key from a
secrets manager is already random, stretching it adds nothing); any other value is a passphrase.
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, cast

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_NAMES: Final = ("database", "fields", "blind_index", "attachments", "audit_signing")
KEYFILE_VERSION: Final = 1
ENV_SECRET: Final = "MOKSORI_DB_KEY"  # noqa: S105 - the name of a variable, not a secret
_RAW_KEY = re.compile(r"^[0-9a-fA-F]{64}$")


@dataclass(frozen=True, slots=True)
class Argon2Params:
    """Argon2id cost settings; the defaults follow RFC 9106's second recommended option."""

    time_cost: int = 3
    memory_cost_kib: int = 64 * 1024
    parallelism: int = 2

    def to_dict(self) -> dict[str, int]:
        return {
            "time_cost": self.time_cost,
            "memory_cost_kib": self.memory_cost_kib,
            "parallelism": self.parallelism,
        }


@dataclass(frozen=True, slots=True)
class StoreKeys:
    """The unwrapped keys of one store. Lives in memory only."""

    database: bytes
    fields: bytes
    blind_index: bytes
    attachments: bytes
    audit_signing: bytes

    def __repr__(self) -> str:  # keys never reach a log or a traceback
        return "StoreKeys(<redacted>)"


class KeystoreError(Exception):
    """The key file is missing, damaged, or the secret does not open it."""


class WrongSecretError(KeystoreError):
    """The secret given does not unwrap the store's keys."""


class StoreLockedError(KeystoreError):
    """Code asked for the keys before the store was unlocked in this process."""


def derive_kek(secret: str, salt: bytes, params: Argon2Params) -> bytes:
    """Turn a secret into the 32-byte key-encryption key."""
    if _RAW_KEY.match(secret):
        return bytes.fromhex(secret)
    return hash_secret_raw(
        secret.encode("utf-8"),
        salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_cost_kib,
        parallelism=params.parallelism,
        hash_len=32,
        type=Type.ID,
    )


def create_keyfile(path: Path, secret: str, params: Argon2Params | None = None) -> StoreKeys:
    """Generate fresh keys, wrap them under ``secret`` and write ``path`` (mode 0600)."""
    if path.exists():
        raise KeystoreError(f"{path} exists already; refusing to overwrite a store's keys.")
    params = params or Argon2Params()
    keys = StoreKeys(**{name: secrets.token_bytes(32) for name in KEY_NAMES})
    _write_keyfile(path, keys, secret, params)
    return keys


def unlock_keyfile(path: Path, secret: str) -> StoreKeys:
    """Unwrap the keys in ``path`` with ``secret``; raises WrongSecretError when it does not fit."""
    document = _read_keyfile(path)
    params = Argon2Params(**document["kdf"]["params"])
    kek = derive_kek(secret, _b64d(document["kdf"]["salt"]), params)
    try:
        unwrapped = {name: _unwrap(kek, _b64d(document["wrapped"][name]), name) for name in KEY_NAMES}
    except InvalidTag:
        raise WrongSecretError(f"The key or passphrase does not open {path}.") from None
    return StoreKeys(**unwrapped)


def change_secret(path: Path, old_secret: str, new_secret: str) -> None:
    """Re-wrap the keys under a new secret; the data keys, and so the data, stay as they are."""
    keys = unlock_keyfile(path, old_secret)
    params = Argon2Params(**_read_keyfile(path)["kdf"]["params"])
    temporary = path.with_suffix(".new")
    temporary.unlink(missing_ok=True)
    _write_keyfile(temporary, keys, new_secret, params)
    os.replace(temporary, path)


def _write_keyfile(path: Path, keys: StoreKeys, secret: str, params: Argon2Params) -> None:
    salt = secrets.token_bytes(16)
    kek = derive_kek(secret, salt, params)
    document = {
        "version": KEYFILE_VERSION,
        "kdf": {"name": "argon2id", "salt": _b64e(salt), "params": params.to_dict()},
        "wrapped": {name: _b64e(_wrap(kek, getattr(keys, name), name)) for name in KEY_NAMES},
    }
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=2)
        handle.flush()
        os.fsync(handle.fileno())


def _read_keyfile(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KeystoreError(f"No key file at {path}. Run `moksori init` first.") from None
    except (OSError, ValueError) as error:
        raise KeystoreError(f"The key file {path} cannot be read: {error}") from None
    if document.get("version") != KEYFILE_VERSION or set(document.get("wrapped", {})) != set(KEY_NAMES):
        raise KeystoreError(f"The key file {path} is damaged or of an unknown version.")
    return cast(dict[str, Any], document)


def _wrap(kek: bytes, key: bytes, name: str) -> bytes:
    nonce = secrets.token_bytes(12)
    return nonce + AESGCM(kek).encrypt(nonce, key, f"moksori-key:{name}".encode())


def _unwrap(kek: bytes, blob: bytes, name: str) -> bytes:
    return AESGCM(kek).decrypt(blob[:12], blob[12:], f"moksori-key:{name}".encode())


def _b64e(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _b64d(text: object) -> bytes:
    return base64.b64decode(str(text))


# The process holds at most one unlocked store; the web server, the CLI and the tests set it once.
_unlocked: StoreKeys | None = None


def set_unlocked(keys: StoreKeys | None) -> None:
    """Make ``keys`` the unlocked keys of this process (None locks it again)."""
    global _unlocked  # one store per process, by design
    _unlocked = keys


def unlocked() -> StoreKeys:
    """The keys of the store this process has unlocked."""
    if _unlocked is None:
        raise StoreLockedError(
            "The store is locked: set MOKSORI_DB_KEY or unlock it with a passphrase first."
        )
    return _unlocked


def is_unlocked() -> bool:
    return _unlocked is not None
