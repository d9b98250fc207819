"""Gazetteer resolution and year ranges."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moksori.analysis.linkage.ages import (
    YearNotUnderstood,
    YearOptions,
    YearRange,
    birth_years_from_age,
    parse_year_range,
)
from moksori.analysis.linkage.places import Gazetteer, resolve_place
from moksori.analysis.linkage.reference import place_rows

GAZETTEER = Gazetteer.default()
NAME_COLUMNS = ("name_en", "name_zh", "pinyin", "name_ko", "name_ko_sk", "mr")


@pytest.mark.parametrize("text", ["연길", "延吉", "Yanji", "옌지", "연길시", "延吉市", "Yanji Shi"])
def test_yanji_in_every_script_resolves_to_one_id(text: str) -> None:  # the issue: 연길 = 延吉 = Yanji
    assert resolve_place(text).place_id == "cn_jl_yanji"


@pytest.mark.parametrize(
    "text",
    ["함북", "N. Hamgyong", "North Hamgyong", "Hamgyŏng-pukto", "함경북도", "Hamgyeongbuk-do",
     "Hamkyeongpukto", "n hamgyong", "Hamgyong-bukto"],
)  # fmt: skip
def test_north_hamgyong_abbreviations_and_romanizations_resolve(text: str) -> None:  # the examples
    assert resolve_place(text, "KP").place_id == "kp_09"


@pytest.mark.parametrize(
    ("text", "place_id"), [("량강도", "kp_10"), ("양강", "kp_10"), ("평남", "kp_02"), ("S. Pyongan", "kp_02")]
)
def test_north_and_south_spellings_of_provinces_resolve(text: str, place_id: str) -> None:
    assert resolve_place(text).place_id == place_id


@given(st.sampled_from(place_rows()), st.sampled_from(NAME_COLUMNS))
def test_every_gazetteer_name_resolves_to_a_candidate_set_containing_its_place(
    row: dict[str, str], column: str
) -> None:
    if row[column]:
        assert row["id"] in resolve_place(row[column]).candidates


def test_a_name_shared_by_province_and_city_is_flagged_ambiguous_broadest_first() -> None:
    match = resolve_place("길림")
    assert match.ambiguous
    assert match.candidates == ("cn_jl", "cn_jl_jilin")


def test_unknown_places_resolve_to_none() -> None:
    assert resolve_place("Atlantis").place_id is None


def test_a_city_is_placed_in_its_province() -> None:
    assert GAZETTEER.province_of("kp_09_musan") == "kp_09"
    assert GAZETTEER.province_of("cn_jl_yanji") == "cn_jl"


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("1979", 1979, 1979),
        ("45 (2023)", 1977, 1978),  # birthday before or after the interview
        ("about 45 years old in 2023", 1975, 1980),  # the example, widened by 2 for "about"
        ("2023년 당시 만 45세", 1977, 1978),  # 만: international age
        ("45세 (2023년)", 1977, 1979),  # 세 without 만 may be Korean counting (one more)
        ("c. 1979", 1977, 1981),
        ("1979?", 1977, 1981),
        ("1978-80", 1978, 1980),
        ("late 1970s", 1977, 1979),
        ("1970년대 후반", 1977, 1979),
        ("79년생", 1979, 1979),
    ],
)
def test_year_cells_become_ranges(text: str, low: int, high: int) -> None:
    found = parse_year_range(text)
    assert found is not None
    assert (found.low, found.high) == (low, high)


@pytest.mark.parametrize("text", ["", "unknown", "모름", "?"])
def test_blank_and_unknown_years_are_missing_not_errors(text: str) -> None:
    assert parse_year_range(text) is None


@pytest.mark.parametrize("text", ["83", "52", "next spring", "3017"])
def test_ambiguous_or_implausible_years_raise_without_echoing_the_cell(text: str) -> None:
    with pytest.raises(YearNotUnderstood) as caught:
        parse_year_range(text)
    assert text not in str(caught.value)


def test_an_age_without_a_year_needs_the_interview_year() -> None:
    assert parse_year_range("45 years old", YearOptions(interview_year=2023)) == YearRange(1977, 1978, "age")


@given(st.integers(0, 100), st.integers(1950, 2030))
def test_age_ranges_always_contain_the_exact_birth_year(age: int, year: int) -> None:
    found = birth_years_from_age(age, year)
    assert found.low <= year - age <= found.high
    assert found.high - found.low == 1
