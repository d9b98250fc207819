"""Places through the gazetteer: Hangul, Chinese characters, pinyin and English to one place id.

연길 = 延吉 = Yanji = 옌지 -> ``cn_jl_yanji``; 함북 = N. Hamgyong = Hamgyŏng-pukto = 함경북도 -> ``kp_09``.
Every name in ``places.csv`` is indexed with and without its administrative suffix (시, 市, Shi, City,
-do, Province ...), in the South and North Korean spelling, and Latin names also by phonetic key with
the province direction (north/south, -pukto/-namdo, N./S.) parsed out.

A cell that names a place with its province or country ("Yanji, Jilin", "함경북도 회령시", "吉林省延吉市")
is split into parts that each resolve; the most specific place that lies inside all the other parts wins,
and parts that contradict each other (a city outside the named province) resolve to nothing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

from moksori.analysis.linkage.hangul import contains_hangul, normalise_hangul, south_spelling
from moksori.analysis.linkage.phonetic import ascii_letters, latin_key
from moksori.analysis.linkage.reference import place_rows, split_multi

MatchMethod = Literal["exact", "phonetic", "compound", "none"]

_LEVEL_RANK = {
    "country": 0,
    "province": 1, "capital city": 1, "special city": 1, "metropolitan city": 1, "municipality": 1,
    "autonomous region": 1, "special administrative area": 1, "capital prefecture": 1,
    "autonomous municipality": 1,
    "prefecture-level city": 2, "autonomous prefecture": 2, "league": 2,
}  # fmt: skip
_LOCAL_RANK = 3
_HANGUL_SUFFIXES = (
    "조선족자치주", "조선족자치현", "만족자치현", "태족자치주", "장족자치구", "자치구", "자치주", "자치현",
    "특별시", "시", "성", "현", "도", "맹", "주",
)  # fmt: skip
_HANZI_SUFFIXES = (
    "朝鲜族自治州", "朝鲜族自治县", "满族自治县", "傣族自治州", "壮族自治区", "自治区", "自治州", "自治县",
    "市", "省", "县", "道", "盟",
)  # fmt: skip
_LATIN_ADMIN_TEXT = (
    "province county city shi sheng xian korean autonomous prefecture region league meng zizhizhou "
    "zizhixian zizhiqu chaoxianzu manzu daizu zhuangzu manchu dai zhuang capital special administrative "
    "area municipality do gun kun si shi"
)
_LATIN_ADMIN_WORDS = frozenset(_LATIN_ADMIN_TEXT.split())
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_PARENTHESES = re.compile(r"\([^)]*\)")
_LEADING_DIRECTION = re.compile(r"^(north|south|n|s)\s+(.+)$")
_TRAILING_DIRECTION = re.compile(r"^(.+?)[\s-]*(buk|puk|nam)[\s-]*(do|to)$")
_TRAILING_DO = re.compile(r"^(.{4,}?)[\s-]*(?:do|to)$")
# Dropped on a miss: places.csv has 회령 where files write 회령시, and no 군 or 郡 (county) at all.
_LOOKUP_HANGUL_SUFFIXES = (*_HANGUL_SUFFIXES, "군")
_LOOKUP_HANZI_SUFFIXES = (*_HANZI_SUFFIXES, "郡")
# North Korean romanization joins county and city to the name: Musan-gun, Hoeryong-si.
_HYPHENATED_SUFFIX = re.compile(r"^(.{3,}?)-(?:gun|kun|si|shi)$")
# How files name the two countries that matter most, where places.csv has only the full names.
_COUNTRY_ALIASES = {
    "kp": ("DPRK", "D.P.R.K.", "DPR Korea", "Korea DPR", "N. Korea", "Democratic People's Republic of Korea"),
    "cn": ("PRC", "P.R.C.", "P.R. China", "PR China", "China PR", "People's Republic of China", "中國"),
}
_PART_SEPARATORS = re.compile(r"[,;/|，；、／]+")
_MAX_PARTS = 4  # city, prefecture, province, country
_MAX_UNITS = 32  # longer cells are notes, not place names; splitting them would only find noise


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer row (the fields linkage needs)."""

    id: str
    country: str
    level: str
    parent_id: str
    name_en: str

    @property
    def level_rank(self) -> int:
        """0 for a country, 1 for a province-level unit, 2 for a prefecture, 3 below."""
        return _LEVEL_RANK.get(self.level, _LOCAL_RANK)


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """The place a text resolved to; ``candidates`` lists every id it could mean, broadest first."""

    place_id: str | None
    candidates: tuple[str, ...]
    method: MatchMethod

    @property
    def ambiguous(self) -> bool:
        """True if the text names more than one gazetteer place (길림: the province and the city)."""
        return len(self.candidates) > 1


def _strip_suffix(text: str, suffixes: tuple[str, ...]) -> str:
    for suffix in suffixes:
        if text.endswith(suffix) and len(text) - len(suffix) >= 2:
            return text[: -len(suffix)]
    return text


