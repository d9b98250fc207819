"""Hangul -> Latin letters: Revised Romanization, McCune-Reischauer and the DPRK's own system.

These functions romanize one name part (a surname or a given name) written in Hangul. Surnames have
conventional spellings that the rules do not produce (이 is "Yi" in MR, not "I"), so callers that know a
part is a surname should use :func:`moksori.analysis.linkage.names.romanize_full_name`.

Given names follow the conventions of each system for names:
- RR spells names letter by letter without sound assimilation (석민 -> Seokmin), as its rules for
  personal names prescribe; ㄹㄹ is written ll;
- MR spells by sound: voicing after vowels and voiced finals (순길 -> Sun'gil), nasalisation (석민 ->
  Sŏngmin), ㄴㄹ -> ll (신라 -> Silla) and ㄹ -> n after other consonants (정림 -> Chŏngnim);
- the DPRK writes each syllable as its own capitalised word (정은 -> Jong Un).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from moksori.analysis.linkage.hangul import INITIALS, decompose_syllable, is_hangul_syllable

System = Literal["rr", "mr", "mr_plain", "dprk"]

_RR_INITIAL = (
    "g",
    "kk",
    "n",
    "d",
    "tt",
    "r",
    "m",
    "b",
    "pp",
    "s",
    "ss",
    "",
    "j",
    "jj",
    "ch",
    "k",
    "t",
    "p",
    "h",
)
_MR_INITIAL = (
    "k",
    "kk",
    "n",
    "t",
    "tt",
    "r",
    "m",
    "p",
    "pp",
    "s",
    "ss",
    "",
    "ch",
    "tch",
    "ch'",
    "k'",
    "t'",
    "p'",
    "h",
)
_DPRK_INITIAL = (
    "k",
    "kk",
    "n",
    "t",
    "tt",
    "r",
    "m",
    "p",
    "pp",
    "s",
    "ss",
    "",
    "j",
    "jj",
    "ch",
    "kh",
    "th",
    "ph",
    "h",
)
_RR_MEDIAL = (
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae",
    "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i",
)  # fmt: skip
_MR_MEDIAL = (
    "a", "ae", "ya", "yae", "ŏ", "e", "yŏ", "ye", "o", "wa", "wae",
    "oe", "yo", "u", "wŏ", "we", "wi", "yu", "ŭ", "ŭi", "i",
)  # fmt: skip
# The sound of each final (index into hangul.FINALS) at the end of a syllable.
_FINAL_SOUND = (
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l",
    "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t",
)  # fmt: skip

_RIEUL = INITIALS.index("ㄹ")
_NASAL_INITIALS = frozenset(INITIALS.index(c) for c in "ㄴㅁ")
_VOICEABLE = {
    INITIALS.index("ㄱ"): "g",
    INITIALS.index("ㄷ"): "d",
    INITIALS.index("ㅂ"): "b",
    INITIALS.index("ㅈ"): "j",
}
_VOICED_FINALS = frozenset({"", "n", "l", "m", "ng"})
_NASALISED = {"k": "ng", "t": "n", "p": "m"}
_SIOT = INITIALS.index("ㅅ")
_WI = 16  # index of ㅟ in MEDIALS; MR writes 쉬 as "shwi"


def _syllables(word: str) -> list[tuple[int, int, int]]:
    if not word or not all(is_hangul_syllable(c) for c in word):
        raise ValueError("romanization expects a word made only of Hangul syllables")
    return [tuple(decompose_syllable(c)) for c in word]  # type: ignore[misc]


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


@lru_cache(maxsize=65536)
def romanize_rr(word: str, *, hyphenate: bool = False) -> str:
    """Revised Romanization of one name part, letter by letter (영희 -> Yeonghui; 일란 -> Illan)."""
    pieces: list[str] = []
    previous_final = ""
    for initial, medial, final in _syllables(word):
        onset = "l" if initial == _RIEUL and previous_final == "l" and not hyphenate else _RR_INITIAL[initial]
        coda = _FINAL_SOUND[final]
        pieces.append(onset + _RR_MEDIAL[medial] + coda)
        previous_final = coda
    return _capitalise(("-" if hyphenate else "").join(pieces))


def _mr_onset(initial: int, medial: int, previous_final: str, first: bool) -> tuple[str, str]:
    """MR spelling of an initial and the (possibly changed) previous final, by sound."""
    if first:
        return previous_final, _MR_INITIAL[initial]
    if initial == _RIEUL:
        if previous_final in ("l", "n"):
            return "l", "l"
        if previous_final == "":
            return "", "r"
        return _NASALISED.get(previous_final, previous_final), "n"
    if initial in _NASAL_INITIALS:
        return _NASALISED.get(previous_final, previous_final), _MR_INITIAL[initial]
    if initial in _VOICEABLE and previous_final in _VOICED_FINALS:
        onset = _VOICEABLE[initial]
        return previous_final, ("'" + onset if previous_final == "n" and onset == "g" else onset)
    if initial == _SIOT and medial == _WI:
        return previous_final, "sh"
    return previous_final, _MR_INITIAL[initial]


@lru_cache(maxsize=65536)
def romanize_mr(word: str, *, breves: bool = True, apostrophes: bool = True) -> str:
    """McCune-Reischauer spelling of one name part by sound (정은 -> Chŏngŭn; 철 -> Ch'ŏl).

    ``breves=False`` writes ŏ/ŭ as o/u and ``apostrophes=False`` drops the aspiration and n'g marks,
    which is how most Western databases store MR.
    """
    onsets: list[str] = []
    nuclei: list[str] = []
    codas: list[str] = []
    for position, (initial, medial, final) in enumerate(_syllables(word)):
        previous = codas[-1] if codas else ""
        changed_previous, onset = _mr_onset(initial, medial, previous, first=position == 0)
        if codas:
            codas[-1] = changed_previous
        if initial == _SIOT and medial == _WI and position == 0:
            onset = "sh"
        onsets.append(onset)
        nuclei.append(_MR_MEDIAL[medial])
        codas.append(_FINAL_SOUND[final])
    text = "".join(o + n + c for o, n, c in zip(onsets, nuclei, codas, strict=True))
    if not breves:
        text = text.replace("ŏ", "o").replace("ŭ", "u")
    if not apostrophes:
        text = text.replace("'", "")
    return _capitalise(text)


@lru_cache(maxsize=65536)
def romanize_dprk(word: str) -> str:
    """DPRK official romanization: one capitalised word per syllable (정은 -> Jong Un; 영희 -> Yong Hui)."""
    words = []
    for initial, medial, final in _syllables(word):
        nucleus = _MR_MEDIAL[medial].replace("ŏ", "o").replace("ŭ", "u")
        words.append(_capitalise(_DPRK_INITIAL[initial] + nucleus + _FINAL_SOUND[final]))
    return " ".join(words)


def romanize(word: str, system: System) -> str:
    """Romanize one name part in the named system (``rr``, ``mr``, ``mr_plain`` or ``dprk``)."""
    if system == "rr":
        return romanize_rr(word)
    if system == "mr":
        return romanize_mr(word)
    if system == "mr_plain":
        return romanize_mr(word, breves=False, apostrophes=False)
    return romanize_dprk(word)
