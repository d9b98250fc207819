"""Hangul syllables and jamo: decomposition, composition and the initial-sound rule.

Unicode arranges the 11,172 precomposed syllables arithmetically (initial x medial x final), so
decomposition is integer arithmetic, not a table lookup.
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

SYLLABLE_FIRST = 0xAC00
SYLLABLE_LAST = 0xD7A3
MEDIAL_COUNT = 21
FINAL_COUNT = 28

#: Compatibility jamo, in Unicode's order for composition.
INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
MEDIALS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
FINALS = ("", *"ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ")

INITIAL_RIEUL = INITIALS.index("ㄹ")
INITIAL_NIEUN = INITIALS.index("ㄴ")
INITIAL_IEUNG = INITIALS.index("ㅇ")

# Vowels before which the South drops an initial ㄹ or ㄴ (ㅣ and the y-diphthongs); before the
# others it turns ㄹ into ㄴ. This is the 두음법칙 of the South Korean spelling standard.
_I_LIKE_MEDIALS = frozenset(MEDIALS.index(v) for v in "ㅣㅑㅒㅕㅖㅛㅠ")


class Syllable(NamedTuple):
    """Indices of one precomposed syllable's initial, medial and final (0 = no final)."""

    initial: int
    medial: int
    final: int


def is_hangul_syllable(char: str) -> bool:
    """True for one precomposed Hangul syllable (가 to 힣)."""
    return len(char) == 1 and SYLLABLE_FIRST <= ord(char) <= SYLLABLE_LAST


def contains_hangul(text: str) -> bool:
    """True if any character of ``text`` is a precomposed Hangul syllable."""
    return any(SYLLABLE_FIRST <= ord(c) <= SYLLABLE_LAST for c in text)


def is_all_hangul(text: str) -> bool:
    """True if ``text`` is non-empty and made only of precomposed Hangul syllables."""
    return bool(text) and all(SYLLABLE_FIRST <= ord(c) <= SYLLABLE_LAST for c in text)


def decompose_syllable(char: str) -> Syllable:
    """Split one precomposed syllable into jamo indices; raises ValueError for anything else."""
    if not is_hangul_syllable(char):
        raise ValueError("decompose_syllable expects one precomposed Hangul syllable")
    offset = ord(char) - SYLLABLE_FIRST
    initial, rest = divmod(offset, MEDIAL_COUNT * FINAL_COUNT)
    medial, final = divmod(rest, FINAL_COUNT)
    return Syllable(initial, medial, final)


def compose_syllable(syllable: Syllable) -> str:
    """Inverse of :func:`decompose_syllable`."""
    initial, medial, final = syllable
    return chr(SYLLABLE_FIRST + (initial * MEDIAL_COUNT + medial) * FINAL_COUNT + final)


def to_jamo(text: str) -> str:
    """Spell ``text`` out in compatibility jamo (김 -> ㄱㅣㅁ); other characters pass through.

    Jamo strings let a comparator see that 영 and 연 differ in one letter, not one whole syllable.
    """
    parts: list[str] = []
    for char in text:
        if is_hangul_syllable(char):
            initial, medial, final = decompose_syllable(char)
            parts.append(INITIALS[initial] + MEDIALS[medial] + FINALS[final])
        else:
            parts.append(char)
    return "".join(parts)


def normalise_hangul(text: str) -> str:
    """NFC-compose (so NFD input from macOS becomes ordinary syllables) and drop all whitespace."""
    return "".join(unicodedata.normalize("NFC", text).split())


def south_initial(syllable: str) -> str:
    """Apply the South Korean initial-sound rule to one syllable (리 -> 이, 로 -> 노, 녀 -> 여)."""
    if not is_hangul_syllable(syllable):
        return syllable
    initial, medial, final = decompose_syllable(syllable)
    if initial == INITIAL_RIEUL:
        initial = INITIAL_IEUNG if medial in _I_LIKE_MEDIALS else INITIAL_NIEUN
    elif initial == INITIAL_NIEUN and medial in _I_LIKE_MEDIALS:
        initial = INITIAL_IEUNG
    return compose_syllable(Syllable(initial, medial, final))


def south_spelling(word: str) -> str:
    """South Korean spelling of a surname or given name: the rule applies to its first syllable only."""
    if not word:
        return word
    return south_initial(word[0]) + word[1:]


def north_initial_candidates(syllable: str) -> tuple[str, ...]:
    """The syllables whose South spelling is ``syllable`` (이 -> 이, 리, 니), the rule run backwards."""
    if not is_hangul_syllable(syllable):
        return (syllable,)
    initial, medial, final = decompose_syllable(syllable)
    found = [syllable]
    if initial == INITIAL_IEUNG and medial in _I_LIKE_MEDIALS:
        found += [compose_syllable(Syllable(i, medial, final)) for i in (INITIAL_RIEUL, INITIAL_NIEUN)]
    elif initial == INITIAL_NIEUN and medial not in _I_LIKE_MEDIALS:
        found.append(compose_syllable(Syllable(INITIAL_RIEUL, medial, final)))
    return tuple(found)
