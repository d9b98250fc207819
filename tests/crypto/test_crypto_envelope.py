"""Envelope encryption of fields: round trips, binding to record and field, tamper detection."""

from __future__ import annotations

import base64
import re
import secrets

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moksori.crypto.envelope import (
    FIELD_CIPHERTEXT_PREFIX,
    WRAPPED_KEY_BYTES,
    DecryptionError,
    decrypt_field,
    encrypt_field,
    new_record_key,
    unwrap_record_key,
)

MASTER = bytes(range(32))
RECORD = "testimonies.survivor:6f1c2a4e-8b1d-4f39-9a57-2f0d3c1e9b20"
OTHER_RECORD = "testimonies.survivor:0b5e7f61-1d2c-4a8e-b3f4-5c6d7e8f9a01"
AAD = "testimonies.survivor:6f1c2a4e-8b1d-4f39-9a57-2f0d3c1e9b20:name_hangul"
MARKER = "MOKSORI-MARKER-김순희-7f3a9c"


def _decoded(token: str) -> bytes:
    body = token.removeprefix(FIELD_CIPHERTEXT_PREFIX)
    return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))


def _flip_char(token: str, position: int) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    old = token[position]
    new = alphabet[(alphabet.index(old) + 1) % len(alphabet)]
    return token[:position] + new + token[position + 1 :]


def test_record_key_unwraps_to_the_same_data_key() -> None:
    data_key, wrapped = new_record_key(MASTER, record=RECORD)
    assert len(data_key) == 32
    assert len(wrapped) == WRAPPED_KEY_BYTES
    assert wrapped[0] == 1
    assert unwrap_record_key(MASTER, wrapped, record=RECORD) == data_key


def test_each_record_key_is_fresh_and_wrapped_with_a_fresh_nonce() -> None:
    first = new_record_key(MASTER, record=RECORD)
    second = new_record_key(MASTER, record=RECORD)
    assert first[0] != second[0]
    assert first[1][1:13] != second[1][1:13]


def test_wrapped_key_moved_to_another_record_fails() -> None:
    _, wrapped = new_record_key(MASTER, record=RECORD)
    with pytest.raises(DecryptionError, match=re.escape(f"record-key of {OTHER_RECORD}")):
        unwrap_record_key(MASTER, wrapped, record=OTHER_RECORD)


def test_wrapped_key_under_wrong_master_key_fails() -> None:
    _, wrapped = new_record_key(MASTER, record=RECORD)
    with pytest.raises(DecryptionError):
        unwrap_record_key(secrets.token_bytes(32), wrapped, record=RECORD)


@pytest.mark.parametrize("position", [0, 1, 13, WRAPPED_KEY_BYTES - 1])
def test_any_flipped_bit_in_a_wrapped_key_fails(position: int) -> None:
    _, wrapped = new_record_key(MASTER, record=RECORD)
    damaged = bytearray(wrapped)
    damaged[position] ^= 0x01
    with pytest.raises(DecryptionError):
        unwrap_record_key(MASTER, bytes(damaged), record=RECORD)


def test_truncated_wrapped_key_fails() -> None:
    _, wrapped = new_record_key(MASTER, record=RECORD)
    with pytest.raises(DecryptionError, match="61 bytes"):
        unwrap_record_key(MASTER, wrapped[:-1], record=RECORD)


def test_field_round_trips_hangul_text() -> None:
    data_key, _ = new_record_key(MASTER, record=RECORD)
    token = encrypt_field(data_key, "김순희, 함경북도 무산군", aad=AAD)
    assert decrypt_field(data_key, token, aad=AAD) == "김순희, 함경북도 무산군"


def test_field_ciphertext_is_ascii_with_version_prefix() -> None:
    token = encrypt_field(secrets.token_bytes(32), "텍스트", aad=AAD)
    assert token.isascii()
    assert token.startswith("v1:")


def test_encrypting_the_same_text_twice_gives_different_ciphertexts() -> None:
    key = secrets.token_bytes(32)
    assert encrypt_field(key, MARKER, aad=AAD) != encrypt_field(key, MARKER, aad=AAD)


