"""A romanization-invariant phonetic key for Korean name parts.

The key merges what the romanization notes (section 3, rule 2) say romanizers confuse: eo/o/u/uh and
eu/u/oo into one vowel class; ae/ai/e; yeo/yo/you/yu; ui/ee/i; oe/oi/we; g/k, d/t, b/p, j/ch/z; sh/s;
r/l; doubled letters; and the initial r/l/n that the South drops (Ri = Lee = Yi). Hangul gets its key
by the same road: South spelling, then Revised Romanization, then the Latin key, so a Hangul form and
every romanization of it land on one string by construction.

The key is deliberately coarse: 정 and 종, 은 and 운 share it (notes section 2.3). It says "could be the
same name", never "is the same name"; the linkage model weighs it with other evidence.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from moksori.analysis.linkage.hangul import is_all_hangul, normalise_hangul, south_spelling
from moksori.analysis.linkage.romanize import romanize_rr

# Longest match first; each pattern maps to the class written into the key.
_VOWELS = {
    "yeo": "yo", "you": "yo", "yoo": "yo", "yo": "yo", "yu": "yo", "yeu": "yo",
    "ya": "ya", "yae": "ye", "ye": "ye",
    "wae": "we", "oe": "we", "oi": "we", "oy": "we", "we": "we",
    "wa": "wa",
    "woo": "o", "weo": "wo", "wo": "wo", "wu": "wo",
    "wee": "wi", "wi": "wi",
    "yee": "i", "eui": "i", "ui": "i", "ee": "i", "ie": "i", "yi": "i", "ii": "i", "i": "i",
    "eo": "o", "eu": "o", "oo": "o", "ou": "o", "o": "o", "u": "o",
    "ae": "e", "ai": "e", "ay": "e", "ey": "e", "ei": "e", "e": "e",
    "a": "a",
}  # fmt: skip
_CONSONANTS = {
    "ng": "ng", "g": "k", "k": "k", "q": "k", "d": "t", "t": "t", "b": "p", "p": "p", "f": "p", "v": "p",
    "j": "j", "z": "j", "c": "j", "s": "s", "x": "s", "h": "h", "n": "n", "m": "m", "r": "l", "l": "l",
    "w": "", "y": "",
}  # fmt: skip
_VOWEL_CLASSES = frozenset(_VOWELS.values())
_I_LIKE = frozenset({"i", "ya", "ye", "yo"})
_TOKEN = re.compile("|".join(sorted({*_VOWELS, *_CONSONANTS}, key=len, reverse=True)))

# Digraphs first, so that the h of an aspirate is not read as ㅎ; "ngh" keeps its h (영희 = Yonghui).
_REWRITES = (
    (re.compile("tch"), "j"),
    (re.compile("ch"), "j"),
    (re.compile("sh"), "s"),
    (re.compile("wh"), "hw"),
    (re.compile("y(?![aeiouw])"), "i"),
    (re.compile("(?<!n)gh"), "g"),
    (re.compile("([bdjkprtz])h"), r"\1"),
    (re.compile("ck"), "k"),
    # A Latin r after a vowel and before a consonant only lengthens the vowel (Park, Hur, Char).
    (re.compile("(?<=[aeiou])r(?![aeiouwy])"), ""),
    (re.compile("h(?![aeiouwy])"), ""),
)
_NASALISED = {"k": "ng", "t": "n", "p": "m"}
_NON_LETTER = re.compile("[^a-z]")


def ascii_letters(text: str) -> str:
    """Lower-case ASCII letters only: diacritics (ŏ, ŭ), apostrophes, hyphens and spaces removed."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_LETTER.sub("", stripped.lower())


def _tokens(letters: str) -> list[str]:
    classes = [_VOWELS.get(m, _CONSONANTS.get(m, "")) for m in _TOKEN.findall(letters)]
    return [c for c in classes if c]


def _apply_initial_rule(tokens: list[str]) -> list[str]:
    """The South's initial-sound rule on the first syllable: r/l -> n, and r/l/n -> nothing before i/y."""
    if len(tokens) < 2 or tokens[0] not in ("l", "n"):
        return tokens
    if tokens[1] in _I_LIKE:
        return tokens[1:]
    return ["n", *tokens[1:]] if tokens[0] == "l" else tokens


def _assimilate(tokens: list[str]) -> list[str]:
    """Merge spellings by letter and by sound at syllable joins (Seokmin = Sŏngmin, Silla = Shinla)."""
    out = list(tokens)
    for i in range(len(out) - 1):
        here, after = out[i], out[i + 1]
        if after in ("n", "m") and here in _NASALISED:
            out[i] = _NASALISED[here]
        elif {here, after} == {"n", "l"}:
            out[i] = out[i + 1] = "l"
        elif after == "l" and here in ("k", "t", "p", "m", "ng"):
            out[i], out[i + 1] = _NASALISED.get(here, here), "n"
    return out


def _collapse_doubles(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for token in tokens:
        if out and token == out[-1] and token not in _VOWEL_CLASSES:
            continue
        out.append(token)
    return out


@lru_cache(maxsize=262144)
def latin_key(text: str) -> str:
    """Phonetic key of one romanized name part (Yong-hui, Young Hee and Yŏnghŭi -> ``yonghi``).

    Returns "" when ``text`` holds no Latin letters.
    """
    letters = ascii_letters(text)
    for pattern, replacement in _REWRITES:
        letters = pattern.sub(replacement, letters)
    tokens = _apply_initial_rule(_tokens(letters))
    return "".join(_collapse_doubles(_assimilate(_collapse_doubles(tokens))))


@lru_cache(maxsize=262144)
def hangul_key(word: str) -> str:
    """Phonetic key of one Hangul name part, comparable with :func:`latin_key` (리영 = 이영 -> ``iyong``).

    Returns "" unless ``word`` is made only of Hangul syllables (after NFC and removing spaces).
    """
    word = normalise_hangul(word)
    if not is_all_hangul(word):
        return ""
    return latin_key(romanize_rr(south_spelling(word)))


def name_part_key(text: str) -> str:
    """Key of a name part in either script: Hangul if it is all Hangul, else its Latin letters."""
    key = hangul_key(text)
    return key if key else latin_key(text)