def _hangul_aliases(name: str) -> set[str]:
    word = normalise_hangul(_PARENTHESES.sub("", name))
    stem = _strip_suffix(word, _HANGUL_SUFFIXES)
    aliases = {word, stem, south_spelling(word), south_spelling(stem)}
    if len(word) == 4 and word[2:] in ("남도", "북도"):
        aliases |= {word[0] + word[2], south_spelling(word[0] + word[2])}  # 함경북도 -> 함북
    return aliases


def _hanzi_aliases(name: str) -> set[str]:
    word = "".join(name.split())
    return {word, _strip_suffix(word, _HANZI_SUFFIXES)}


def _latin_form(name: str) -> str:
    """Lower-case ASCII words and hyphens: diacritics, apostrophes, dots and parentheses removed."""
    without_notes = _PARENTHESES.sub("", name).replace(".", " ")
    return " ".join("-".join(ascii_letters(p) for p in word.split("-")) for word in without_notes.split())


def _latin_words(name: str) -> str:
    """The Latin form without trailing administrative words ("Yanji Shi", "Musan-gun" -> yanji, musan)."""
    words = _latin_form(name).split()
    if words and (hyphenated := _HYPHENATED_SUFFIX.match(words[-1])):
        words[-1] = hyphenated.group(1)
    while len(words) > 1 and words[-1] in _LATIN_ADMIN_WORDS:
        words.pop()
    return " ".join(words)


def latin_place_key(name: str) -> str:
    """Phonetic key of a Latin place name, province direction parsed out (N. Hamgyong -> ``hamkyong/n``)."""
    words = _latin_words(name)
    direction = ""
    if leading := _LEADING_DIRECTION.match(words):
        direction, words = leading.group(1)[0], leading.group(2)
    elif trailing := _TRAILING_DIRECTION.match(words):
        direction, words = ("s" if trailing.group(2) == "nam" else "n"), trailing.group(1)
    elif plain := _TRAILING_DO.match(words):
        words = plain.group(1)
    key = latin_key(words)
    return f"{key}/{direction}" if direction else key


