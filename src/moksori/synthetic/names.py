"""Fictional Korean women's names with the romanization variety seen in real records.

Surnames come from korean_names.csv; given names are common two-syllable women's names written out by hand
with their Revised Romanization (RR), McCune–Reischauer (MR) and DPRK forms
(see korean_romanization_notes.md).
Combinations are drawn at random and describe no one.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from itertools import accumulate

from moksori.synthetic._draw import weighted
from moksori.vocab.surnames import Surname


@dataclass(frozen=True, slots=True)
class GivenName:
    """A given name in South and North Korean Hangul and in three romanizations."""

    hangul: str
    hangul_north: str
    rr: str
    rr_hyphenated: str
    mr: str
    dprk: str


# (South Hangul, North Hangul, RR, RR hyphenated, MR, DPRK); the hyphen form spells each syllable alone.
# North forms differ only where the initial ㄹ is kept.
GIVEN_NAMES: tuple[GivenName, ...] = tuple(
    GivenName(*row)
    for row in (
        ("영희", "영희", "Yeonghui", "Yeong-hui", "Yŏnghŭi", "Yong Hui"),
        ("순희", "순희", "Sunhui", "Sun-hui", "Sunhŭi", "Sun Hui"),
        ("은희", "은희", "Eunhui", "Eun-hui", "Ŭnhŭi", "Un Hui"),
        ("명희", "명희", "Myeonghui", "Myeong-hui", "Myŏnghŭi", "Myong Hui"),
        ("옥희", "옥희", "Okhui", "Ok-hui", "Okhŭi", "Ok Hui"),
        ("정옥", "정옥", "Jeongok", "Jeong-ok", "Chŏngok", "Jong Ok"),
        ("금순", "금순", "Geumsun", "Geum-sun", "Kŭmsun", "Kum Sun"),
        ("춘화", "춘화", "Chunhwa", "Chun-hwa", "Ch'unhwa", "Chun Hwa"),
        ("영옥", "영옥", "Yeongok", "Yeong-ok", "Yŏngok", "Yong Ok"),
        ("혜영", "혜영", "Hyeyeong", "Hye-yeong", "Hyeyŏng", "Hye Yong"),
        ("은정", "은정", "Eunjeong", "Eun-jeong", "Ŭnjŏng", "Un Jong"),
        ("향미", "향미", "Hyangmi", "Hyang-mi", "Hyangmi", "Hyang Mi"),
        ("성미", "성미", "Seongmi", "Seong-mi", "Sŏngmi", "Song Mi"),
        ("경희", "경희", "Gyeonghui", "Gyeong-hui", "Kyŏnghŭi", "Kyong Hui"),
        ("연희", "련희", "Yeonhui", "Yeon-hui", "Yŏnhŭi", "Ryon Hui"),
        ("옥란", "옥란", "Ongnan", "Ok-ran", "Ongnan", "Ok Ran"),
        ("설화", "설화", "Seolhwa", "Seol-hwa", "Sŏrhwa", "Sol Hwa"),
        ("미향", "미향", "Mihyang", "Mi-hyang", "Mihyang", "Mi Hyang"),
        ("은혜", "은혜", "Eunhye", "Eun-hye", "Ŭnhye", "Un Hye"),
        ("진주", "진주", "Jinju", "Jin-ju", "Chinju", "Jin Ju"),
        ("수련", "수련", "Suryeon", "Su-ryeon", "Suryŏn", "Su Ryon"),
        ("명옥", "명옥", "Myeongok", "Myeong-ok", "Myŏngok", "Myong Ok"),
        ("금희", "금희", "Geumhui", "Geum-hui", "Kŭmhŭi", "Kum Hui"),
        ("순옥", "순옥", "Sunok", "Sun-ok", "Sunok", "Sun Ok"),
        ("정희", "정희", "Jeonghui", "Jeong-hui", "Chŏnghŭi", "Jong Hui"),
        ("춘옥", "춘옥", "Chunok", "Chun-ok", "Ch'unok", "Chun Ok"),
        ("영란", "영란", "Yeongnan", "Yeong-ran", "Yŏngnan", "Yong Ran"),
        ("혜숙", "혜숙", "Hyesuk", "Hye-suk", "Hyesuk", "Hye Suk"),
        ("선희", "선희", "Seonhui", "Seon-hui", "Sŏnhŭi", "Son Hui"),
        ("미옥", "미옥", "Miok", "Mi-ok", "Miok", "Mi Ok"),
        ("향숙", "향숙", "Hyangsuk", "Hyang-suk", "Hyangsuk", "Hyang Suk"),
        ("은주", "은주", "Eunju", "Eun-ju", "Ŭnju", "Un Ju"),
        ("복실", "복실", "Boksil", "Bok-sil", "Poksil", "Pok Sil"),
        ("명숙", "명숙", "Myeongsuk", "Myeong-suk", "Myŏngsuk", "Myong Suk"),
        ("연옥", "련옥", "Yeonok", "Yeon-ok", "Yŏnok", "Ryon Ok"),
        ("은실", "은실", "Eunsil", "Eun-sil", "Ŭnsil", "Un Sil"),
    )
)

# Rough shares of the commonest surnames (Kim, Lee/Ri, Park) and of frequency bands; approximate by design.
_SURNAME_ID_WEIGHT = {"sn001": 40.0, "sn002": 28.0, "sn003": 16.0}
_BAND_WEIGHT = {"top10": 8.0, "top20": 3.0, "top40": 1.5, "top60": 0.6, "top100": 0.25, "compound": 0.05}
# Which romanization a record uses: South personal/RR style, McCune–Reischauer, or DPRK style.
_STYLES = ("rr", "mr", "dprk")
_STYLE_CUM_WEIGHTS = tuple(accumulate((0.45, 0.25, 0.30)))


def strip_diacritics(text: str) -> str:
    """MR without breves and apostrophes, as most databases store it (Ch'ŏngok -> Chongok)."""
    decomposed = unicodedata.normalize("NFD", text.replace("'", "").replace("’", ""))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class NamePicker:
    """Draws (Hangul name, Latin name) pairs from a surname table and :data:`GIVEN_NAMES`."""

    __slots__ = ("_cum_weights", "_surnames")

    def __init__(self, surnames: tuple[Surname, ...]) -> None:
        if not surnames:
            raise ValueError("The surname table is empty; check korean_names.csv.")
        self._surnames = surnames
        weights = [_SURNAME_ID_WEIGHT.get(s.id, _BAND_WEIGHT.get(s.frequency_band, 0.25)) for s in surnames]
        self._cum_weights = tuple(accumulate(weights))

    def pick(self, rng: random.Random) -> tuple[str, str]:
        """One fictional name as (Hangul, Latin), in the spelling conventions of one romanization style."""
        surname = weighted(rng, self._surnames, self._cum_weights)
        given = rng.choice(GIVEN_NAMES)
        style = weighted(rng, _STYLES, _STYLE_CUM_WEIGHTS)
        if style == "dprk":
            return surname.hangul_north + given.hangul_north, f"{surname.dprk_romanization} {given.dprk}"
        hangul = surname.hangul + given.hangul
        if style == "mr":
            latin = f"{surname.mr} {given.mr}"
            return hangul, latin if rng.random() < 0.4 else strip_diacritics(latin)
        return hangul, _personal_rr(surname, given, rng)


def _personal_rr(surname: Surname, given: GivenName, rng: random.Random) -> str:
    """South Korean practice: the usual surname spelling (Kim, Lee, Park) with an RR given name."""
    family = surname.variants[0] if surname.variants else surname.rr
    first = given.rr_hyphenated if rng.random() < 0.5 else given.rr
    # Western order (given name first) turns up in passports and foreign records.
    return f"{first} {family}" if rng.random() < 0.1 else f"{family} {first}"
