"""Korean personal names: the surname table, name parsing in Hangul, Hanzi and Latin, and keys.

Surnames are keyed through ``korean_names.csv`` (every listed spelling of a row gets the key of the
row's Hangul), given names through the rules of :mod:`moksori.analysis.linkage.phonetic`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Literal

from moksori.analysis.linkage.hangul import contains_hangul, normalise_hangul
from moksori.analysis.linkage.phonetic import ascii_letters, hangul_key, latin_key
from moksori.analysis.linkage.reference import split_multi, surname_rows
from moksori.analysis.linkage.romanize import System, romanize

NameOrder = Literal["surname_first", "given_first", "unknown"]
Script = Literal["hangul", "hanzi", "latin"]

_FREQUENCY_RANK = {"top10": 1, "top20": 2, "top40": 3, "top60": 4, "top100": 5, "compound": 6}
_UNLISTED_RANK = 9
# A three-syllable Hangul name starting with these is read as compound surname + one syllable;
# 선우 is left out because 선 + 우X is as likely (선우 is also a common given name).
_COMPOUND_EVEN_IF_SHORT = frozenset({"황보", "남궁", "제갈", "독고"})
_SEPARATORS = re.compile(r"[\s,·・]+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True, slots=True)
class Surname:
    """One row of ``korean_names.csv``: a surname written one way in Hangul with one Hanja."""

    id: str
    hangul: str
    hangul_north: str
    hanja: str
    hanzi_simplified: str
    rr: str
    mr: str
    dprk: str
    pinyin: str
    variants: tuple[str, ...]
    frequency_rank: int
    key: str


def _surname_from_row(row: dict[str, str]) -> Surname:
    return Surname(
        id=row["id"],
        hangul=row["hangul"],
        hangul_north=row["hangul_north"],
        hanja=row["hanja"],
        hanzi_simplified=row["hanzi_simplified"],
        rr=row["rr"],
        mr=row["mr"],
        dprk=row["dprk_romanization"],
        pinyin=row["pinyin"],
        variants=split_multi(row["variants"]),
        frequency_rank=_FREQUENCY_RANK.get(row["frequency_band"], _UNLISTED_RANK),
        key=hangul_key(row["hangul"]),
    )


class SurnameTable:
    """Look-ups from any written form of a surname to its rows and its phonetic key."""

    def __init__(self, surnames: tuple[Surname, ...]) -> None:
        self.surnames = surnames
        by_hangul: dict[str, list[Surname]] = defaultdict(list)
        by_latin: dict[str, list[Surname]] = defaultdict(list)
        by_hanzi: dict[str, list[Surname]] = defaultdict(list)
        for surname in surnames:
            for form in {surname.hangul, surname.hangul_north}:
                by_hangul[form].append(surname)
            for form in {*surname.variants, surname.rr, surname.mr, surname.dprk}:
                by_latin[ascii_letters(form)].append(surname)
            for form in {surname.hanja, surname.hanzi_simplified}:
                by_hanzi[form].append(surname)
        self._by_hangul = {k: tuple(v) for k, v in by_hangul.items()}
        self._by_latin = {k: tuple(v) for k, v in by_latin.items()}
        self._by_hanzi = {k: tuple(v) for k, v in by_hanzi.items()}
        self.compounds = frozenset(s.hangul for s in surnames if len(s.hangul) == 2)
        self.compound_hanzi = frozenset(
            f for s in surnames if len(s.hanja) == 2 for f in (s.hanja, s.hanzi_simplified)
        )

    @classmethod
    def default(cls) -> SurnameTable:
        """The table built from the packaged ``korean_names.csv`` (built once per process)."""
        return _default_table()

    def for_hangul(self, text: str) -> tuple[Surname, ...]:
        """Rows written ``text`` in South or North Korean Hangul (리 and 이 both find 李)."""
        return self._by_hangul.get(normalise_hangul(text), ())

    def for_latin(self, text: str) -> tuple[Surname, ...]:
        """Rows listing ``text`` among their spellings, ignoring case, diacritics and hyphens."""
        return self._by_latin.get(ascii_letters(text), ())

    def for_hanzi(self, text: str) -> tuple[Surname, ...]:
        """Rows whose Hanja or simplified Chinese form is ``text``."""
        return self._by_hanzi.get(text.strip(), ())

    def latin_rank(self, token: str) -> int:
        """Frequency rank of a Latin surname spelling (1 = among the ten commonest, 9 = not listed)."""
        return min((s.frequency_rank for s in self.for_latin(token)), default=_UNLISTED_RANK)

    def key(self, text: str) -> str:
        """Phonetic key of a surname in any script; listed spellings get the key of their row's Hangul."""
        rows = self.for_hangul(text) or self.for_hanzi(text) or self.for_latin(text)
        keys = {s.key for s in rows}
        if len(keys) == 1:
            return keys.pop()
        if contains_hangul(text):
            return hangul_key(text)
        return latin_key(text)


@cache
def _default_table() -> SurnameTable:
    return SurnameTable(tuple(_surname_from_row(row) for row in surname_rows()))


