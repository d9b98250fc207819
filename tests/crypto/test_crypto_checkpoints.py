"""Signed audit checkpoints: signing, verification, tamper detection, the JSON-lines file."""

from __future__ import annotations

import dataclasses
import json
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moksori.crypto.checkpoints import (
    Checkpoint,
    CheckpointFileError,
    CheckpointFormatError,
    append_checkpoint,
    public_key_hex,
    read_checkpoints,
    sign_checkpoint,
    signing_key_from_seed,
    verify_checkpoint,
)

# RFC 8032, section 7.1, "TEST 1": secret key and the public key derived from it.
RFC8032_SEED = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
RFC8032_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
SEED = bytes(range(32))
HEAD = "3b2f6c0e" * 8
AT = "2025-03-01T09:30:00+09:00"


def _checkpoint(sequence: int = 42) -> Checkpoint:
    return sign_checkpoint(SEED, sequence=sequence, head_hash=HEAD, at=AT)


def test_public_key_matches_rfc8032_test_vector_1() -> None:
    assert public_key_hex(RFC8032_SEED) == RFC8032_PUBLIC


def test_signing_with_the_rfc8032_seed_matches_the_rfc8032_signature_of_the_empty_message() -> None:
    # RFC 8032, section 7.1, TEST 1: the signature of the empty message.
    expected = (
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
        "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
    )
    assert signing_key_from_seed(RFC8032_SEED).sign(b"").hex() == expected


def test_signed_checkpoint_verifies_with_its_own_and_the_published_key() -> None:
    checkpoint = _checkpoint()
    assert checkpoint.public_key == public_key_hex(SEED)
    assert verify_checkpoint(checkpoint)
    assert verify_checkpoint(checkpoint, public_key_hex(SEED))
    assert verify_checkpoint(checkpoint, public_key_hex(SEED).upper())


@pytest.mark.parametrize(
    "change",
    [
        {"sequence": 41},
        {"sequence": 43},
        {"head_hash": "4" + HEAD[1:]},
        {"at": "2025-03-01T09:31:00+09:00"},
        {"signature": "00" * 64},
    ],
)
def test_any_altered_field_fails_verification(change: dict[str, object]) -> None:
    assert not verify_checkpoint(dataclasses.replace(_checkpoint(), **change))  # type: ignore[arg-type]


def test_a_flipped_signature_bit_fails_verification() -> None:
    checkpoint = _checkpoint()
    signature = bytearray.fromhex(checkpoint.signature)
    signature[10] ^= 0x01
    assert not verify_checkpoint(dataclasses.replace(checkpoint, signature=signature.hex()))


def test_checkpoint_forged_with_another_key_fails_against_the_published_key() -> None:
    forged = sign_checkpoint(bytes(32), sequence=42, head_hash=HEAD, at=AT)
    assert verify_checkpoint(forged)  # consistent with itself, which is why the published key matters
    assert not verify_checkpoint(forged, public_key_hex(SEED))


def test_published_key_swapped_into_a_forged_checkpoint_fails() -> None:
    forged = sign_checkpoint(bytes(32), sequence=42, head_hash=HEAD, at=AT)
    assert not verify_checkpoint(dataclasses.replace(forged, public_key=public_key_hex(SEED)))


@pytest.mark.parametrize(
    "garbage",
    [
        {"public_key": "not hex"},
        {"public_key": ""},
        {"signature": "zz"},
        {"signature": ""},
        {"public_key": "한글"},
    ],
)
def test_malformed_keys_or_signatures_verify_false_without_raising(garbage: dict[str, str]) -> None:
    assert not verify_checkpoint(dataclasses.replace(_checkpoint(), **garbage))  # type: ignore[arg-type]
    assert not verify_checkpoint(_checkpoint(), garbage.get("public_key", "zz"))


