"""What the input lost before linkage started, said out loud: unreadable cells and unlikely duplicates.

A year the normaliser cannot read, or a place the gazetteer does not know, is dropped from linkage
for that record (never guessed). Dropped silently, a whole column can vanish (a spreadsheet that wrote
"1979.0" everywhere) and the linker looks worse for no visible reason; so every lost field gets one
warning line with its count and its first row. Messages name columns and rows, never values.

The linker assumes by default that an organisation recorded each woman once. Records of one
organisation that agree on every identifying field contradict that assumption far more often than
namesakes explain: namesakes agree on the year she left only by chance, a second record of the
same woman nearly always. :func:`within_source_duplicates` compares the two and says when to link
within organisations too.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from moksori.analysis.linkage.ages import YearRange
from moksori.analysis.linkage.normalise import NormalisedPerson

# Issue codes that mean a field was lost for linkage (``ambiguous`` places still resolve).
_LOST = ("unreadable", "not_in_gazetteer")
_FIRST_DATA_ROW = 2  # row 1 is the header
MIN_DUPLICATE_PAIRS = 3


def lost_field_warnings(people: Sequence[NormalisedPerson], file_label: str) -> tuple[str, ...]:
    """One line per issue that dropped a field: how many rows, the first row, and what to do."""
    counts: Counter[str] = Counter()
    first_row: dict[str, int] = {}
    for position, person in enumerate(people):
        for issue in person.issues:
            if issue.split(":", 1)[-1] in _LOST:
                counts[issue] += 1
                first_row.setdefault(issue, position + _FIRST_DATA_ROW)
    return tuple(
        _lost_line(issue, counts[issue], len(people), first_row[issue], file_label) for issue in counts
    )


def _lost_line(issue: str, count: int, total: int, first: int, file_label: str) -> str:
    column, problem = issue.split(":", 1)
    what = "could not be read" if problem == "unreadable" else "is not in the gazetteer"
    return (
        f"{file_label}, column {column}: {what} in {count} of {total} rows (first: row {first}); those "
        f"records are linked without it. See 'Years' and 'Places' in docs/methods/linkage.md for the "
        f"accepted forms"
    )


@dataclass(frozen=True, slots=True)
class DuplicateCheck:
    """Pairs of one organisation's records agreeing on every field, against what namesakes explain.

    ``near_pairs`` agree on name, birth year, home province and place in China; ``within_pairs`` agree
    on the year she left as well. Namesakes agree on that year by chance (``chance_agreement``, the
    share of records born the same year that also left the same year); a second record of the same
    woman agrees on it nearly always.
    """

    within_pairs: int
    near_pairs: int
    chance_agreement: float

    @property
    def expected_by_chance(self) -> float:
        """Pairs agreeing on every field if each organisation recorded each woman once."""
        return self.chance_agreement * self.near_pairs

    @property
    def suspicious(self) -> bool:
        """True when far more pairs agree than chance explains (four standard deviations and three)."""
        expected = self.expected_by_chance
        return self.within_pairs >= MIN_DUPLICATE_PAIRS + expected + 4 * math.sqrt(expected)

    def warning(self, file_label: str) -> str | None:
        """The advice to link within organisations, or None."""
        if not self.suspicious:
            return None
        return (
            f"{file_label}: {self.within_pairs} pairs of records of the same organisation agree on name, "
            f"birth year, year of leaving, home province and place in China, where namesakes explain "
            f"about {self.expected_by_chance:.0f}; if an organisation recorded some women more than "
            f"once, link again with --within-source"
        )

    def to_dict(self) -> dict[str, object]:
        """Plain fields, for JSON."""
        return {**asdict(self), "expected_by_chance": self.expected_by_chance, "suspicious": self.suspicious}


def _single_year(year: YearRange | None) -> int | None:
    return year.low if year is not None and year.low == year.high else None


def _near_key(person: NormalisedPerson) -> tuple[object, ...] | None:
    """Every identifying field but the year she left, or None when one is missing or vague."""
    fields = (
        person.surname_key,
        person.given_key,
        person.home_province_id,
        person.china_place_id,
        _single_year(person.birth_year),
    )
    return None if any(f is None for f in fields) else fields


def _pairs(count: int) -> int:
    return count * (count - 1) // 2


def _chance_agreement(born_left: Counter[tuple[int, int]]) -> float:
    """Share of pairs born the same year that also left the same year (records of all sources)."""
    born: Counter[int] = Counter()
    for (birth, _), count in born_left.items():
        born[birth] += count
    same_birth = sum(_pairs(n) for n in born.values())
    return sum(_pairs(n) for n in born_left.values()) / same_birth if same_birth else 0.0


def within_source_duplicates(people: Sequence[NormalisedPerson]) -> DuplicateCheck:
    """Count one organisation's pairs agreeing on every field, and how many namesakes would."""
    groups: dict[tuple[object, ...], Counter[int | None]] = defaultdict(Counter)
    born_left: Counter[tuple[int, int]] = Counter()
    for person in people:
        left, key = _single_year(person.left_year), _near_key(person)
        birth = _single_year(person.birth_year)
        if birth is not None and left is not None:
            born_left[(birth, left)] += 1
        if key is not None and left is not None:
            groups[(person.source, *key)][left] += 1
    near = sum(_pairs(sum(lefts.values())) for lefts in groups.values())
    within = sum(_pairs(n) for lefts in groups.values() for n in lefts.values())
    return DuplicateCheck(within, near, _chance_agreement(born_left))


def input_warnings(
    people: Sequence[NormalisedPerson], file_label: str, *, one_record_per_source: bool
) -> tuple[str, ...]:
    """Every warning about the input: lost fields, and likely duplicates within an organisation."""
    found = list(lost_field_warnings(people, file_label))
    if one_record_per_source:
        duplicate = within_source_duplicates(people).warning(file_label)
        if duplicate is not None:
            found.append(duplicate)
    return tuple(found)