@dataclass(frozen=True, slots=True)
class ParsedName:
    """A name split into surname and given name, with the other plausible splits (names hidden from repr)."""

    script: Script
    order: NameOrder
    surname: str = field(repr=False)
    given: str = field(repr=False)
    alternatives: tuple[tuple[str, str], ...] = field(default=(), repr=False)

    def splits(self) -> tuple[tuple[str, str], ...]:
        """The chosen (surname, given) split followed by the alternatives."""
        return ((self.surname, self.given), *self.alternatives)


def _split_single_hangul_word(word: str, table: SurnameTable) -> tuple[str, str]:
    head = word[:2]
    if head in table.compounds and (len(word) >= 4 or (len(word) == 3 and head in _COMPOUND_EVEN_IF_SHORT)):
        return head, word[2:]
    return word[:1], word[1:]


def parse_hangul_name(text: str, table: SurnameTable | None = None) -> ParsedName:
    """Split a Hangul name: 리영희 -> 리 + 영희, 황보영희 -> 황보 + 영희, "영희 리" -> 리 + 영희."""
    table = table or SurnameTable.default()
    tokens = [normalise_hangul(t) for t in _SEPARATORS.split(text) if t.strip()]
    if not tokens:
        return ParsedName("hangul", "unknown", "", "")
    if len(tokens) == 1:
        surname, given = _split_single_hangul_word(tokens[0], table)
        return ParsedName("hangul", "surname_first", surname, given)
    if not table.for_hangul(tokens[0]) and table.for_hangul(tokens[-1]):
        return ParsedName("hangul", "given_first", tokens[-1], "".join(tokens[:-1]))
    return ParsedName("hangul", "surname_first", tokens[0], "".join(tokens[1:]))


def parse_hanzi_name(text: str, table: SurnameTable | None = None) -> ParsedName:
    """Split a name in Chinese characters (金顺姬 -> 金 + 顺姬; 皇甫 is kept whole)."""
    table = table or SurnameTable.default()
    word = "".join(text.split())
    cut = 2 if word[:2] in table.compound_hanzi and len(word) >= 3 else 1
    return ParsedName("hanzi", "surname_first", word[:cut], word[cut:])


def _surname_position(tokens: list[str], table: SurnameTable) -> tuple[int, bool]:
    """Index of the surname token (0 or last) and whether the choice was ambiguous."""
    last = len(tokens) - 1
    first_listed, last_listed = bool(table.for_latin(tokens[0])), bool(table.for_latin(tokens[last]))
    shouted = [i for i in (0, last) if tokens[i].isupper() and len(tokens[i]) > 1]
    if len(shouted) == 1 and not all(t.isupper() for t in tokens) and table.for_latin(tokens[shouted[0]]):
        return shouted[0], False
    if first_listed != last_listed:
        return (0 if first_listed else last), False
    if first_listed and table.latin_rank(tokens[last]) < table.latin_rank(tokens[0]):
        return last, True
    return 0, True


def parse_latin_name(text: str, table: SurnameTable | None = None) -> ParsedName:
    """Split a romanized name, detecting surname-first or given-first order.

    Clues, strongest first: a comma (``Lee, Young-hee``), a surname in capitals (``Young-hee LEE``),
    a token listed in the surname table at only one end, then frequency of the listed surnames;
    Korean order (surname first) breaks ties. Unclear splits carry the other order as an alternative.
    """
    table = table or SurnameTable.default()
    if "," in text:
        head, _, tail = text.partition(",")
        return ParsedName("latin", "surname_first", head.strip(), " ".join(tail.split()))
    tokens = text.split()
    if not tokens:
        return ParsedName("latin", "unknown", "", "")
    if len(tokens) == 1:
        listed = bool(table.for_latin(tokens[0]))
        return ParsedName("latin", "unknown", tokens[0] if listed else "", "" if listed else tokens[0])
    position, ambiguous = _surname_position(tokens, table)
    first_split = (tokens[0], " ".join(tokens[1:]))
    last_split = (tokens[-1], " ".join(tokens[:-1]))
    chosen, other = (first_split, last_split) if position == 0 else (last_split, first_split)
    order: NameOrder = "surname_first" if position == 0 else "given_first"
    return ParsedName("latin", order, chosen[0], chosen[1], (other,) if ambiguous else ())


def parse_name(text: str, table: SurnameTable | None = None) -> ParsedName:
    """Parse a name in whichever script it is written (Hangul, Chinese characters or Latin)."""
    if contains_hangul(text):
        return parse_hangul_name(text, table)
    if _CJK.search(text):
        return parse_hanzi_name(text, table)
    return parse_latin_name(text, table)


@lru_cache(maxsize=262144)
def given_name_key(given: str) -> str:
    """Phonetic key of a given name in Hangul or Latin letters; "" for Chinese characters or blanks."""
    if contains_hangul(given):
        return hangul_key(given)
    if _CJK.search(given):
        return ""
    return latin_key(given)


def romanize_full_name(surname: str, given: str, system: System, table: SurnameTable | None = None) -> str:
    """Romanize a Hangul name, the surname by its conventional form (이 -> Yi in MR, Ri in DPRK)."""
    table = table or SurnameTable.default()
    rows = table.for_hangul(surname)
    if rows:
        row = rows[0]
        conventional = {"rr": row.rr, "mr": row.mr, "dprk": row.dprk}
        surname_latin = conventional.get(system) or ascii_letters(row.mr).capitalize()
    else:
        surname_latin = romanize(surname, system)
    return f"{surname_latin} {romanize(given, system)}" if given else surname_latin
