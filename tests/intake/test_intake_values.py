"""Cell parsers: dates, years, consent answers, codes and languages."""

from __future__ import annotations

import datetime as dt

import pytest

from moksori.intake.values import (
    CellValueError,
    parse_consent,
    parse_date,
    parse_language,
    parse_partner,
    parse_survivor_code,
    parse_year,
)

from .samples import TODAY

MARCH_15 = dt.date(2023, 3, 15)


@pytest.mark.parametrize(
    "cell",
    [
        "2023-03-15",
        "2023-3-15",
        "2023.03.15",
        "2023. 3. 15.",  # Korean Excel's default display of a date
        "2023/03/15",
        "2023년 3월 15일",
        "2023년3월15일",
        "2023-03-15T10:30:00",
        dt.datetime(2023, 3, 15, 0, 0),
        MARCH_15,
    ],
)
def test_interview_date_spellings_parse_to_the_same_date(cell: str | dt.date) -> None:
    assert parse_date(cell, date_format=None, today=TODAY) == MARCH_15


def test_mapping_date_format_is_tried_first() -> None:
    assert parse_date("15/03/2023", date_format="%d/%m/%Y", today=TODAY) == MARCH_15


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("15/03/2023", "date_format"),
        ("2023-02-30", "date_invalid"),
        ("2026-01-01", "date_in_future"),
        ("어제", "date_format"),
        (20230315, "date_format"),
    ],
)
def test_bad_dates_are_refused_with_a_specific_code(cell: str | int, code: str) -> None:
    with pytest.raises(CellValueError) as caught:
        parse_date(cell, date_format=None, today=TODAY)
    assert caught.value.code == code


@pytest.mark.parametrize("cell", ["1985", "1985년", 1985, 1985.0, " 1985 "])
def test_birth_year_spellings_parse(cell: str | int | float) -> None:
    assert parse_year(cell, today=TODAY) == 1985


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("1899", "year_range"),
        ("2026", "year_range"),
        ("85", "year_format"),
        (1985.5, "year_format"),
        (True, "year_format"),
    ],
)
def test_bad_birth_years_are_refused(cell: str | float | bool, code: str) -> None:
    with pytest.raises(CellValueError) as caught:
        parse_year(cell, today=TODAY)
    assert caught.value.code == code


@pytest.mark.parametrize("cell", ["yes", "Y", "TRUE", "1", "예", "네", "동의", True, 1])
def test_consent_yes_words(cell: str | bool | int) -> None:
    assert parse_consent(cell) is True


@pytest.mark.parametrize("cell", ["no", "N", "false", "0", "아니오", "아니요", "미동의", False, 0])
def test_consent_no_words(cell: str | bool | int) -> None:
    assert parse_consent(cell) is False


def test_blank_consent_is_unknown_and_other_words_are_refused() -> None:
    assert parse_consent("") is None
    assert parse_consent(None) is None
    with pytest.raises(CellValueError, match="consent_value"):
        parse_consent("maybe")


def test_partner_sharing_takes_an_organisation_name_and_no_means_none() -> None:
    assert parse_partner(" 희망재단 ", max_length=200) == "희망재단"
    assert parse_partner("아니오", max_length=200) is None
    with pytest.raises(CellValueError, match="partner_name_missing"):
        parse_partner("yes", max_length=200)


def test_survivor_code_that_looks_like_a_name_is_refused_as_such() -> None:
    assert parse_survivor_code("S-0001") == "S-0001"
    with pytest.raises(CellValueError, match="code_looks_like_name"):
        parse_survivor_code("김테스트")
    with pytest.raises(CellValueError, match="code_format"):
        parse_survivor_code("S 0001")


@pytest.mark.parametrize(
    ("cell", "code"), [("KO", "ko"), ("한국어", "ko"), ("English", "en"), ("중국어", "zh")]
)
def test_language_names_map_to_codes(cell: str, code: str) -> None:
    assert parse_language(cell) == code
