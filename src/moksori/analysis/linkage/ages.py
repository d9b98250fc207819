"""Years as recorded in testimonies -> year ranges ("1979", "1978-80", "about 45 years old in 2023").

Spreadsheet exports give full dates ("1979-03-02", "02/03/1979", "1979년 3월 2일"), year-months
("2015-06") and floats ("1979.0"); linkage only needs the year, so month and day are checked for
plausibility and dropped. A label around the number ("born", "DOB:", "출생", "1979年出生") is ignored.

An age at interview gives two possible birth years (the birthday may or may not have passed); an age in
Korean counting (세/살 without 만) is one more than the international age, so its range widens by a year;
"about", "c.", "약", "쯤" and a trailing "?" widen by ``approximate_margin`` years on each side.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

YearKind = Literal["year", "range", "age", "decade"]

# "nan", "nat" and "none" are what pandas writes for an empty cell cast to text; "null" comes from databases.
_MISSING = frozenset(
    {"", "?", "unknown", "n/a", "na", "nan", "nat", "none", "null", "-", "-99"}
    | {"모름", "미상", "불명", "不详"}
)
_APPROXIMATE = re.compile(
    # "~1979" is about 1979, but "1978~1980" is a Korean range: only a leading tilde means "about".
    r"about|around|approx\.?(?:imately)?|circa|\bca?\.|^~|약|쯤|경|가량|정도|\?|左右|大约"
)
_AGE_THEN_YEAR = re.compile(
    r"(?:age[d]?\s*)?(?P<man>만)?\s*(?P<age>\d{1,3})\s*(?P<unit>years?[\s-]*old|years?|yrs?|y/?o|세|살|岁)?\s*"
    r"(?:in|at|as\s+of|interviewed\s+in|at\s+interview\s+in|\(|,|/)?\s*(?P<year>\d{4})\s*(?:년|年)?\s*\)?"
)
_YEAR_THEN_AGE = re.compile(
    r"(?P<year>\d{4})\s*(?:년|年)?\s*(?:당시|에|기준|현재|时)?\s*(?P<man>만)?\s*(?P<age>\d{1,3})\s*(?P<unit>세|살|岁)"
)
_AGE_ONLY = re.compile(r"(?:age[d]?\s*)?(?P<man>만)?\s*(?P<age>\d{1,3})\s*(?P<unit>years?[\s-]*old|세|살|岁)")
_RANGE = re.compile(r"(?P<low>\d{4})\s*(?:-|–|—|~|/|to|에서)\s*(?P<high>\d{2,4})")
_DECADE = re.compile(
    r"(?P<part>early|mid|late)?[\s-]*(?P<decade>\d{3}0)\s*(?:s|'s|년대)(?:\s*(?P<ko>초반|중반|후반))?"
)
# Two digits alone could be an age (45) or a year (1945); only a mark such as '79 or 79년생 makes a year.
_YEAR = re.compile(
    r"(?P<year>\d{4})\s*(?:년생|년|생|年)?|(?P<short>'\d{2}|\d{2}(?=\s*(?:년생|년|생)))\s*(?:년생|년|생)?"
)
# Labels people put before the number ("born 1979", "DOB: 1979-03-02", "탈북 2015"); stripped, not
# interpreted, so free text stays unreadable.
_LEADING_LABEL = re.compile(
    r"^(?:date\s+of\s+birth|year\s+of\s+birth|birth\s*(?:year|date|day)|d\.?o\.?b\.?|y\.?o\.?b\.?"
    r"|born(?:\s+(?:in|on))?|b\.|birth|year\s+left|left(?:\s+(?:north\s+korea|nk|dprk))?(?:\s+(?:in|on))?"
    r"|escaped(?:\s+in)?|defected(?:\s+in)?|생년월일|생년|출생\s*(?:년도|연도|일)?|탈북\s*(?:년도|연도|일|시기)?"
    r"|出生\s*(?:日期|年份|年)?|生年|脱北|离开朝鲜)"
    r"(?:\s*[:=]\s*|\s+|(?=[\d']))"
)
_TRAILING_LABEL = re.compile(r"\s*(?:출생|탈북|出生|生)$")
# Only the year of a date is used. Month and day 0 mean "not known" (the HURIDOCS form 1979-00-00);
# the separators must agree so that "1979-03/02" stays unreadable.
_TIME = r"(?:[\st]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:am|pm|z|[+-]\d{2}:?\d{2})?)?"
_SEP, _SAME_SEP = r"\s*(?P<sep>[-./])\s*", r"\s*(?P=sep)\s*"
_DATE_FORMS = (
    re.compile(r"(?P<year>\d{4})\.0+"),  # a year column that pandas read as floats
    re.compile(r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})"),
    re.compile(rf"(?P<year>\d{{4}}){_SEP}(?P<month>\d{{1,2}}){_SAME_SEP}(?P<day>\d{{1,2}}){_TIME}"),
    # Day and month in either order (02/03/1979): the year is the same whichever was meant.
    re.compile(rf"(?P<first>\d{{1,2}}){_SEP}(?P<second>\d{{1,2}}){_SAME_SEP}(?P<year>\d{{4}}){_TIME}"),
    re.compile(
        r"(?P<year>\d{4})\s*[년年]\s*(?P<month>\d{1,2})\s*[월月](?:\s*(?P<day>\d{1,2})\s*[일日号])?\s*생?"
    ),
    # Tried after _RANGE, so "2010-11" stays the range 2010-2011 and only "2015-06" is a month.
    re.compile(r"(?P<year>\d{4})\s*[-./–—]\s*(?P<month>\d{1,2})"),
)
_DECADE_PARTS = {
    "early": (0, 3),
    "초반": (0, 3),
    "mid": (4, 6),
    "중반": (4, 6),
    "late": (7, 9),
    "후반": (7, 9),
}


class YearNotUnderstood(ValueError):  # noqa: N818 - reads as a sentence at the raise site
    """A year cell that matches none of the accepted forms (the message never repeats the value)."""


@dataclass(frozen=True, slots=True)
class YearOptions:
    """How to read years: margins, the two-digit pivot and the plausible span."""

    approximate_margin: int = 2
    two_digit_pivot: int = 30  # '29 -> 2029, '30 -> 1930
    earliest: int = 1900
    latest: int = 2035
    interview_year: int | None = None  # used for an age given without its year


@dataclass(frozen=True, slots=True)
class YearRange:
    """An inclusive range of possible years and the form it was read from."""

    low: int
    high: int
    kind: YearKind
    approximate: bool = False

    @property
    def midpoint(self) -> float:
        """Centre of the range, for distances between records."""
        return (self.low + self.high) / 2

    def overlaps(self, other: YearRange, *, slack: int = 0) -> bool:
        """True if the ranges share a year, or come within ``slack`` years of each other."""
        return self.low - slack <= other.high and other.low - slack <= self.high

    def to_dict(self) -> dict[str, object]:
        """Plain fields, for JSON and data frames."""
        return {"low": self.low, "high": self.high, "kind": self.kind, "approximate": self.approximate}


def birth_years_from_age(
    age: int,
    at_year: int,
    *,
    approximate: bool = False,
    korean_age: bool = False,
    margin: int = 2,
) -> YearRange:
    """Birth years consistent with an age at a given year (45 in 2023 -> 1977-1978).

    ``korean_age=True`` allows the age to be in Korean counting (one more), ``approximate=True`` widens
    by ``margin`` years on each side.
    """
    low, high = at_year - age - 1, at_year - age + (1 if korean_age else 0)
    if approximate:
        low, high = low - margin, high + margin
    return YearRange(low, high, "age", approximate)


def _full_year(text: str, options: YearOptions) -> int:
    digits = text.lstrip("'")
    if len(digits) == 4:
        return int(digits)
    two = int(digits)
    return (2000 if two < options.two_digit_pivot else 1900) + two


def _widen(found: YearRange, approximate: bool, margin: int) -> YearRange:
    if not approximate or found.approximate:
        return found
    return YearRange(found.low - margin, found.high + margin, found.kind, True)


def _from_age_match(match: re.Match[str], approximate: bool, options: YearOptions, at_year: int) -> YearRange:
    unit = match.group("unit") or ""
    korean = unit in ("세", "살") and not match.groupdict().get("man")
    return birth_years_from_age(
        int(match.group("age")),
        at_year,
        approximate=approximate,
        korean_age=korean,
        margin=options.approximate_margin,
    )


def _within(text: str | None, largest: int) -> bool:
    return text is None or int(text) <= largest


def _date_parts_plausible(match: re.Match[str]) -> bool:
    parts = match.groupdict()
    if parts.get("first") is not None:
        smaller, larger = sorted((int(parts["first"]), int(parts["second"])))
        return smaller <= 12 and larger <= 31
    return _within(parts.get("month"), 12) and _within(parts.get("day"), 31)


def _year_of_date(text: str) -> int | None:
    for form in _DATE_FORMS:
        if (match := form.fullmatch(text)) and _date_parts_plausible(match):
            return int(match.group("year"))
    return None


def _range_of(match: re.Match[str]) -> YearRange | None:
    low, high_text = int(match.group("low")), match.group("high")
    high = int(str(low)[: 4 - len(high_text)] + high_text)
    return YearRange(low, high, "range") if high >= low else None


def _without_labels(text: str) -> str:
    text = _LEADING_LABEL.sub("", text.strip(" .,"), count=1)
    return _TRAILING_LABEL.sub("", text).strip(" .,")


def _read(text: str, approximate: bool, options: YearOptions) -> YearRange | None:
    if match := _YEAR_THEN_AGE.search(text):
        return _from_age_match(match, approximate, options, int(match.group("year")))
    if (match := _AGE_THEN_YEAR.fullmatch(text)) and (match.group("unit") or "(" in text or " in " in text):
        return _from_age_match(match, approximate, options, int(match.group("year")))
    if (match := _AGE_ONLY.fullmatch(text)) and options.interview_year is not None:
        return _from_age_match(match, approximate, options, options.interview_year)
    if (match := _RANGE.fullmatch(text)) and (found := _range_of(match)):
        return found
    if (year := _year_of_date(text)) is not None:
        return _widen(YearRange(year, year, "year"), approximate, options.approximate_margin)
    if match := _DECADE.fullmatch(text):
        start = int(match.group("decade"))
        first, last = _DECADE_PARTS.get(match.group("part") or match.group("ko") or "", (0, 9))
        return YearRange(start + first, start + last, "decade")
    if match := _YEAR.fullmatch(text):
        year = _full_year(match.group("year") or match.group("short"), options)
        return _widen(YearRange(year, year, "year"), approximate, options.approximate_margin)
    return None


@lru_cache(maxsize=65536)
def parse_year_range(text: str, options: YearOptions = YearOptions()) -> YearRange | None:
    """Read a year cell; None for a blank or "unknown" cell.

    Raises :class:`YearNotUnderstood` for text in no accepted form or outside the plausible span.
    """
    cleaned = unicodedata.normalize("NFKC", text).strip().lower()
    if cleaned in _MISSING:
        return None
    approximate = bool(_APPROXIMATE.search(cleaned))
    core = _without_labels(_APPROXIMATE.sub(" ", cleaned))
    found = _read(core, approximate, options) or _read(_without_labels(cleaned), approximate, options)
    if found is None:
        raise YearNotUnderstood(
            "not a year, date, range or age we can read; write a year (1979), a date (1979-03-02), a range "
            "(1978-1980), a decade (1970s) or an age with the year it was given ('45 in 2023')"
        )
    found = _widen(found, approximate, options.approximate_margin)
    if not options.earliest <= found.low <= found.high <= options.latest:
        raise YearNotUnderstood(
            f"year outside {options.earliest}-{options.latest}; check the cell for a typo"
        )
    return found
