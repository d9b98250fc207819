"""Signed checkpoints of the audit hash chain, kept outside the database.

A hash chain inside the database can be rewritten whole by anyone holding the key, and cutting
its tail leaves a valid shorter chain. A checkpoint records the chain's head (sequence number and
hash) at a moment, signed with Ed25519 by the store's ``audit_signing`` key, and lives elsewhere:
a JSON-lines file beside the store, a copy at a partner organisation, a printed receipt. ``audit
verify`` then checks that the chain still reaches every checkpoint's head.

Signed message (version 1): the bytes ``moksori/v1/audit-checkpoint\\n`` followed by the canonical
JSON (sorted keys, no spaces, ASCII) of ``{"at", "head_hash", "public_key", "sequence", "v": 1}``.
"""

from __future__ import annotations

import hmac
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Final

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

CHECKPOINT_VERSION: Final = 1
SEED_BYTES: Final = 32
_SIGNING_CONTEXT: Final = b"moksori/v1/audit-checkpoint\n"
_FIELDS: Final = frozenset({"v", "sequence", "head_hash", "at", "public_key", "signature"})


class CheckpointFormatError(ValueError):
    """A checkpoint's text is not a well-formed version-1 checkpoint."""


class CheckpointFileError(ValueError):
    """A line of a checkpoint file is malformed; the message names the file and the line."""

    def __init__(self, path: Path, line: int, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        super().__init__(
            f"{path}, line {line}: {reason}. If this is the last line and the machine crashed while "
            "writing it, remove that line; otherwise the file was altered: restore it from a copy "
            "kept elsewhere and run `audit verify` again."
        )


def _canonical_json(data: dict[str, object]) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def _signed_message(sequence: int, head_hash: str, at: str, public_key: str) -> bytes:
    body = {
        "v": CHECKPOINT_VERSION,
        "sequence": sequence,
        "head_hash": head_hash,
        "at": at,
        "public_key": public_key,
    }
    return _SIGNING_CONTEXT + _canonical_json(body).encode("ascii")


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """The audit chain's head at a moment, signed; ``public_key`` and ``signature`` are hex."""

    sequence: int
    head_hash: str
    at: str
    public_key: str
    signature: str

    def signed_message(self) -> bytes:
        """The exact bytes the signature covers."""
        return _signed_message(self.sequence, self.head_hash, self.at, self.public_key)

    def summary(self) -> str:
        """One line for command output."""
        head, key = self.head_hash[:16], self.public_key[:16]
        return f"checkpoint #{self.sequence} at {self.at}: head {head}, key {key}"

    def to_dict(self) -> dict[str, object]:
        """The fields with the format version ``v``, as stored."""
        return {
            "v": CHECKPOINT_VERSION,
            "sequence": self.sequence,
            "head_hash": self.head_hash,
            "at": self.at,
            "public_key": self.public_key,
            "signature": self.signature,
        }

    def to_json(self) -> str:
        """One line of canonical JSON."""
        return _canonical_json(self.to_dict())

    @classmethod
    def from_json(cls, text: str) -> Checkpoint:
        """Parse :meth:`to_json` output; raise :class:`CheckpointFormatError` naming what is wrong.

        Parsing does not check the signature: call :func:`verify_checkpoint` for that.
        """
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise CheckpointFormatError(f"not valid JSON (column {error.colno})") from None
        if not isinstance(data, dict) or set(data) != _FIELDS:
            raise CheckpointFormatError(f"expected a JSON object with exactly the keys {sorted(_FIELDS)}")
        if data["v"] != CHECKPOINT_VERSION:
            raise CheckpointFormatError(f"unknown checkpoint version {data['v']!r}")
        sequence = data["sequence"]
        if not isinstance(sequence, int) or isinstance(sequence, bool):
            raise CheckpointFormatError("'sequence' must be an integer")
        for name in ("head_hash", "at", "public_key", "signature"):
            if not isinstance(data[name], str):
                raise CheckpointFormatError(f"{name!r} must be a string")
        return cls(sequence, data["head_hash"], data["at"], data["public_key"], data["signature"])


def signing_key_from_seed(seed: bytes) -> Ed25519PrivateKey:
    """Turn the store's 32-byte ``audit_signing`` key into an Ed25519 signing key (RFC 8032 seed)."""
    if len(seed) != SEED_BYTES:
        raise ValueError(
            f"the audit signing seed must be {SEED_BYTES} bytes from the keystore, got {len(seed)}"
        )
    return Ed25519PrivateKey.from_private_bytes(bytes(seed))


def public_key_hex(seed: bytes) -> str:
    """The hex public key of ``seed``; publish it so others can verify checkpoints."""
    public = signing_key_from_seed(seed).public_key()
    return public.public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def _check_checkpoint_fields(sequence: int, head_hash: str, at: str) -> None:
    if not isinstance(sequence, int) or isinstance(sequence, bool) or sequence < 0:
        raise ValueError(f"sequence must be a non-negative integer, got {sequence!r}")
    if not head_hash or not head_hash.isascii() or not head_hash.isprintable() or " " in head_hash:
        raise ValueError(
            "head_hash must be the chain head's hash as non-empty printable ASCII without spaces"
        )
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        raise ValueError(f"at must be ISO-8601 text such as 2025-01-31T12:00:00+00:00, got {at!r}") from None
    if moment.utcoffset() is None:
        raise ValueError(f"at must carry a time zone (e.g. +00:00), got {at!r}")


def sign_checkpoint(seed: bytes, *, sequence: int, head_hash: str, at: str) -> Checkpoint:
    """Sign the chain head ``(sequence, head_hash)`` as seen at ``at`` (ISO-8601 with time zone)."""
    _check_checkpoint_fields(sequence, head_hash, at)
    private = signing_key_from_seed(seed)
    public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
    signature = private.sign(_signed_message(sequence, head_hash, at, public)).hex()
    return Checkpoint(sequence=sequence, head_hash=head_hash, at=at, public_key=public, signature=signature)


def verify_checkpoint(cp: Checkpoint, public_key_hex: str | None = None) -> bool:
    """Return whether ``cp``'s signature is valid; never raises on bad input.

    Pass ``public_key_hex`` (the store's published key) to check who signed: without it only the
    key embedded in the checkpoint is used, which proves integrity but not origin, since a forger
    can embed a key of their own.
    """
    if public_key_hex is not None and not hmac.compare_digest(
        public_key_hex.strip().lower().encode("ascii", "replace"),
        cp.public_key.lower().encode("ascii", "replace"),
    ):
        return False
    try:
        public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(cp.public_key))
        public.verify(bytes.fromhex(cp.signature), cp.signed_message())
    except (InvalidSignature, ValueError, TypeError, AttributeError):
        return False
    return True


