"""Opening the store of this process: its paths, and its keys once unlocked."""

from __future__ import annotations

import getpass
import os
import sys

from moksori.config import store_paths
from moksori.crypto import keystore


def unlock_store(secret: str | None = None) -> keystore.StoreKeys:
    """Unlock this process's store from ``secret``, MOKSORI_DB_KEY, or a passphrase prompt."""
    if keystore.is_unlocked() and secret is None:
        return keystore.unlocked()
    secret = secret or os.environ.get(keystore.ENV_SECRET) or prompt_passphrase()
    keys = keystore.unlock_keyfile(store_paths().keyfile, secret)
    keystore.set_unlocked(keys)
    return keys


def store_keys() -> keystore.StoreKeys:
    """The unlocked keys, unlocking from MOKSORI_DB_KEY on first use when it is set."""
    if keystore.is_unlocked():
        return keystore.unlocked()
    if os.environ.get(keystore.ENV_SECRET):
        return unlock_store()
    return keystore.unlocked()  # raises StoreLockedError with its explanation


def database_key() -> bytes:
    return store_keys().database


def prompt_passphrase() -> str:
    if not sys.stdin.isatty():
        raise keystore.StoreLockedError(
            "The store is locked and there is no terminal to ask for the passphrase: set MOKSORI_DB_KEY."
        )
    return getpass.getpass("Moksori passphrase: ")
