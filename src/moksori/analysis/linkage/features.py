"""Comparison columns computed from normalised records: the only fields the linkage engine sees.

Only keys (romanization-invariant name keys, jamo spellings, gazetteer ids and year bounds) go into
the engine, never the names as written. Birth years are also cut into two staggered bands, so a
blocking rule on a band keeps every pair whose birth years lie less than half a band apart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from moksori.analysis.linkage.ages import YearRange
from moksori.analysis.linkage.normalise import NormalisedPerson

BAND_WIDTH = 6
FEATURE_COLUMNS = (
    "unique_id", "org", "sex", "surname_key", "surname_keys", "surname_ko", "given_key", "given_keys",
    "given_jamo", "birth_low", "birth_high", "birth_band_a", "birth_band_b", "left_low", "left_high",
    "home_province_id", "china_place_id", "china_province_id",
)  # fmt: skip

Column = list[object]


def _bounds(years: YearRange | None) -> tuple[int | None, int | None]:
    return (years.low, years.high) if years else (None, None)


def birth_bands(years: YearRange | None, width: int = BAND_WIDTH) -> tuple[int | None, int | None]:
    """Two band numbers for a birth-year range: bands of ``width`` years, the second shifted by half.

    Two midpoints less than ``width / 2`` apart always share at least one of the two bands.
    """
    if years is None:
        return None, None
    middle = years.midpoint
    return math.floor(middle / width), math.floor((middle + width / 2) / width)


def _row(index: int, person: NormalisedPerson) -> tuple[object, ...]:
    birth_low, birth_high = _bounds(person.birth_year)
    left_low, left_high = _bounds(person.left_year)
    band_a, band_b = birth_bands(person.birth_year)
    return (
        index, person.source, person.sex,
        person.surname_key, list(person.surname_keys) or None, person.surname_ko,
        person.given_key, list(person.given_keys) or None, person.given_jamo,
        birth_low, birth_high, band_a, band_b, left_low, left_high,
        person.home_province_id, person.china_place_id, person.china_province_id,
    )  # fmt: skip


def feature_columns(people: Sequence[NormalisedPerson]) -> dict[str, Column]:
    """Column-wise comparison fields, ``unique_id`` being each record's position in ``people``."""
    columns: dict[str, Column] = {name: [] for name in FEATURE_COLUMNS}
    lists = list(columns.values())
    for index, person in enumerate(people):
        for column, value in zip(lists, _row(index, person), strict=True):
            column.append(value)
    return columns
