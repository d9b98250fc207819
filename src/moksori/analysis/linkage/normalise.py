"""One row of the linkage CSV -> a :class:`NormalisedPerson` with keys a linker can compare.

Input columns (see docs/methods/linkage.md): ``source,record_id,name_ko,name_latin,sex,birth_year,
home_province,left_year,china_place``; only ``source`` and ``record_id`` are required. A cell that cannot
be read becomes an issue code on the record (``birth_year:unreadable``), never a guess; structural
problems (a missing column, a blank or duplicate ``record_id``) raise :class:`LinkageInputError`.
Names stay out of ``repr`` and of every message.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from moksori.analysis.linkage.ages import YearNotUnderstood, YearOptions, YearRange, parse_year_range
from moksori.analysis.linkage.hangul import contains_hangul, south_spelling, to_jamo
from moksori.analysis.linkage.names import (
    NameOrder,
    ParsedName,
    SurnameTable,
    given_name_key,
    parse_name_cell,
)
from moksori.analysis.linkage.places import Gazetteer, PlaceMatch

LINKAGE_COLUMNS = (
    "source", "record_id", "name_ko", "name_latin", "sex",
    "birth_year", "home_province", "left_year", "china_place",
)  # fmt: skip
REQUIRED_COLUMNS = ("source", "record_id")
Sex = Literal["F", "M"]

_SEX_WORDS: dict[str, Sex] = {
    "f": "F", "female": "F", "woman": "F", "w": "F", "여": "F", "여성": "F", "여자": "F", "女": "F",
    "m": "M", "male": "M", "man": "M", "남": "M", "남성": "M", "남자": "M", "男": "M",
}  # fmt: skip


class LinkageInputError(ValueError):
    """A problem with the input file or a row's identity fields; says file, row, column and fix."""

    def __init__(self, *, file: str, row: int | None, column: str, problem: str, fix: str) -> None:
        where = f"{file}, row {row}" if row is not None else file
        super().__init__(f"{where}, column {column}: {problem}. {fix}")
        self.file, self.row, self.column = file, row, column


@dataclass(frozen=True, slots=True)
class NormalisationOptions:
    """Settings for one normalisation run."""

    years: YearOptions = field(default_factory=YearOptions)
    file_label: str = "input"


@dataclass(frozen=True, slots=True)
class NormalisedPerson:
    """One input record, normalised; name fields are hidden from ``repr`` to keep logs clean."""

    source: str
    record_id: str
    name_order: NameOrder
    sex: Sex | None
    birth_year: YearRange | None
    left_year: YearRange | None
    home_province_id: str | None
    china_place_id: str | None
    china_province_id: str | None
    issues: tuple[str, ...]
    surname_ko: str | None = field(repr=False)
    given_ko: str | None = field(repr=False)
    given_jamo: str | None = field(repr=False)
    surname_key: str | None = field(repr=False)
    given_key: str | None = field(repr=False)
    surname_keys: tuple[str, ...] = field(repr=False)
    given_keys: tuple[str, ...] = field(repr=False)

    def to_dict(self) -> dict[str, object]:
        """Flat fields for a data frame (names included: keep the result in memory or encrypted)."""
        years = {
            "birth_year_low": self.birth_year.low if self.birth_year else None,
            "birth_year_high": self.birth_year.high if self.birth_year else None,
            "left_year_low": self.left_year.low if self.left_year else None,
            "left_year_high": self.left_year.high if self.left_year else None,
        }
        return {
            "source": self.source,
            "record_id": self.record_id,
            "surname_ko": self.surname_ko,
            "given_ko": self.given_ko,
            "given_jamo": self.given_jamo,
            "surname_key": self.surname_key,
            "given_key": self.given_key,
            "surname_keys": list(self.surname_keys),
            "given_keys": list(self.given_keys),
            "name_order": self.name_order,
            "sex": self.sex,
            **years,
            "home_province_id": self.home_province_id,
            "china_place_id": self.china_place_id,
            "china_province_id": self.china_province_id,
            "issues": list(self.issues),
        }

    def summary(self) -> str:
        """One line without any name: which fields were usable and which issues were found."""
        present = [
            label
            for label, value in (
                ("name", self.surname_key or self.given_key),
                ("birth_year", self.birth_year),
                ("home_province", self.home_province_id),
                ("china_place", self.china_place_id),
            )
            if value
        ]
        issues = ", ".join(self.issues) or "none"
        return f"{self.source}/{self.record_id}: usable {', '.join(present) or 'nothing'}; issues {issues}"