class Gazetteer:
    """Resolve place names in any script to gazetteer ids."""

    def __init__(self, rows: tuple[dict[str, str], ...]) -> None:
        self.places = {
            r["id"]: Place(r["id"], r["country_iso2"], r["level"], r["parent_id"], r["name_en"]) for r in rows
        }
        exact: dict[str, set[str]] = defaultdict(set)
        phonetic: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            for name in _names_of(row):
                self._index_name(row["id"], name, exact, phonetic)
        self._exact = {k: self._ordered(v) for k, v in exact.items() if k}
        self._phonetic = {k: self._ordered(v) for k, v in phonetic.items() if k}

    @classmethod
    def default(cls) -> Gazetteer:
        """The gazetteer built from the packaged ``places.csv`` (built once per process)."""
        return _default_gazetteer()

    def _index_name(
        self, place_id: str, name: str, exact: dict[str, set[str]], phonetic: dict[str, set[str]]
    ) -> None:
        if contains_hangul(name):
            for alias in _hangul_aliases(name):
                exact[alias].add(place_id)
        elif _CJK.search(name):
            for alias in _hanzi_aliases(name):
                exact[alias].add(place_id)
        else:
            exact[ascii_letters(name)].add(place_id)
            exact[ascii_letters(_latin_words(name))].add(place_id)
            phonetic[latin_place_key(name)].add(place_id)

    def _ordered(self, ids: set[str]) -> tuple[str, ...]:
        return tuple(sorted(ids, key=lambda i: (self.places[i].level_rank, i)))

    def resolve(self, text: str, *, country: str | None = None) -> PlaceMatch:
        """Resolve a place name; ``country`` (ISO alpha-2, e.g. "KP") keeps only places in that country."""
        candidates, method = self._lookup(text)
        if country:
            candidates = tuple(c for c in candidates if self.places[c].country == country)
        if not candidates:
            return PlaceMatch(None, (), "none")
        return PlaceMatch(candidates[0], candidates, method)

    def _lookup(self, text: str) -> tuple[tuple[str, ...], MatchMethod]:
        text = text.strip()
        if not text:
            return (), "none"
        found, method = self._lookup_name(text)
        if found:
            return found, method
        # Only on a miss: one place name is the common case, and splitting costs a lookup per span.
        compound = self._lookup_compound(text)
        return (compound, "compound") if compound else ((), method)

    def _lookup_name(self, text: str) -> tuple[tuple[str, ...], MatchMethod]:
        """Candidates for ``text`` read as the name of one place."""
        if contains_hangul(text):
            return self._lookup_hangul(normalise_hangul(text)), "exact"
        if _CJK.search(text):
            word = "".join(text.split())
            stem = _strip_suffix(word, _LOOKUP_HANZI_SUFFIXES)
            return self._exact.get(word) or self._exact.get(stem, ()), "exact"
        found = self._exact.get(ascii_letters(text))
        if found:
            return found, "exact"
        return self._phonetic.get(latin_place_key(text), ()), "phonetic"

    def _lookup_hangul(self, word: str) -> tuple[str, ...]:
        stem = _strip_suffix(word, _LOOKUP_HANGUL_SUFFIXES)
        for form in (word, south_spelling(word), stem, south_spelling(stem)):
            if found := self._exact.get(form):
                return found
        return ()

    def _lookup_compound(self, text: str) -> tuple[str, ...]:
        """The place a cell of several names means, or () if it cannot be split or its parts disagree."""
        words = _word_units(text)
        characters = _character_units(words)
        for units in (words,) if characters == words else (words, characters):
            if len(units.words) > _MAX_UNITS:
                return ()
            found = set()
            for parts in self._segmentations(units):
                found.update(self._innermost(parts))
            if found:
                return self._ordered(found)
        return ()

    def _segmentations(self, units: _Units) -> Iterator[tuple[tuple[str, ...], ...]]:
        """Every split of ``units`` into the fewest parts (at most four) that each name a place."""
        n = len(units.words)
        spans: dict[int, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
        for start in range(n):
            for end in range(start + 1, n + 1):
                if units.can_span(start, end) and (found := self._lookup_name(units.text(start, end))[0]):
                    spans[start].append((end, found))
        fewest = {n: 0}
        for start in reversed(range(n)):
            options = [fewest[end] + 1 for end, _ in spans[start] if end in fewest]
            if options:
                fewest[start] = min(options)
        if fewest.get(0, _MAX_PARTS + 1) <= _MAX_PARTS:
            yield from _shortest_paths(0, spans, fewest)

    def _innermost(self, parts: Sequence[tuple[str, ...]]) -> set[str]:
        """The deepest candidates lying inside (or being) a candidate of every part; empty on contradiction.

        Country parts ("China", "중국") only constrain: a cell is never resolved to a country this way.
        """
        named = {c for part in parts for c in part if self.places[c].level_rank > 0}
        inside_all = {c for c in named if all(set(self.lineage(c)) & set(part) for part in parts)}
        return {c for c in inside_all if not any(c in self.lineage(o)[1:] for o in inside_all)}

    def lineage(self, place_id: str) -> tuple[str, ...]:
        """``place_id`` and every place containing it, innermost first (Yanji, Yanbian, Jilin, China)."""
        chain = []
        place = self.places.get(place_id)
        while place is not None and place.id not in chain:  # a cycle in places.csv must not hang us
            chain.append(place.id)
            place = self.places.get(place.parent_id)
        return tuple(chain)

    def province_of(self, place_id: str) -> str | None:
        """The province-level unit (or country-level for a country) that contains ``place_id``."""
        place = self.places.get(place_id)
        while place is not None and place.level_rank > 1:
            place = self.places.get(place.parent_id)
        return place.id if place is not None else None


@dataclass(frozen=True, slots=True)
class _Units:
    """A cell cut into words (or characters); a part may not cross a comma, semicolon or slash."""

    words: tuple[str, ...]
    breaks: frozenset[int]

    def can_span(self, start: int, end: int) -> bool:
        return not any(start < b < end for b in self.breaks)

    def text(self, start: int, end: int) -> str:
        return " ".join(self.words[start:end])


def _word_units(text: str) -> _Units:
    words: list[str] = []
    breaks = set()
    for piece in _PART_SEPARATORS.split(text):
        breaks.add(len(words))
        words.extend(piece.split())
    return _Units(tuple(words), frozenset(breaks))


def _character_units(words: _Units) -> _Units:
    """Hangul and Chinese words cut into characters (길림성연길시, 吉林省延吉市 carry no spaces)."""
    characters: list[str] = []
    breaks = set()
    for index, word in enumerate(words.words):
        if index in words.breaks:
            breaks.add(len(characters))
        is_cjk = contains_hangul(word) or _CJK.search(word)
        characters.extend(word if is_cjk else [word])
    return _Units(tuple(characters), frozenset(breaks))


def _shortest_paths(
    start: int, spans: dict[int, list[tuple[int, tuple[str, ...]]]], fewest: dict[int, int]
) -> Iterator[tuple[tuple[str, ...], ...]]:
    if fewest[start] == 0:
        yield ()
        return
    for end, found in spans[start]:
        if fewest.get(end) == fewest[start] - 1:
            for rest in _shortest_paths(end, spans, fewest):
                yield (found, *rest)


def _names_of(row: dict[str, str]) -> list[str]:
    names = [
        row[c] for c in ("name_en", "name_local", "name_zh", "pinyin", "name_ko", "name_ko_sk", "rr", "mr")
    ]
    names += list(split_multi(row["name_ko_other"]))
    names += _COUNTRY_ALIASES.get(row["id"], ())
    if row["country_iso2"] == "KP":
        names.append(row["iso_name"])  # ISO writes the DPRK's own romanization (Hamkyeongpukto)
    return [n for n in names if n.strip()]


@cache
def _default_gazetteer() -> Gazetteer:
    return Gazetteer(place_rows())


@lru_cache(maxsize=65536)
def resolve_place(text: str, country: str | None = None) -> PlaceMatch:
    """Resolve ``text`` with the packaged gazetteer (cached: the same spellings recur in every file)."""
    return Gazetteer.default().resolve(text, country=country)
