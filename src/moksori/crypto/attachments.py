"""Encrypted attachments on disk: random names, one key per file, streamed in segments.

A file's name is random, so a directory listing tells nothing about its content; it holds no
plain hash of the content either, since a plain hash lets anyone with the disk test whether a known
photo or document is present. The SHA-256 of the plaintext (chain of custody) is returned to the
caller, which keeps it inside the encrypted database.

File format, version 1::

    header  = "MKSA" || 0x01 || segment size (uint32 BE) || nonce prefix (8 random bytes)
    segment = AES-256-GCM(file key, nonce = prefix || index (uint32 BE),
                          aad = header || index (uint64 BE) || final flag (1 byte))

Every segment is ``segment size`` plaintext bytes except the last (marked final), which may be
shorter or empty. The index in the nonce and the associated data detects reordered or dropped
segments; the final flag detects a file cut at a segment boundary or extended past its end; the
header in the associated data detects an altered header. Each file's random key is wrapped by the
store's ``attachments`` key, bound to the file name.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import secrets
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from moksori.crypto.envelope import KEY_BYTES, TAG_BYTES, DecryptionError, check_key, unwrap_key, wrap_key

SEGMENT_SIZE: Final = 1024 * 1024
MAX_SEGMENT_SIZE: Final = 64 * 1024 * 1024
MAGIC: Final = b"MKSA"
FORMAT_VERSION: Final = 1
NONCE_PREFIX_BYTES: Final = 8
HEADER_BYTES: Final = len(MAGIC) + 1 + 4 + NONCE_PREFIX_BYTES
MAX_SEGMENTS: Final = 2**32
PARTIAL_SUFFIX: Final = ".partial"
_NAME_HEX_BYTES: Final = 16
_NAME_PATTERN: Final = re.compile(rf"[0-9a-f]{{{2 * _NAME_HEX_BYTES}}}")
_KEY_LABEL: Final = "attachment-key"


@dataclass(frozen=True, slots=True)
class StoredAttachment:
    """Where an encrypted attachment lives and what the database must keep to read it.

    ``sha256`` (of the plaintext) and ``wrapped_key`` belong in the encrypted database only; they
    are left out of ``repr`` and :meth:`summary` so that they never reach a log.
    """

    file_name: str
    size: int
    sha256: str = field(repr=False)
    wrapped_key: bytes = field(repr=False)

    def summary(self) -> str:
        """One line for logs and command output, without the digest or the key."""
        return f"encrypted attachment {self.file_name}: {self.size} bytes"

    def to_dict(self) -> dict[str, object]:
        """All fields, the wrapped key as URL-safe base64, for storing in the encrypted database."""
        return {
            "file_name": self.file_name,
            "size": self.size,
            "sha256": self.sha256,
            "wrapped_key": base64.urlsafe_b64encode(self.wrapped_key).decode("ascii"),
        }


@dataclass(frozen=True, slots=True)
class _Header:
    segment_size: int
    nonce_prefix: bytes

    def to_bytes(self) -> bytes:
        return MAGIC + bytes([FORMAT_VERSION]) + struct.pack(">I", self.segment_size) + self.nonce_prefix

    def nonce(self, index: int) -> bytes:
        return self.nonce_prefix + struct.pack(">I", index)

    def segment_aad(self, index: int, *, final: bool) -> bytes:
        return self.to_bytes() + struct.pack(">QB", index, int(final))


def check_stored_name(stored_name: str) -> None:
    """Reject anything but a name made by :func:`write_encrypted` (no paths, no traversal)."""
    if not _NAME_PATTERN.fullmatch(stored_name):
        raise ValueError(
            f"attachment name must be {2 * _NAME_HEX_BYTES} lowercase hex characters as returned by "
            "write_encrypted; check the file_name stored in the database"
        )


def _check_segment_size(segment_size: int) -> None:
    if not 1 <= segment_size <= MAX_SEGMENT_SIZE:
        raise ValueError(f"segment_size must be between 1 and {MAX_SEGMENT_SIZE} bytes, got {segment_size}")


def _read_up_to(stream: BinaryIO, size: int) -> bytes:
    """Read ``size`` bytes, or fewer only at the end; raw streams may return short reads."""
    parts: list[bytes] = []
    remaining = size
    while remaining > 0:
        part = stream.read(remaining)
        if not part:
            break
        parts.append(part)
        remaining -= len(part)
    return b"".join(parts)


def _chunks_with_final_flag(stream: BinaryIO, size: int) -> Iterator[tuple[bytes, bool]]:
    """Yield full chunks of ``size`` bytes and a flag that is true on the last one only."""
    current = _read_up_to(stream, size)
    while True:
        following = _read_up_to(stream, size) if len(current) == size else b""
        final = not following
        yield current, final
        if final:
            return
        current = following


def _fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _encrypt_segments(source: BinaryIO, out: BinaryIO, cipher: AESGCM, header: _Header) -> tuple[int, str]:
    size = 0
    digest = hashlib.sha256()
    for index, (plain, final) in enumerate(_chunks_with_final_flag(source, header.segment_size)):
        if index >= MAX_SEGMENTS:
            raise ValueError("attachment too large for its segment size; use a larger segment_size")
        size += len(plain)
        digest.update(plain)
        out.write(cipher.encrypt(header.nonce(index), plain, header.segment_aad(index, final=final)))
    return size, digest.hexdigest()


def write_encrypted(
    directory: Path, data: bytes | BinaryIO, *, key: bytes, segment_size: int = SEGMENT_SIZE
) -> StoredAttachment:
    """Encrypt ``data`` into a new randomly named file in ``directory`` and describe it.

    The file is written under a temporary name in the same directory, synced, then renamed, so a
    crash leaves either no file or a complete one (plus at most a ``*.partial`` file of
    ciphertext, see :func:`remove_partial_files`). The file is readable by its owner only (0600).
    """
    check_key(key, name="attachments key")
    _check_segment_size(segment_size)
    source: BinaryIO = io.BytesIO(data) if isinstance(data, bytes | bytearray | memoryview) else data
    file_name = secrets.token_hex(_NAME_HEX_BYTES)
    file_key = secrets.token_bytes(KEY_BYTES)
    header = _Header(segment_size, secrets.token_bytes(NONCE_PREFIX_BYTES))
    partial = directory / f"{file_name}{PARTIAL_SUFFIX}"
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            os.fchmod(out.fileno(), 0o600)  # the umask can only narrow 0600, but be explicit
            out.write(header.to_bytes())
            size, sha256 = _encrypt_segments(source, out, AESGCM(file_key), header)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, directory / file_name)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    _fsync_directory(directory)
    wrapped = wrap_key(key, file_key, label=_KEY_LABEL, context=file_name)
    return StoredAttachment(file_name=file_name, size=size, sha256=sha256, wrapped_key=wrapped)


def _read_header(stream: BinaryIO, where: str) -> _Header:
    raw = _read_up_to(stream, HEADER_BYTES)
    if len(raw) < HEADER_BYTES or not raw.startswith(MAGIC):
        raise DecryptionError(where, "the file is not a Moksori attachment or is truncated")
    if raw[len(MAGIC)] != FORMAT_VERSION:
        raise DecryptionError(where, f"unknown attachment format version {raw[len(MAGIC)]}")
    (segment_size,) = struct.unpack(">I", raw[len(MAGIC) + 1 : len(MAGIC) + 5])
    if not 1 <= segment_size <= MAX_SEGMENT_SIZE:
        raise DecryptionError(where, "the header's segment size is out of range")
    return _Header(segment_size, raw[len(MAGIC) + 5 :])


def _decrypt_segments(path: Path, cipher: AESGCM, where: str) -> Iterator[bytes]:
    with path.open("rb") as stream:
        header = _read_header(stream, where)
        chunks = _chunks_with_final_flag(stream, header.segment_size + TAG_BYTES)
        for index, (sealed, final) in enumerate(chunks):
            if len(sealed) < TAG_BYTES or index >= MAX_SEGMENTS:
                raise DecryptionError(where, f"segment {index} is truncated")
            try:
                yield cipher.decrypt(header.nonce(index), sealed, header.segment_aad(index, final=final))
            except InvalidTag:
                raise DecryptionError(
                    where, f"segment {index} failed authentication (altered, reordered or truncated)"
                ) from None


def iter_decrypted(directory: Path, stored_name: str, wrapped_key: bytes, *, key: bytes) -> Iterator[bytes]:
    """Yield the plaintext of an attachment segment by segment, for streaming to a response.

    A :class:`DecryptionError` may come after some segments were yielded (a file cut short is
    only noticed at its end): a consumer must discard what it received when that happens.
    """
    check_stored_name(stored_name)
    file_key = unwrap_key(key, wrapped_key, label=_KEY_LABEL, context=stored_name)
    return _decrypt_segments(directory / stored_name, AESGCM(file_key), f"attachment {stored_name}")


def read_encrypted(directory: Path, stored_name: str, wrapped_key: bytes, *, key: bytes) -> bytes:
    """Return the whole plaintext of an attachment; raise :class:`DecryptionError` on any tamper."""
    return b"".join(iter_decrypted(directory, stored_name, wrapped_key, key=key))


def delete_securely(directory: Path, stored_name: str) -> None:
    """Remove an attachment's file.

    Overwriting before unlinking is not reliable on SSDs (wear levelling) or copy-on-write file
    systems and snapshots, so this only unlinks. The real erasure is crypto-shredding: delete the
    wrapped key from the database (and let backups holding it expire); without it the file, and any
    copy of it, cannot be decrypted.
    """
    check_stored_name(stored_name)
    (directory / stored_name).unlink()
    _fsync_directory(directory)


def remove_partial_files(directory: Path) -> int:
    """Delete ``*.partial`` files left by writes interrupted by a crash; return how many.

    Call it only while no write is in progress in ``directory``.
    """
    removed = 0
    for path in directory.glob(f"*{PARTIAL_SUFFIX}"):
        if _NAME_PATTERN.fullmatch(path.name.removesuffix(PARTIAL_SUFFIX)):
            path.unlink(missing_ok=True)
            removed += 1
    return removed
