"""Spelling variation as organisations produce it: romanization systems, personal spellings, typos.

Used by the synthetic generator; every function takes an explicit ``numpy.random.Generator``.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from moksori.analysis.linkage.hangul import MEDIALS, Syllable, compose_syllable, decompose_syllable
from moksori.analysis.linkage.names import Surname
from moksori.analysis.linkage.romanize import romanize_dprk, romanize_mr, romanize_rr

LatinStyle = Literal["rr", "mr", "mr_plain", "dprk", "passport"]

# Personal (passport, business-card) spellings of RR syllable parts seen in practice (notes 2.3-2.4).
_PERSONAL = (
    ("yeo", ("you", "yo", "yeo", "yu")),
    ("eo", ("u", "o", "eo")),
    ("eu", ("eu", "u")),
    ("ui", ("ee", "ui", "i")),
    ("ae", ("ae", "ai")),
    ("oe", ("oe", "oi")),
    ("u", ("u", "oo")),
    ("i", ("i", "ee")),
)
# Vowels typed for one another by mistake or by dialect (ㅓ/ㅕ, ㅗ/ㅜ, ㅐ/ㅔ, ㅢ/ㅣ, ㅡ/ㅜ).
_VOWEL_SLIPS = {
    pair[i]: pair[1 - i]
    for pair in (("ㅓ", "ㅕ"), ("ㅗ", "ㅜ"), ("ㅐ", "ㅔ"), ("ㅢ", "ㅣ"), ("ㅡ", "ㅜ"))
    for i in (0, 1)
}
_LETTERS = "abcdeghijklmnoprstuwy"


def choose(rng: np.random.Generator, options: tuple[str, ...]) -> str:
    """One of ``options``, uniformly."""
    return options[int(rng.integers(len(options)))]


def _personal_syllable(syllable: str, rng: np.random.Generator) -> str:
    text = romanize_rr(syllable).lower()
    for pattern, spellings in _PERSONAL:
        if pattern in text:
            return text.replace(pattern, choose(rng, spellings), 1)
    return text


def _join_syllables(parts: list[str], rng: np.random.Generator) -> str:
    joiner = choose(rng, ("", "-", " ", "camel"))
    if joiner == "camel":
        return "".join(p.capitalize() for p in parts)
    joined = joiner.join(parts)
    return joined.capitalize() if joiner != " " else " ".join(p.capitalize() for p in parts)


def romanize_given(given: str, style: LatinStyle, rng: np.random.Generator) -> str:
    """A given name in Latin letters as one style of organisation would write it."""
    if style == "rr":
        return romanize_rr(given, hyphenate=bool(rng.random() < 0.4))
    if style == "mr":
        return romanize_mr(given)
    if style == "mr_plain":
        return romanize_mr(given, breves=False, apostrophes=False)
    if style == "dprk":
        return romanize_dprk(given)
    return _join_syllables([_personal_syllable(s, rng) for s in given], rng)


def romanize_surname(surname: Surname, style: LatinStyle, rng: np.random.Generator) -> str:
    """A surname in Latin letters: the system's form, or a spelling from the table's variants."""
    conventional = {"rr": surname.rr, "mr": surname.mr, "dprk": surname.dprk}
    if style in conventional:
        return conventional[style]
    if style == "mr_plain":
        return surname.mr.replace("ŏ", "o").replace("ŭ", "u").replace("'", "")
    # Passport spellings favour the first listed variants (Lee before Rhee).
    weights = np.array([1.0 / (i + 1) for i in range(len(surname.variants))])
    return surname.variants[int(rng.choice(len(surname.variants), p=weights / weights.sum()))]


def latin_typo(text: str, rng: np.random.Generator) -> str:
    """One keyboard slip: a letter dropped, doubled, swapped with its neighbour or replaced."""
    positions = [i for i, c in enumerate(text) if c.isalpha()]
    if len(positions) < 3:
        return text
    i = positions[int(rng.integers(1, len(positions)))]
    kind = int(rng.integers(4))
    if kind == 0:
        return text[:i] + text[i + 1 :]
    if kind == 1:
        return text[:i] + text[i] + text[i:]
    if kind == 2 and i + 1 < len(text) and text[i + 1].isalpha():
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + choose(rng, tuple(_LETTERS)) + text[i + 1 :]


def hangul_typo(word: str, rng: np.random.Generator) -> str:
    """One vowel slip in one syllable (영 -> 연 is not a slip; 영 -> 용 or 엉 is)."""
    if not word:
        return word
    i = int(rng.integers(len(word)))
    initial, medial, final = decompose_syllable(word[i])
    slip = _VOWEL_SLIPS.get(MEDIALS[medial])
    if slip is None:
        return word
    return word[:i] + compose_syllable(Syllable(initial, MEDIALS.index(slip), final)) + word[i + 1 :]
