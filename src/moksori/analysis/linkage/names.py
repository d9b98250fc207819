"""Korean personal names: the surname table, name parsing in Hangul, Hanzi and Latin, and keys.

Surnames are keyed through ``korean_names.csv`` (every listed spelling of a row gets the key of the
row's Hangul), given names through the rules of :mod:`moksori.analysis.linkage.phonetic`. A whole cell
as spreadsheets hold it (several names, mixed scripts, titles, initials) goes through
:func:`parse_name_cell`, which returns one parsed name per name written in it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Literal, cast

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


# Name cells as spreadsheets hold them. Brackets close a name too, so that the romanization or alias in
# "김영희 (Kim Young-hee)" is read on its own. Alias words stand alone, but not by \b: "a.k.a." ends in
# a dot, and "or" is not the word in "Orla" or "Yong-or"; "a/k/a" comes first so that "/" does not cut it.
_NAME_BREAKS = re.compile(
    r"(?<![\w'’-])(?:a/k/a|a\.?k\.?a\.?|alias|also known as|or)(?![\w'’-])"
    r"|[()\[\]{}<>（）［］【】〔〕「」『』《》〈〉/|;=／｜；＝]",
    re.IGNORECASE,
)
_HANGUL_ALIAS_WORDS = re.compile(r"(?<![가-힣])(?:또는|혹은|가명|본명|일명)(?![가-힣])")
_HANGUL_LETTERS = "가-힣ᄀ-ᇿ㄰-㆏"
_HANZI_LETTERS = "\u3400-\u9fff\uf900-\ufaff"
_SCRIPT_LETTERS = re.compile(
    rf"(?P<hangul>[{_HANGUL_LETTERS}]+)|(?P<hanzi>[{_HANZI_LETTERS}]+)"
    rf"|(?P<latin>[^\W\d_{_HANGUL_LETTERS}{_HANZI_LETTERS}]+)"
)
# Notes written beside a name are not names: words with digits (ages, years: "45세", "b. 1970") and,
# after the first name, the sex ("여", "female"; a lone F or M is an initial anyway), a death, an unknown,
# or where she is from ("김영희 (사망)", "(deceased)", "(North Korea)").
_WORDS_WITH_DIGITS = re.compile(r"\S*\d\S*")
_NOTE_WORDS = frozenset(
    {"여", "남", "여성", "남성", "여자", "남자", "女", "男", "female", "male", "woman"}
    | {"사망", "고인", "故", "deceased", "dead", "late", "미상", "모름", "불명", "unknown", "unk", "n/a"}
    | {"북한", "조선", "중국", "north korea", "china", "dprk", "nk", "prc"}
)
_COMMAS = frozenset(",，、")
_TOKENS = re.compile(r"[,，、]|[^\s,，、]+")
_EDGE_NON_LETTERS = re.compile(r"^[\W_]+|[\W_]+$")
_EDGE_NON_LETTERS_BUT_DOTS = re.compile(r"^[^\w.]+|[^\w.]+$")
_LATIN_TITLES = frozenset({"ms", "mrs", "miss", "mr", "mx", "madam", "madame", "mme", "mdm", "dr"})
# Letters with dots (Y.H., K., Y.-H.), hyphened letters (Y-H) or a lone consonant; a lone vowel is a
# syllable, not an initial (Kim Sun I = 김순이, O = 오).
_LATIN_INITIAL = re.compile(
    r"(?:[^\W\d_]\.-?)+[^\W\d_]?|[^\W\d_](?:-[^\W\d_])+|[b-df-hj-np-tv-z]", re.IGNORECASE
)
# 씨, 여사 and 선생 are not name syllables, so they go even when attached ("김영희씨"); 님 and 양 also end
# given names (별님, 지양) and go only when written apart or when a two-syllable given name remains.
_HONORIFIC_WORDS = frozenset({"씨", "님", "여사", "여사님", "선생", "선생님"})
_HONORIFIC_SUFFIXES = ("여사님", "선생님", "여사", "선생", "씨")
_NAME_LIKE_SUFFIXES = ("님", "양")
# One or two words of Hangul not ending like an honorific, or Latin words of two letters or more:
# nothing parse_name_cell would cut or drop (a test checks that both roads agree).
_PLAIN_HANGUL_NAME = re.compile(
    r"(?!(?:또는|혹은|가명|본명|일명)(?![가-힣]))[가-힣]{1,6}"
    r"(?: (?!(?:또는|혹은|가명|본명|일명)(?![가-힣]))[가-힣]{1,5})?(?<![씨님양사생])"
)
_PLAIN_LATIN_WORD = r"[A-Za-zŏŭŎŬ]{2,}(?:['’-][A-Za-zŏŭŎŬ]+)*"
_PLAIN_LATIN_NAME = re.compile(rf"{_PLAIN_LATIN_WORD}(?: {_PLAIN_LATIN_WORD})*")
_PLAIN_LATIN_STOPS = _LATIN_TITLES | {"or", "aka", "alias", "also"}


def parse_name_cell(text: str, table: SurnameTable | None = None) -> tuple[ParsedName, ...]:
    """Every name written in one cell, in the order written, each parsed in its own script.

    The cell is cut at brackets, at ``/ | ; =``, at alias words (a.k.a., aka, alias, or, 또는, 혹은, 가명,
    본명, 일명), where the script changes, and at commas between whole names (``Lee, Young-hee`` and
    ``김, 영희`` stay one name). Titles (Ms, Mrs, Dr, 씨, 여사, 님) and initials (Y.H., K.) are dropped.
    """
    table = table or SurnameTable.default()
    plain = _parse_plain_name(text, table)
    if plain is not None:
        return plain
    names = [
        (script, name)
        for piece in _split_cell(text, table)
        for script, run in _script_runs(piece)
        for name in _names_in_run(script, run, table)
    ]
    # A note can follow a name ("김영희 (여)") but is not one: a cell holding only "여" names Ms Yeo.
    names[1:] = [(script, name) for script, name in names[1:] if name.lower() not in _NOTE_WORDS]
    parsed = (_parse_in_script(script, name, table) for script, name in names)
    return tuple(p for p in parsed if p.surname or p.given)


def _parse_plain_name(text: str, table: SurnameTable) -> tuple[ParsedName, ...] | None:
    """Most cells hold one plain name, which cutting would leave as it is: parse it directly (speed)."""
    if _PLAIN_HANGUL_NAME.fullmatch(text):
        parsed = parse_hangul_name(text, table)
    elif _PLAIN_LATIN_NAME.fullmatch(text) and _PLAIN_LATIN_STOPS.isdisjoint(text.lower().split()):
        parsed = parse_latin_name(text, table)
    else:
        return None
    return (parsed,) if parsed.surname or parsed.given else ()


def _split_cell(text: str, table: SurnameTable) -> list[str]:
    pieces = (_WORDS_WITH_DIGITS.sub(" ", piece) for piece in _NAME_BREAKS.split(text))
    return [part for piece in pieces for part in _split_at_hangul_alias_words(piece, table)]


def _split_at_hangul_alias_words(piece: str, table: SurnameTable) -> list[str]:
    parts, start = [], 0
    for match in _HANGUL_ALIAS_WORDS.finditer(piece):
        if not _is_given_name_after_lone_surname(piece, match, table):
            parts.append(piece[start : match.start()])
            start = match.end()
    parts.append(piece[start:])
    return parts


def _is_given_name_after_lone_surname(piece: str, match: re.Match[str], table: SurnameTable) -> bool:
    """일명 and 가명 are given names too: in "김 일명" the word follows a lone surname and ends the cell."""
    after = _EDGE_NON_LETTERS.sub("", piece[match.end() :])
    return not after and bool(table.for_hangul(_EDGE_NON_LETTERS.sub("", piece[: match.start()])))


def _script_runs(piece: str) -> list[tuple[Script, str]]:
    """Cut where the script changes ("김영희 Kim Young-hee"); other characters stay with the run before."""
    runs: list[tuple[Script, str]] = []
    script: Script | None = None
    start = 0
    for match in _SCRIPT_LETTERS.finditer(piece):
        if match.lastgroup != script:
            if script is not None:
                runs.append((script, piece[start : match.start()]))
            script, start = cast(Script, match.lastgroup), match.start()
    if script is not None:
        runs.append((script, piece[start:]))
    return runs


def _names_in_run(script: Script, run: str, table: SurnameTable) -> list[str]:
    """The names in one run of a single script, titles and initials removed."""
    groups = _comma_groups(run, keep_dots=script == "latin")
    if script == "latin":
        groups = [[t for t in group if not _is_title_or_initial(t)] for group in groups]
        return _join_surname_comma([g for g in groups if g], lambda group: len(group) == 1)
    if script == "hangul":
        groups = [_without_honorifics(group, table) for group in groups]
        return _join_surname_comma(
            [g for g in groups if g], lambda group: len(group) == 1 and bool(table.for_hangul(group[0]))
        )
    return [" ".join(group) for group in groups if group]


def _comma_groups(run: str, *, keep_dots: bool) -> list[list[str]]:
    """Tokens of a run, split at commas; punctuation around a token goes (dots stay for Latin initials)."""
    edge = _EDGE_NON_LETTERS_BUT_DOTS if keep_dots else _EDGE_NON_LETTERS
    groups: list[list[str]] = [[]]
    for token in _TOKENS.findall(run):
        if token in _COMMAS:
            groups.append([])
        elif cleaned := edge.sub("", token):
            groups[-1].append(cleaned)
    return groups


def _join_surname_comma(groups: list[list[str]], is_lone_surname: Callable[[list[str]], bool]) -> list[str]:
    """Groups joined into names: a lone surname before a comma starts a name (``Lee, Young-hee``)."""
    names, index = [], 0
    while index < len(groups):
        group = groups[index]
        if is_lone_surname(group) and index + 1 < len(groups):
            names.append(f"{group[0]}, {' '.join(groups[index + 1])}")
            index += 2
        else:
            names.append(" ".join(group))
            index += 1
    return names


def _is_title_or_initial(token: str) -> bool:
    return token.rstrip(".").lower() in _LATIN_TITLES or bool(_LATIN_INITIAL.fullmatch(token))


def _without_honorifics(tokens: list[str], table: SurnameTable) -> list[str]:
    tokens = list(tokens)
    while tokens and (
        tokens[-1] in _HONORIFIC_WORDS or (tokens[-1] == "양" and _reads_as_whole_name(tokens[:-1], table))
    ):
        tokens.pop()
    if tokens:
        tokens[-1] = _without_honorific_suffix(tokens, table)
    return tokens


def _reads_as_whole_name(tokens: list[str], table: SurnameTable) -> bool:
    """Whether a trailing 양 is "Miss": "김영희 양" and "김 양" yes, "영희 양" no (Yang Young-hee)."""
    if len(tokens) != 1:
        return len(tokens) > 1
    return len(tokens[0]) >= 3 or bool(table.for_hangul(tokens[0]))


def _without_honorific_suffix(tokens: list[str], table: SurnameTable) -> str:
    last = tokens[-1]
    for suffix in _HONORIFIC_SUFFIXES:
        if last.endswith(suffix) and len(last) > len(suffix):
            return last[: -len(suffix)]
    if last.endswith(_NAME_LIKE_SUFFIXES):
        rest = [*tokens[:-1], last[:-1]]
        if len(parse_hangul_name(" ".join(rest), table).given) >= 2:
            return last[:-1]
    return last


def _parse_in_script(script: Script, text: str, table: SurnameTable) -> ParsedName:
    if script == "hangul":
        return parse_hangul_name(text, table)
    if script == "hanzi":
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
