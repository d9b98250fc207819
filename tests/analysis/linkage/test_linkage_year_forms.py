"""Year cells as spreadsheets export them: floats, full dates, year-months, labels."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moksori.analysis.linkage.ages import YearNotUnderstood, YearRange, parse_year_range

DateFormat = Callable[[int, int, int], str]

# Every form must give the year alone, whatever the month and day.
DATE_FORMATS: list[DateFormat] = [
    lambda y, m, d: f"{y}-{m:02}-{d:02}",
    lambda y, m, d: f"{y}.{m:02}.{d:02}",
    lambda y, m, d: f"{y}/{m}/{d}",
    lambda y, m, d: f"{d:02}/{m:02}/{y}",
    lambda y, m, d: f"{m:02}/{d:02}/{y}",
    lambda y, m, d: f"{d}.{m}.{y}",
    lambda y, m, d: f"{y}. {m}. {d}.",
    lambda y, m, d: f"{y}-{m:02}-{d:02} 00:00:00",
    lambda y, m, d: f"{y}-{m:02}-{d:02}T00:00:00",
    lambda y, m, d: f"{y}{m:02}{d:02}",
    lambda y, m, d: f"{y}년 {m}월 {d}일",
    lambda y, m, d: f"{y}년 {m}월",
    lambda y, m, d: f"{y}年{m}月{d}日",
    lambda y, m, d: f"{y}年{m}月",
    lambda y, m, d: f"{y}.{m}",
    lambda y, m, d: f"DOB: {y}-{m:02}-{d:02}",
]
DATES = st.dates(min_value=date(1930, 1, 1), max_value=date(2030, 12, 31))
YEARS = st.integers(1930, 2030)


def _year_only(year: int) -> YearRange:
    return YearRange(year, year, "year")


@pytest.mark.parametrize(
    "text",
    [
        "1979.0",
        "1979.00",
        "1979-03-02",
        "1979.03.02",
        "1979/3/2",
        "02/03/1979",
        "2.3.1979",
        "1979-03-02 00:00:00",
        "1979-03-02T00:00:00",
        "1979-03-02T00:00:00Z",
        "1979-03-02 00:00:00+09:00",
        "19790302",
        "1979-00-00",
        "1979년 3월 2일",
        "1979년 3월",
        "1979년 3월생",
        "1979年3月2日",
        "1979年3月2号",
        "1979年3月",
        "1979年生",
        "1979-03",
        "1979.3",
        "1979/03",
        "1979-3",
        "1979–03",
    ],
)
def test_spreadsheet_year_forms_give_the_year(text: str) -> None:
    assert parse_year_range(text) == _year_only(1979)


@pytest.mark.parametrize(
    "text",
    [
        "b. 1979",
        "B.1979",
        "born 1979",
        "Born in 1979",
        "DOB: 1979-03-02",
        "date of birth: 02/03/1979",
        "birth year 1979",
        "year of birth 1979",
        "생년 1979",
        "생년월일: 1979.03.02",
        "출생 1979",
        "출생년도 1979",
        "1979년 출생",
        "出生 1979",
        "出生日期 1979年3月2日",
        "1979年出生",
    ],
)
def test_a_leading_or_trailing_label_is_ignored(text: str) -> None:
    assert parse_year_range(text) == _year_only(1979)


@pytest.mark.parametrize(
    "text", ["left in 2015", "탈북 2015", "left North Korea in 2015-06", "탈북년도: 2015"]
)
def test_labels_on_the_year_left_are_ignored(text: str) -> None:
    assert parse_year_range(text) == _year_only(2015)


@pytest.mark.parametrize(
    "text",
    [
        "c. 1979",
        "about 1979",
        "1979?",
        "약 1979년",
        "1979년경",
        "about 1979-03-02",
        "born c. 1979",
        "1979년 3월경",
    ],
)
def test_approximate_markers_still_widen(text: str) -> None:
    assert parse_year_range(text) == YearRange(1977, 1981, "year", approximate=True)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [("1978-80", 1978, 1980), ("1978-1980", 1978, 1980), ("2010-11", 2010, 2011), ("1978/80", 1978, 1980)],
)
def test_ranges_stay_ranges_even_when_the_end_could_be_a_month(text: str, low: int, high: int) -> None:
    assert parse_year_range(text) == YearRange(low, high, "range")


def test_born_with_a_decade_keeps_the_decade() -> None:
    assert parse_year_range("born late 1970s") == YearRange(1977, 1979, "decade")


@pytest.mark.parametrize("text", ["nan", "NaN", "NaT", "None", "null"])
def test_pandas_empty_cells_are_missing(text: str) -> None:
    assert parse_year_range(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "1879-03-02",  # outside the plausible span
        "02/03/3017",
        "18790302",
        "1979-13-45",  # no month 13, no day 45
        "32/13/1979",
        "19791302",
        "1979-03/02",  # mixed separators: not a date we can trust
        "1979.50",
        "born",
        "born somewhere",
        "left after the famine",
    ],
)
def test_impossible_dates_and_bare_labels_raise_without_echoing_the_cell(text: str) -> None:
    with pytest.raises(YearNotUnderstood) as caught:
        parse_year_range(text)
    assert text not in str(caught.value)


@given(DATES, st.sampled_from(DATE_FORMATS))
def test_every_date_format_gives_its_year(day: date, form: DateFormat) -> None:
    assert parse_year_range(form(day.year, day.month, day.day)) == _year_only(day.year)


@given(YEARS, st.sampled_from(["", "0", "00"]))
def test_a_year_read_as_a_float_gives_the_year(year: int, zeros: str) -> None:
    assert parse_year_range(f"{year}.{zeros}0") == _year_only(year)


@given(YEARS, YEARS)
def test_a_range_of_two_years_stays_the_range(first: int, second: int) -> None:
    low, high = sorted((first, second))
    if low == high:
        return
    assert parse_year_range(f"{low}-{high}") == YearRange(low, high, "range")
    if low // 100 == high // 100:
        assert parse_year_range(f"{low}-{high % 100:02}") == YearRange(low, high, "range")


@given(YEARS, st.integers(1, 12), st.sampled_from(["-", "/"]))
def test_a_year_month_is_a_month_only_when_it_cannot_be_a_later_year(year: int, month: int, sep: str) -> None:
    as_later_year = year // 100 * 100 + month
    expected = YearRange(year, as_later_year, "range") if as_later_year >= year else _year_only(year)
    assert parse_year_range(f"{year}{sep}{month:02}") == expected
    if month < 10:  # one digit cannot end a range
        assert parse_year_range(f"{year}{sep}{month}") == _year_only(year)


def test_a_korean_tilde_range_is_a_range_and_a_leading_tilde_means_about() -> None:
    assert parse_year_range("1978~1980") == YearRange(1978, 1980, "range")
    assert parse_year_range("~1979") == YearRange(1977, 1981, "year", approximate=True)
