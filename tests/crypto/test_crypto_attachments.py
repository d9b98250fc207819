"""Encrypted attachments: round trips, streaming, file hygiene, tamper and truncation detection."""

from __future__ import annotations

import hashlib
import io
import os
import secrets
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moksori.crypto.attachments import (
    HEADER_BYTES,
    StoredAttachment,
    delete_securely,
    iter_decrypted,
    read_encrypted,
    remove_partial_files,
    write_encrypted,
)
from moksori.crypto.envelope import TAG_BYTES, DecryptionError

KEY = bytes(range(32))
MARKER = "MOKSORI-MARKER-증언-b41d".encode()
SEGMENT = 64


def _sealed_segment_size() -> int:
    return SEGMENT + TAG_BYTES


def _document(segments: int, extra: int = 0) -> bytes:
    """A body of whole segments (plus ``extra`` bytes) with the marker planted in each segment."""
    filler = secrets.token_bytes(SEGMENT - len(MARKER))
    return (MARKER + filler) * segments + secrets.token_bytes(extra)


def _store(directory: Path, data: bytes) -> StoredAttachment:
    return write_encrypted(directory, data, key=KEY, segment_size=SEGMENT)


def _read(directory: Path, stored: StoredAttachment) -> bytes:
    return read_encrypted(directory, stored.file_name, stored.wrapped_key, key=KEY)


def _rewrite(directory: Path, stored: StoredAttachment, body: bytes) -> None:
    (directory / stored.file_name).write_bytes(body)