def test_field_ciphertext_never_contains_the_planted_marker() -> None:
    key = secrets.token_bytes(32)
    token = encrypt_field(key, f"before {MARKER} after", aad=AAD)
    for needle in (MARKER.encode(), "김순희".encode(), b"MOKSORI-MARKER"):
        assert needle not in token.encode()
        assert needle not in _decoded(token)


def test_field_ciphertext_fails_with_a_wrong_key() -> None:
    token = encrypt_field(secrets.token_bytes(32), MARKER, aad=AAD)
    with pytest.raises(DecryptionError) as caught:
        decrypt_field(secrets.token_bytes(32), token, aad=AAD)
    assert MARKER not in str(caught.value)
    assert AAD in str(caught.value)


def test_field_ciphertext_fails_with_a_wrong_row() -> None:
    key = secrets.token_bytes(32)
    token = encrypt_field(key, MARKER, aad=AAD)
    with pytest.raises(DecryptionError):
        decrypt_field(key, token, aad=f"{OTHER_RECORD}:name_hangul")


def test_field_ciphertext_swapped_between_fields_fails() -> None:
    key = secrets.token_bytes(32)
    name_token = encrypt_field(key, "김순희", aad=f"{RECORD}:name_hangul")
    place_token = encrypt_field(key, "무산군", aad=f"{RECORD}:birthplace")
    with pytest.raises(DecryptionError, match="birthplace"):
        decrypt_field(key, name_token, aad=f"{RECORD}:birthplace")
    with pytest.raises(DecryptionError, match="name_hangul"):
        decrypt_field(key, place_token, aad=f"{RECORD}:name_hangul")


@given(position=st.integers(min_value=len(FIELD_CIPHERTEXT_PREFIX), max_value=40))
def test_any_altered_character_of_a_field_ciphertext_fails(position: int) -> None:
    key = bytes(32)
    token = encrypt_field(key, "a value of some length", aad=AAD)
    with pytest.raises(DecryptionError):
        decrypt_field(key, _flip_char(token, position), aad=AAD)


@pytest.mark.parametrize(
    "damaged",
    ["", "v2:AAAA", "v1:", "v1:!!!!", "v1:AAAA", "v1:한글", "plain text stored by mistake"],
)
def test_malformed_field_ciphertexts_raise_decryption_error(damaged: str) -> None:
    with pytest.raises(DecryptionError):
        decrypt_field(bytes(32), damaged, aad=AAD)


def test_truncated_field_ciphertext_fails() -> None:
    key = bytes(32)
    token = encrypt_field(key, MARKER, aad=AAD)
    with pytest.raises(DecryptionError):
        decrypt_field(key, token[:-4], aad=AAD)


@pytest.mark.parametrize("bad_key", [b"", bytes(16), bytes(31), bytes(33)])
def test_keys_of_the_wrong_size_are_rejected_before_use(bad_key: bytes) -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        encrypt_field(bad_key, "x", aad=AAD)
    with pytest.raises(ValueError, match="32 bytes"):
        new_record_key(bad_key, record=RECORD)


def test_empty_aad_or_record_is_rejected() -> None:
    with pytest.raises(ValueError, match="aad"):
        encrypt_field(bytes(32), "x", aad="")
    with pytest.raises(ValueError, match="record"):
        new_record_key(MASTER, record="")


@given(plaintext=st.text(), aad=st.text(min_size=1))
def test_any_text_round_trips_under_its_aad(plaintext: str, aad: str) -> None:
    key = bytes(range(32))
    assert decrypt_field(key, encrypt_field(key, plaintext, aad=aad), aad=aad) == plaintext


@given(record=st.text(min_size=1))
def test_any_record_label_round_trips_its_wrapped_key(record: str) -> None:
    data_key, wrapped = new_record_key(MASTER, record=record)
    assert unwrap_record_key(MASTER, wrapped, record=record) == data_key
