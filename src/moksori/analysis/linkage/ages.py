"""Years as recorded in testimonies -> year ranges ("1979", "1978-80", "about 45 years old in 2023").

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

_MISSING = frozenset({"", "?", "unknown", "n/a", "na", "-", "-99", "모름", "미상", "불명", "不详"})
_APPROXIMATE = re.compile(
    r"about|around|approx\.?(?:imately)?|circa|\bca?\.|~|약|쯤|경|가량|정도|\?|左右|大约"
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


def _read(text: str, approximate: bool, options: YearOptions) -> YearRange | None:
    if match := _YEAR_THEN_AGE.search(text):
        return _from_age_match(match, approximate, options, int(match.group("year")))
    if (match := _AGE_THEN_YEAR.fullmatch(text)) and (match.group("unit") or "(" in text or " in " in text):
        return _from_age_match(match, approximate, options, int(match.group("year")))
    if (match := _AGE_ONLY.fullmatch(text)) and options.interview_year is not None:
        return _from_age_match(match, approximate, options, options.interview_year)
    if match := _RANGE.fullmatch(text):
        low, high_text = int(match.group("low")), match.group("high")
        high = int(str(low)[: 4 - len(high_text)] + high_text)
        return YearRange(low, high, "range") if high >= low else None
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
    core = _APPROXIMATE.sub(" ", cleaned).strip(" .,")
    found = _read(core, approximate, options) or _read(cleaned, approximate, options)
    if found is None:
        raise YearNotUnderstood(
            "not a year, range or age we can read; write a year (1979), a range (1978-1980), a decade "
            "(1970s) or an age with the year it was given ('45 in 2023')"
        )
    found = _widen(found, approximate, options.approximate_margin)
    if not options.earliest <= found.low <= found.high <= options.latest:
        raise YearNotUnderstood(
            f"year outside {options.earliest}-{options.latest}; check the cell for a typo"
        )
    return found