def _ends_without_newline(fd: int) -> bool:
    size = os.fstat(fd).st_size
    return size > 0 and os.pread(fd, 1, size - 1) != b"\n"


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def append_checkpoint(path: Path, cp: Checkpoint) -> None:
    """Append ``cp`` as one JSON line to ``path`` (created 0600), synced to disk before returning.

    Refuses a checkpoint whose signature does not verify. If a crash left a torn last line, the new
    checkpoint starts on a fresh line so that only the torn line is reported by
    :func:`read_checkpoints`.
    """
    if not verify_checkpoint(cp):
        raise ValueError(f"refusing to append checkpoint #{cp.sequence}: its signature does not verify")
    created = not path.exists()
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        prefix = "\n" if _ends_without_newline(fd) else ""
        _write_all(fd, (prefix + cp.to_json() + "\n").encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    if created:
        _fsync_parent(path)


def _fsync_parent(path: Path) -> None:
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_checkpoints(path: Path) -> list[Checkpoint]:
    """Read every checkpoint of a JSON-lines file, in order; blank lines are skipped.

    Raise :class:`CheckpointFileError` naming the file and line of the first malformed line.
    Signatures are not checked here: call :func:`verify_checkpoint` on each.
    """
    checkpoints: list[Checkpoint] = []
    for number, raw in enumerate(path.read_bytes().split(b"\n"), start=1):
        if not raw.strip():
            continue
        try:
            checkpoints.append(Checkpoint.from_json(raw.decode("utf-8")))
        except UnicodeDecodeError:
            raise CheckpointFileError(path, number, "the line is not UTF-8 text") from None
        except CheckpointFormatError as error:
            raise CheckpointFileError(path, number, str(error)) from None
    return checkpoints