class _ShortReadStream(io.RawIOBase):
    """A readable stream that returns at most 7 bytes per read, as pipes and sockets may."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        chunk = self._data.read(min(7, len(buffer)))
        buffer[: len(chunk)] = chunk
        return len(chunk)


class _FailingStream(io.RawIOBase):
    """A source that breaks after some bytes, like a dropped upload."""

    def __init__(self, good: int) -> None:
        self._left = good

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._left <= 0:
            raise OSError("upload interrupted")
        size = min(self._left, len(buffer))
        buffer[:size] = b"x" * size
        self._left -= size
        return size


def test_attachment_round_trips_and_reports_plaintext_size_and_sha256(tmp_path: Path) -> None:
    data = _document(3, extra=5)
    stored = _store(tmp_path, data)
    assert _read(tmp_path, stored) == data
    assert stored.size == len(data)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()


def test_default_segment_size_round_trips_a_multi_segment_file(tmp_path: Path) -> None:
    data = secrets.token_bytes(2 * 1024 * 1024 + 3)
    stored = write_encrypted(tmp_path, data, key=KEY)
    assert read_encrypted(tmp_path, stored.file_name, stored.wrapped_key, key=KEY) == data


def test_empty_attachment_round_trips(tmp_path: Path) -> None:
    stored = _store(tmp_path, b"")
    assert _read(tmp_path, stored) == b""
    assert stored.size == 0


def test_streams_with_short_reads_are_encrypted_whole(tmp_path: Path) -> None:
    data = _document(4, extra=11)
    stored = write_encrypted(tmp_path, _ShortReadStream(data), key=KEY, segment_size=SEGMENT)  # type: ignore[arg-type]
    assert _read(tmp_path, stored) == data


def test_iter_decrypted_yields_one_chunk_per_segment(tmp_path: Path) -> None:
    stored = _store(tmp_path, _document(3, extra=1))
    chunks = list(iter_decrypted(tmp_path, stored.file_name, stored.wrapped_key, key=KEY))
    assert [len(chunk) for chunk in chunks] == [SEGMENT, SEGMENT, SEGMENT, 1]


def test_file_has_a_random_hex_name_and_owner_only_mode(tmp_path: Path) -> None:
    first = _store(tmp_path, b"same content")
    second = _store(tmp_path, b"same content")
    assert first.file_name != second.file_name
    assert len(first.file_name) == 32
    int(first.file_name, 16)
    assert stat.S_IMODE((tmp_path / first.file_name).stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([first.file_name, second.file_name])


def test_planted_marker_appears_nowhere_in_the_directory(tmp_path: Path) -> None:
    data = _document(5, extra=9)
    stored = _store(tmp_path, data)
    for path in tmp_path.rglob("*"):
        body = path.read_bytes()
        assert MARKER not in body
        assert hashlib.sha256(data).hexdigest().encode() not in body
        assert hashlib.sha256(data).digest() not in body
    assert MARKER not in stored.wrapped_key


def test_summary_and_repr_leave_out_the_digest_and_the_key(tmp_path: Path) -> None:
    stored = _store(tmp_path, b"evidence")
    for text in (stored.summary(), repr(stored)):
        assert stored.sha256 not in text
        assert stored.wrapped_key.hex() not in text
    assert stored.to_dict()["sha256"] == stored.sha256


def test_wrong_key_fails(tmp_path: Path) -> None:
    stored = _store(tmp_path, _document(2))
    with pytest.raises(DecryptionError, match=stored.file_name):
        read_encrypted(tmp_path, stored.file_name, stored.wrapped_key, key=secrets.token_bytes(32))


def test_wrapped_key_of_another_file_fails(tmp_path: Path) -> None:
    first = _store(tmp_path, _document(2))
    second = _store(tmp_path, _document(2))
    with pytest.raises(DecryptionError):
        read_encrypted(tmp_path, first.file_name, second.wrapped_key, key=KEY)


def test_file_renamed_to_another_attachment_fails(tmp_path: Path) -> None:
    first = _store(tmp_path, _document(2))
    second = _store(tmp_path, _document(2))
    os.replace(tmp_path / first.file_name, tmp_path / second.file_name)
    with pytest.raises(DecryptionError):
        read_encrypted(tmp_path, second.file_name, second.wrapped_key, key=KEY)


@pytest.mark.parametrize("offset", [0, 4, 5, 9, HEADER_BYTES - 1, HEADER_BYTES, HEADER_BYTES + 70, -1])
def test_a_flipped_bit_anywhere_fails(tmp_path: Path, offset: int) -> None:
    stored = _store(tmp_path, _document(3, extra=2))
    body = bytearray((tmp_path / stored.file_name).read_bytes())
    body[offset] ^= 0x01
    _rewrite(tmp_path, stored, bytes(body))
    with pytest.raises(DecryptionError):
        _read(tmp_path, stored)


@pytest.mark.parametrize("segments_kept", [0, 1, 2])
def test_file_cut_at_a_segment_boundary_fails(tmp_path: Path, segments_kept: int) -> None:
    stored = _store(tmp_path, _document(3))
    body = (tmp_path / stored.file_name).read_bytes()
    _rewrite(tmp_path, stored, body[: HEADER_BYTES + segments_kept * _sealed_segment_size()])
    with pytest.raises(DecryptionError):
        _read(tmp_path, stored)


@pytest.mark.parametrize("cut", [1, TAG_BYTES, 40])
def test_file_cut_inside_a_segment_fails(tmp_path: Path, cut: int) -> None:
    stored = _store(tmp_path, _document(3, extra=30))
    body = (tmp_path / stored.file_name).read_bytes()
    _rewrite(tmp_path, stored, body[:-cut])
    with pytest.raises(DecryptionError):
        _read(tmp_path, stored)


def test_file_cut_inside_the_header_fails(tmp_path: Path) -> None:
    stored = _store(tmp_path, _document(1))
    body = (tmp_path / stored.file_name).read_bytes()
    _rewrite(tmp_path, stored, body[: HEADER_BYTES - 1])
    with pytest.raises(DecryptionError, match="truncated"):
        _read(tmp_path, stored)


def test_reordered_segments_fail(tmp_path: Path) -> None:
    stored = _store(tmp_path, _document(3, extra=10))
    body = (tmp_path / stored.file_name).read_bytes()
    size = _sealed_segment_size()
    header, first, second = (
        body[:HEADER_BYTES],
        body[HEADER_BYTES:][:size],
        body[HEADER_BYTES:][size : 2 * size],
    )
    rest = body[HEADER_BYTES + 2 * size :]
    _rewrite(tmp_path, stored, header + second + first + rest)
    with pytest.raises(DecryptionError, match="segment 0"):
        _read(tmp_path, stored)


def test_data_appended_after_the_final_segment_fails(tmp_path: Path) -> None:
    stored = _store(tmp_path, _document(2))
    body = (tmp_path / stored.file_name).read_bytes()
    _rewrite(tmp_path, stored, body + body[HEADER_BYTES : HEADER_BYTES + _sealed_segment_size()])
    with pytest.raises(DecryptionError):
        _read(tmp_path, stored)


def test_segment_from_another_file_under_the_same_key_fails(tmp_path: Path) -> None:
    stored = _store(tmp_path, _document(2))
    other = _store(tmp_path, _document(2))
    body = (tmp_path / stored.file_name).read_bytes()
    foreign = (tmp_path / other.file_name).read_bytes()[HEADER_BYTES:]
    _rewrite(tmp_path, stored, body[:HEADER_BYTES] + foreign)
    with pytest.raises(DecryptionError):
        _read(tmp_path, stored)


def test_interrupted_write_leaves_no_file_behind(tmp_path: Path) -> None:
    with pytest.raises(OSError, match="upload interrupted"):
        write_encrypted(tmp_path, _FailingStream(good=200), key=KEY, segment_size=SEGMENT)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_partial_files_left_by_a_crash_are_removed_and_nothing_else(tmp_path: Path) -> None:
    stored = _store(tmp_path, b"kept")
    (tmp_path / f"{secrets.token_hex(16)}.partial").write_bytes(b"ciphertext of a crashed write")
    (tmp_path / "notes.partial").write_bytes(b"not ours")
    assert remove_partial_files(tmp_path) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([stored.file_name, "notes.partial"])


def test_delete_removes_the_file(tmp_path: Path) -> None:
    stored = _store(tmp_path, b"to be erased")
    delete_securely(tmp_path, stored.file_name)
    assert not (tmp_path / stored.file_name).exists()


@pytest.mark.parametrize("name", ["../etc/passwd", "/tmp/x", "ABCDEF", "a" * 31, "g" * 32, "a" * 32 + "/"])
def test_names_that_are_not_ours_are_rejected_before_touching_the_disk(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="32 lowercase hex"):
        read_encrypted(tmp_path, name, bytes(61), key=KEY)
    with pytest.raises(ValueError, match="32 lowercase hex"):
        delete_securely(tmp_path, name)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=600), segment_size=st.integers(min_value=1, max_value=130))
def test_any_bytes_round_trip_at_any_segment_size(tmp_path: Path, data: bytes, segment_size: int) -> None:
    stored = write_encrypted(tmp_path, data, key=KEY, segment_size=segment_size)
    try:
        assert read_encrypted(tmp_path, stored.file_name, stored.wrapped_key, key=KEY) == data
        assert stored.sha256 == hashlib.sha256(data).hexdigest()
    finally:
        delete_securely(tmp_path, stored.file_name)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(min_size=1, max_size=300), cut=st.integers(min_value=1, max_value=400))
def test_any_truncation_is_detected(tmp_path: Path, data: bytes, cut: int) -> None:
    stored = write_encrypted(tmp_path, data, key=KEY, segment_size=32)
    path = tmp_path / stored.file_name
    body = path.read_bytes()
    path.write_bytes(body[: max(0, len(body) - cut)])
    try:
        with pytest.raises(DecryptionError):
            read_encrypted(tmp_path, stored.file_name, stored.wrapped_key, key=KEY)
    finally:
        delete_securely(tmp_path, stored.file_name)
