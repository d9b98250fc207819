"""The romanization-invariant key and name parsing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moksori.analysis.linkage.names import (
    SurnameTable,
    given_name_key,
    parse_hangul_name,
    parse_latin_name,
    parse_name,
)
from moksori.analysis.linkage.phonetic import ascii_letters, hangul_key, latin_key
from moksori.analysis.linkage.romanize import romanize_dprk, romanize_mr, romanize_rr
from moksori.analysis.linkage.synthetic import GIVEN_NAMES

TABLE = SurnameTable.default()
ROW_VARIANTS = [(s, v) for s in TABLE.surnames for v in (*s.variants, s.rr, s.mr, s.dprk)]


def _name_keys(text: str) -> tuple[str, str]:
    parsed = parse_name(text)
    return TABLE.key(parsed.surname), given_name_key(parsed.given)


@pytest.mark.parametrize(
    "spelling",
    # the issue's list, plus South and North Hangul
    [
        "리영희",
        "이영희",
        "Ri Yong-hui",
        "Lee Young-hee",
        "Yi Yŏnghŭi",
        "Rhee Yeong Hee",
        "Young-hee Lee",
        "이 영희",
    ],
)
def test_the_issues_spellings_of_one_woman_share_surname_and_given_keys(spelling: str) -> None:
    assert _name_keys(spelling) == ("i", "yonghi")


@pytest.mark.parametrize(
    ("hangul", "variants"),
    [  # notes 2.1, table of given-name variants
        ("영희", ["Younghee", "Young-hee", "Young Hee", "YoungHee", "Yeonghui", "Yŏnghŭi", "Yong Hui"]),
        ("은혜", ["Eunhye", "Eun-hye", "Eun Hye", "Unhye", "Ŭnhye", "Un Hye"]),
        ("철수", ["Cheolsu", "Cheol-su", "Chul-soo", "Chulsoo", "Ch'ŏlsu", "Chol Su"]),
    ],
)
def test_given_name_variants_from_the_notes_share_the_hangul_key(hangul: str, variants: list[str]) -> None:
    assert {latin_key(v) for v in variants} == {hangul_key(hangul)}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Seokmin", "Sŏngmin"),
        ("Silla", "Shinla"),
        ("Jeongrim", "Chŏngnim"),
        ("Illan", "Il-ran"),
        ("Gukhwa", "Kookhwa"),
    ],
)
def test_sound_changes_across_syllables_share_a_key(a: str, b: str) -> None:  # notes 2.4
    assert latin_key(a) == latin_key(b)


@given(st.sampled_from(ROW_VARIANTS))
def test_every_listed_surname_spelling_gets_its_rows_key(row_and_variant: tuple[object, str]) -> None:
    row, variant = row_and_variant
    assert TABLE.key(variant) == row.key  # type: ignore[attr-defined]


@given(st.sampled_from(TABLE.surnames))
def test_north_and_south_hangul_and_hanja_of_a_surname_share_its_key(row: object) -> None:
    assert TABLE.key(row.hangul_north) == TABLE.key(row.hangul) == TABLE.key(row.hanja)  # type: ignore[attr-defined]


def test_every_latin_spelling_in_the_table_has_exactly_one_key() -> None:
    spellings = {v for _, v in ROW_VARIANTS}
    for spelling in spellings:
        keys = {s.key for s in TABLE.for_latin(spelling)}
        assert len(keys) == 1, spelling


@given(st.sampled_from(GIVEN_NAMES), st.sampled_from(["mr", "mr_plain", "dprk"]))
def test_given_names_key_the_same_from_hangul_and_from_every_system(name: str, system: str) -> None:
    latin = {
        "mr": romanize_mr(name),
        "mr_plain": romanize_mr(name, breves=False),
        "dprk": romanize_dprk(name),
    }
    assert latin_key(latin[system]) == hangul_key(name) == latin_key(romanize_rr(name))


latin_text = st.text(alphabet="abcdeghijklmnoprstuwyŏŭ'- ABCDEGHIJKLMNOPRSTUWY", max_size=16)


@given(latin_text)
def test_letter_normalisation_is_idempotent_and_leaves_the_key_unchanged(text: str) -> None:
    once = ascii_letters(text)
    assert ascii_letters(once) == once
    assert latin_key(once) == latin_key(text)


@given(latin_text)
def test_latin_key_ignores_case_hyphens_spaces_and_breves(text: str) -> None:
    plain = text.replace("ŏ", "o").replace("ŭ", "u").replace("-", "").replace(" ", "").replace("'", "")
    assert latin_key(text.upper()) == latin_key(text) == latin_key(plain)


@pytest.mark.parametrize(
    ("text", "order", "surname", "given"),
    [
        ("Lee Young-hee", "surname_first", "Lee", "Young-hee"),
        ("Young-hee Lee", "given_first", "Lee", "Young-hee"),
        ("Young-hee PARK", "given_first", "PARK", "Young-hee"),
        ("Kim Jong Un", "surname_first", "Kim", "Jong Un"),  # notes 2.2: a three-word DPRK name
        ("Lee, Young-hee", "surname_first", "Lee", "Young-hee"),
        ("Min Jung Kim", "given_first", "Kim", "Min Jung"),  # both ends listed: the commoner is the surname
    ],
)
def test_latin_name_order_is_detected(text: str, order: str, surname: str, given: str) -> None:
    parsed = parse_latin_name(text)
    assert (parsed.order, parsed.surname, parsed.given) == (order, surname, given)


def test_an_unclear_latin_order_keeps_the_other_split_as_an_alternative() -> None:
    parsed = parse_latin_name("Song Min")
    assert parsed.alternatives == (("Min", "Song"),)


@pytest.mark.parametrize(
    ("text", "surname", "given"),
    [
        ("리영희", "리", "영희"),
        ("황보영희", "황보", "영희"),
        ("남궁민", "남궁", "민"),
        ("선우진", "선", "우진"),
        ("영희 리", "리", "영희"),
    ],
)
def test_hangul_names_split_with_compound_surnames_kept_whole(
    text: str, surname: str, given: str
) -> None:  # notes 3.6
    parsed = parse_hangul_name(text)
    assert (parsed.surname, parsed.given) == (surname, given)


def test_parsed_names_keep_names_out_of_repr() -> None:
    assert "영희" not in repr(parse_name("리영희"))
