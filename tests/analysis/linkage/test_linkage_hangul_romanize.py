"""Hangul jamo arithmetic, the initial-sound rule and romanization known answers.

Known answers cite src/moksori/vocab/data/korean_romanization_notes.md ("notes") by section.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moksori.analysis.linkage.hangul import (
    compose_syllable,
    decompose_syllable,
    normalise_hangul,
    north_initial_candidates,
    south_spelling,
    to_jamo,
)
from moksori.analysis.linkage.names import romanize_full_name
from moksori.analysis.linkage.romanize import romanize_dprk, romanize_mr, romanize_rr

syllables = st.integers(0xAC00, 0xD7A3).map(chr)


@given(syllables)
def test_decompose_then_compose_returns_the_same_syllable(syllable: str) -> None:
    assert compose_syllable(decompose_syllable(syllable)) == syllable


@given(st.lists(syllables, min_size=1, max_size=4).map("".join))
def test_normalise_hangul_undoes_nfd_and_is_idempotent(word: str) -> None:
    nfd = unicodedata.normalize("NFD", word)
    assert normalise_hangul(nfd) == word
    assert normalise_hangul(normalise_hangul(nfd)) == normalise_hangul(nfd)


def test_to_jamo_spells_out_initial_medial_final() -> None:
    assert to_jamo("김영희") == "ㄱㅣㅁㅇㅕㅇㅎㅢ"


@pytest.mark.parametrize(
    ("north", "south"),
    # notes 2.5: the ten initial-ㄹ pairs; 련희 = 연희, 룡철 = 용철; later syllables keep ㄹ (정림)
    [("리", "이"), ("류", "유"), ("로", "노"), ("림", "임"), ("량", "양"), ("라", "나"), ("려", "여"),
     ("렴", "염"), ("룡", "용"), ("륙", "육"), ("련희", "연희"), ("룡철", "용철"), ("정림", "정림")],
)  # fmt: skip
def test_south_spelling_applies_the_initial_sound_rule_to_the_first_syllable_only(
    north: str, south: str
) -> None:
    assert south_spelling(north) == south


def test_north_candidates_run_the_initial_sound_rule_backwards() -> None:
    assert set(north_initial_candidates("이")) == {"이", "리", "니"}
    assert set(north_initial_candidates("노")) == {"노", "로"}


@pytest.mark.parametrize(
    ("surname", "given", "rr", "mr", "mr_plain", "dprk"),
    [  # notes section 1, table "Systems in use"
        ("김", "정은", "Gim Jeongeun", "Kim Chŏngŭn", "Kim Chongun", "Kim Jong Un"),
        ("이", "은혜", "I Eunhye", "Yi Ŭnhye", "Yi Unhye", "Ri Un Hye"),
        ("최", "철", "Choe Cheol", "Ch'oe Ch'ŏl", "Choe Chol", "Choe Chol"),
    ],
)
def test_full_names_romanize_as_in_the_notes_systems_table(
    surname: str, given: str, rr: str, mr: str, mr_plain: str, dprk: str
) -> None:
    assert romanize_full_name(surname, given, "rr") == rr
    assert romanize_full_name(surname, given, "mr") == mr
    assert romanize_full_name(surname, given, "mr_plain") == mr_plain
    assert romanize_full_name(surname, given, "dprk") == dprk


@pytest.mark.parametrize(
    ("word", "rr", "mr"),
    [  # notes 2.1 (영희, 은혜, 철수) and 2.4 (석민 by letter / by sound, 신라, 정림, 일란)
        ("영희", "Yeonghui", "Yŏnghŭi"),
        ("은혜", "Eunhye", "Ŭnhye"),
        ("철수", "Cheolsu", "Ch'ŏlsu"),
        ("석민", "Seokmin", "Sŏngmin"),
        ("신라", "Sinra", "Silla"),
        ("정림", "Jeongrim", "Chŏngnim"),
        ("일란", "Illan", "Illan"),
        ("순길", "Sungil", "Sun'gil"),
    ],
)
def test_given_names_romanize_by_letter_in_rr_and_by_sound_in_mr(word: str, rr: str, mr: str) -> None:
    assert romanize_rr(word) == rr
    assert romanize_mr(word) == mr


def test_rr_hyphenates_given_name_syllables_on_request() -> None:
    assert romanize_rr("영희", hyphenate=True) == "Yeong-hui"


def test_dprk_style_writes_each_syllable_as_a_word() -> None:
    assert romanize_dprk("영희") == "Yong Hui"  # the "Ri Yong-hui" without the hyphen
    assert romanize_dprk("설주") == "Sol Ju"


def test_romanizers_refuse_non_hangul_without_echoing_it() -> None:
    with pytest.raises(ValueError, match="Hangul syllables") as caught:
        romanize_rr("Kim")
    assert "Kim" not in str(caught.value)