def test_json_round_trip_keeps_every_field_and_the_signature_valid() -> None:
    checkpoint = _checkpoint()
    text = checkpoint.to_json()
    assert "\n" not in text
    assert json.loads(text)["v"] == 1
    again = Checkpoint.from_json(text)
    assert again == checkpoint
    assert verify_checkpoint(again)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("{", "not valid JSON"),
        ("[]", "exactly the keys"),
        ('{"v": 1}', "exactly the keys"),
        ('{"v":2,"sequence":1,"head_hash":"a","at":"b","public_key":"c","signature":"d"}', "version"),
        ('{"v":1,"sequence":"1","head_hash":"a","at":"b","public_key":"c","signature":"d"}', "sequence"),
        ('{"v":1,"sequence":true,"head_hash":"a","at":"b","public_key":"c","signature":"d"}', "sequence"),
        ('{"v":1,"sequence":1,"head_hash":2,"at":"b","public_key":"c","signature":"d"}', "head_hash"),
    ],
)
def test_malformed_json_names_the_problem(text: str, reason: str) -> None:
    with pytest.raises(CheckpointFormatError, match=reason):
        Checkpoint.from_json(text)


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"sequence": -1}, "sequence"),
        ({"head_hash": ""}, "head_hash"),
        ({"head_hash": "a b"}, "head_hash"),
        ({"at": "yesterday"}, "ISO-8601"),
        ({"at": "2025-03-01T09:30:00"}, "time zone"),
    ],
)
def test_signing_rejects_invalid_fields(fields: dict[str, object], reason: str) -> None:
    arguments: dict[str, object] = {"sequence": 1, "head_hash": HEAD, "at": AT, **fields}
    with pytest.raises(ValueError, match=reason):
        sign_checkpoint(SEED, **arguments)  # type: ignore[arg-type]


def test_seed_of_the_wrong_size_is_rejected() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        public_key_hex(bytes(31))


def test_appended_checkpoints_read_back_in_order_from_an_owner_only_file(tmp_path: Path) -> None:
    path = tmp_path / "audit-checkpoints.jsonl"
    written = [_checkpoint(sequence) for sequence in (10, 20, 30)]
    for checkpoint in written:
        append_checkpoint(path, checkpoint)
    assert read_checkpoints(path) == written
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text().count("\n") == 3


def test_appending_a_checkpoint_that_does_not_verify_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "audit-checkpoints.jsonl"
    with pytest.raises(ValueError, match="does not verify"):
        append_checkpoint(path, dataclasses.replace(_checkpoint(), sequence=7))
    assert not path.exists()


def test_malformed_line_is_reported_with_file_and_line_number(tmp_path: Path) -> None:
    path = tmp_path / "audit-checkpoints.jsonl"
    append_checkpoint(path, _checkpoint(1))
    with path.open("a") as handle:
        handle.write("\n{not json\n")
    with pytest.raises(CheckpointFileError) as caught:
        read_checkpoints(path)
    assert caught.value.line == 3
    assert str(path) in str(caught.value)
    assert "line 3" in str(caught.value)


def test_non_utf8_line_is_reported_with_its_line_number(tmp_path: Path) -> None:
    path = tmp_path / "audit-checkpoints.jsonl"
    path.write_bytes(_checkpoint(1).to_json().encode() + b"\n\xff\xfe\n")
    with pytest.raises(CheckpointFileError, match="line 2"):
        read_checkpoints(path)


def test_append_after_a_torn_last_line_starts_a_fresh_line(tmp_path: Path) -> None:
    path = tmp_path / "audit-checkpoints.jsonl"
    append_checkpoint(path, _checkpoint(1))
    with path.open("a") as handle:
        handle.write(_checkpoint(2).to_json()[:25])  # a crash mid-write
    append_checkpoint(path, _checkpoint(3))
    lines = path.read_text().splitlines()
    assert Checkpoint.from_json(lines[2]) == _checkpoint(3)
    with pytest.raises(CheckpointFileError, match="line 2"):
        read_checkpoints(path)


@given(
    sequence=st.integers(min_value=0, max_value=2**63),
    head_hash=st.text(alphabet="0123456789abcdef", min_size=1, max_size=128),
    at=st.datetimes(timezones=st.timezones()).map(lambda moment: moment.isoformat()),
)
def test_any_valid_checkpoint_signs_serialises_and_verifies(sequence: int, head_hash: str, at: str) -> None:
    checkpoint = sign_checkpoint(SEED, sequence=sequence, head_hash=head_hash, at=at)
    assert verify_checkpoint(Checkpoint.from_json(checkpoint.to_json()), public_key_hex(SEED))
    assert not verify_checkpoint(dataclasses.replace(checkpoint, sequence=sequence + 1))
