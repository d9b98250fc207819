"""Blind indexes: normalisation, keying, domain separation by purpose."""

from __future__ import annotations

import hashlib
import hmac
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moksori.crypto.blind_index import blind_index, normalise_for_index

KEY = bytes(range(32))
PURPOSE = "survivor.name_hangul"


def test_composed_and_decomposed_hangul_give_the_same_index() -> None:
    composed = unicodedata.normalize("NFC", "김순희")
    decomposed = unicodedata.normalize("NFD", "김순희")
    assert composed != decomposed
    assert blind_index(KEY, composed, purpose=PURPOSE) == blind_index(KEY, decomposed, purpose=PURPOSE)


def test_case_and_surrounding_or_repeated_whitespace_do_not_change_the_index() -> None:
    reference = blind_index(KEY, "kim sun hui", purpose="survivor.name_latin")
    assert blind_index(KEY, "  Kim   SUN\thui\n", purpose="survivor.name_latin") == reference


def test_different_names_give_different_indexes() -> None:
    assert blind_index(KEY, "김순희", purpose=PURPOSE) != blind_index(KEY, "김순이", purpose=PURPOSE)


def test_different_keys_give_different_indexes() -> None:
    other = bytes(range(1, 33))
    assert blind_index(KEY, "김순희", purpose=PURPOSE) != blind_index(other, "김순희", purpose=PURPOSE)


def test_different_purposes_give_unrelated_indexes_for_the_same_value() -> None:
    assert blind_index(KEY, "010-1234-5678", purpose="contact.phone") != blind_index(
        KEY, "010-1234-5678", purpose="broker.phone"
    )


def test_index_is_not_a_plain_hash_of_the_value() -> None:
    index = blind_index(KEY, "김순희", purpose=PURPOSE, length=32)
    for plain in (hashlib.sha256("김순희".encode()).hexdigest(), hashlib.md5("김순희".encode()).hexdigest()):  # noqa: S324
        assert index != plain


def test_index_follows_the_documented_construction() -> None:
    # The construction in docs/admin/crypto.md, recomputed here with the standard library only.
    subkey = hmac.new(KEY, b"moksori/v1/blind-index\x00" + PURPOSE.encode(), hashlib.sha256).digest()
    expected = hmac.new(subkey, "김순희".encode(), hashlib.sha256).digest()[:16].hex()
    assert blind_index(KEY, " 김순희 ", purpose=PURPOSE) == expected


@pytest.mark.parametrize("length", [4, 8, 16, 32])
def test_index_is_hex_of_the_requested_length(length: int) -> None:
    index = blind_index(KEY, "김순희", purpose=PURPOSE, length=length)
    assert len(index) == 2 * length
    int(index, 16)


def test_truncated_index_is_a_prefix_of_the_full_index() -> None:
    full = blind_index(KEY, "김순희", purpose=PURPOSE, length=32)
    assert full.startswith(blind_index(KEY, "김순희", purpose=PURPOSE, length=8))


@pytest.mark.parametrize("length", [0, 3, 33])
def test_lengths_out_of_range_are_rejected(length: int) -> None:
    with pytest.raises(ValueError, match="length"):
        blind_index(KEY, "x", purpose=PURPOSE, length=length)


@pytest.mark.parametrize("purpose", ["", "a\x00b"])
def test_empty_or_ambiguous_purposes_are_rejected(purpose: str) -> None:
    with pytest.raises(ValueError, match="purpose"):
        blind_index(KEY, "x", purpose=purpose)


def test_short_keys_are_rejected() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        blind_index(bytes(16), "x", purpose=PURPOSE)


@given(st.text())
def test_index_is_invariant_under_unicode_normal_form_and_padding(value: str) -> None:
    expected = blind_index(KEY, value, purpose=PURPOSE)
    for form in ("NFC", "NFD"):
        assert blind_index(KEY, f" {unicodedata.normalize(form, value)}  ", purpose=PURPOSE) == expected


@given(st.text())
def test_normalisation_is_idempotent(value: str) -> None:
    once = normalise_for_index(value)
    assert normalise_for_index(once) == once