@dataclass(frozen=True, slots=True)
class _NameKeys:
    order: NameOrder
    surname_ko: str | None
    given_ko: str | None
    surname_keys: tuple[str, ...]
    given_keys: tuple[str, ...]


def _clean(cell: str | None) -> str:
    return unicodedata.normalize("NFC", cell or "").strip()


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def check_columns(columns: Sequence[str], *, file_label: str = "input") -> None:
    """Raise :class:`LinkageInputError` if a required column is missing from the header."""
    present = {c.strip().lower() for c in columns}
    for column in REQUIRED_COLUMNS:
        if column not in present:
            raise LinkageInputError(
                file=file_label,
                row=1,
                column=column,
                problem="required column missing from the header",
                fix=f"add a '{column}' column; the accepted columns are {','.join(LINKAGE_COLUMNS)}",
            )


class Normaliser:
    """Normalise linkage rows with shared tables and caches (names and places recur across rows)."""

    def __init__(
        self,
        options: NormalisationOptions | None = None,
        *,
        surnames: SurnameTable | None = None,
        gazetteer: Gazetteer | None = None,
    ) -> None:
        self.options = options or NormalisationOptions()
        self.surnames = surnames or SurnameTable.default()
        self.gazetteer = gazetteer or Gazetteer.default()
        self._name_cache: dict[tuple[str, str], _NameKeys] = {}
        self._place_cache: dict[tuple[str, str | None], PlaceMatch] = {}
        # Years recur as often as names ("1979", "45 in 2023"); text not understood is kept apart.
        self._year_cache: dict[str, YearRange | None] = {}
        self._unreadable_years: set[str] = set()

    def normalise(self, row: Mapping[str, str | None], *, row_number: int) -> NormalisedPerson:
        """Normalise one row; ``row_number`` (1 = header) is only used in error messages."""
        source, record_id = self._identity(row, row_number)
        issues: list[str] = []
        names = self._names(_clean(row.get("name_ko")), _clean(row.get("name_latin")))
        birth_year = self._year(row, "birth_year", issues)
        left_year = self._year(row, "left_year", issues)
        home = self._place(row, "home_province", "KP", issues)
        china = self._place(row, "china_place", None, issues)
        return NormalisedPerson(
            source=source,
            record_id=record_id,
            name_order=names.order,
            sex=self._sex(row, issues),
            birth_year=birth_year,
            left_year=left_year,
            home_province_id=self.gazetteer.province_of(home) if home else None,
            china_place_id=china,
            china_province_id=self.gazetteer.province_of(china) if china else None,
            issues=tuple(issues),
            surname_ko=names.surname_ko,
            given_ko=names.given_ko,
            given_jamo=to_jamo(names.given_ko) if names.given_ko else None,
            surname_key=names.surname_keys[0] if names.surname_keys else None,
            given_key=names.given_keys[0] if names.given_keys else None,
            surname_keys=names.surname_keys,
            given_keys=names.given_keys,
        )

    def normalise_all(self, rows: Iterable[Mapping[str, str | None]]) -> tuple[NormalisedPerson, ...]:
        """Normalise every row (data rows numbered from 2, after the header); duplicate ids are an error."""
        seen: dict[tuple[str, str], int] = {}
        people = []
        for row_number, row in enumerate(rows, start=2):
            person = self.normalise(row, row_number=row_number)
            first = seen.setdefault((person.source, person.record_id), row_number)
            if first != row_number:
                raise LinkageInputError(
                    file=self.options.file_label,
                    row=row_number,
                    column="record_id",
                    problem=f"the same source and record_id as row {first}",
                    fix="give every record of a source its own record_id, or remove the repeated row",
                )
            people.append(person)
        return tuple(people)

    def _identity(self, row: Mapping[str, str | None], row_number: int) -> tuple[str, str]:
        values = []
        for column in REQUIRED_COLUMNS:
            value = _clean(row.get(column))
            if not value:
                raise LinkageInputError(
                    file=self.options.file_label,
                    row=row_number,
                    column=column,
                    problem="empty, but every record needs one",
                    fix=f"fill in '{column}' (the organisation's short name and its own record number)",
                )
            values.append(value)
        return values[0], values[1]

    def _names(self, name_ko: str, name_latin: str) -> _NameKeys:
        cached = self._name_cache.get((name_ko, name_latin))
        if cached is None:
            cached = self._name_keys(name_ko, name_latin)
            self._name_cache[(name_ko, name_latin)] = cached
        return cached

    def _name_keys(self, name_ko: str, name_latin: str) -> _NameKeys:
        # Each cell may hold several names in several scripts; the text decides the script, not the
        # column. Keys keep the order written (name_ko first), so the first name's keys are the primary
        # ones and every other name's keys are alternatives for the "a shared key" levels.
        parses = (*parse_name_cell(name_ko, self.surnames), *parse_name_cell(name_latin, self.surnames))
        surname_keys = _unique(self.surnames.key(s) for p in parses for s, _ in p.splits() if s)
        given_keys = _unique(given_name_key(g) for p in parses for _, g in p.splits() if g)
        hangul = self._hangul_rendering(parses)
        latin = next((p for p in parses if p.script == "latin"), None)
        return _NameKeys(
            order=_order_of(latin, hangul),
            surname_ko=self._south_surname(hangul),
            given_ko=south_spelling(hangul.given) if hangul and hangul.given else None,
            surname_keys=surname_keys,
            given_keys=given_keys,
        )

    def _hangul_rendering(self, parses: Sequence[ParsedName]) -> ParsedName | None:
        """The first Hangul name agreeing with the first keyed name (so not the Hangul of an alias)."""
        hangul = [p for p in parses if p.script == "hangul"]
        if not hangul or hangul[0] is parses[0]:  # the common cases need no keys compared
            return hangul[0] if hangul else None
        empty: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
        primary = next((keys for keys in map(self._keys_of, parses) if keys != empty), empty)
        return next((p for p in hangul if self._keys_agree(self._keys_of(p), primary)), None)

    def _keys_of(self, parsed: ParsedName) -> tuple[frozenset[str], frozenset[str]]:
        """Surname and given-name keys of every split of one parsed name."""
        splits = parsed.splits()
        surnames = frozenset(self.surnames.key(s) for s, _ in splits if s)
        return surnames - {""}, frozenset(given_name_key(g) for _, g in splits if g) - {""}

    @staticmethod
    def _keys_agree(
        keys: tuple[frozenset[str], frozenset[str]], primary: tuple[frozenset[str], frozenset[str]]
    ) -> bool:
        """Surname and given name each share a key with the primary name's, or one side has none."""
        pairs = zip(keys, primary, strict=True)
        return all(not mine or not theirs or bool(mine & theirs) for mine, theirs in pairs)

    def _south_surname(self, parsed: ParsedName | None) -> str | None:
        if parsed is None or not parsed.surname:
            return None
        rows = self.surnames.for_hangul(parsed.surname)
        return rows[0].hangul if rows else south_spelling(parsed.surname)

    def _year(self, row: Mapping[str, str | None], column: str, issues: list[str]) -> YearRange | None:
        text = _clean(row.get(column))
        if text in self._year_cache:
            return self._year_cache[text]
        if text not in self._unreadable_years:
            try:
                self._year_cache[text] = parse_year_range(text, self.options.years)
                return self._year_cache[text]
            except YearNotUnderstood:
                self._unreadable_years.add(text)
        issues.append(f"{column}:unreadable")
        return None

    def _place(
        self, row: Mapping[str, str | None], column: str, country: str | None, issues: list[str]
    ) -> str | None:
        text = _clean(row.get(column))
        if not text:
            return None
        key = (text, country)
        match = self._place_cache.get(key)
        if match is None:
            match = self.gazetteer.resolve(text, country=country)
            self._place_cache[key] = match
        if match.place_id is None:
            issues.append(f"{column}:not_in_gazetteer")
        elif match.ambiguous:
            issues.append(f"{column}:ambiguous")
        return match.place_id

    def _sex(self, row: Mapping[str, str | None], issues: list[str]) -> Sex | None:
        text = _clean(row.get("sex")).lower()
        if not text:
            return None
        sex = _SEX_WORDS.get(text)
        if sex is None:
            issues.append("sex:unreadable")
        return sex


def _order_of(latin: ParsedName | None, hangul: ParsedName | None) -> NameOrder:
    if latin is not None and latin.order != "unknown":
        return latin.order
    return "surname_first" if hangul is not None and contains_hangul(hangul.surname) else "unknown"


def normalise_rows(
    rows: Iterable[Mapping[str, str | None]], options: NormalisationOptions | None = None
) -> tuple[NormalisedPerson, ...]:
    """Normalise rows with the packaged surname table and gazetteer; see :class:`Normaliser`."""
    return Normaliser(options).normalise_all(rows)
