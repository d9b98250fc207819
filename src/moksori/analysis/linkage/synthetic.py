"""Synthetic multi-source linkage data with known truth, for tests, benchmarks and demonstrations.

Women (invented, from real name frequencies) are seen by several organisations, each with its own
capture probability, writing style, missing fields, noisy years and typos; each woman also has her own
propensity to be seen (heterogeneous capture). Hard negatives are built in: many different women share
the commonest names (김영희 and friends) with neighbouring birth years, and sisters share surname, home
province and nearly the same birth year. No real person's data is used.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt

from moksori.analysis.linkage.hangul import south_spelling
from moksori.analysis.linkage.names import Surname, SurnameTable
from moksori.analysis.linkage.normalise import LINKAGE_COLUMNS
from moksori.analysis.linkage.reference import place_rows, split_multi
from moksori.analysis.linkage.spelling import (
    LatinStyle,
    choose,
    hangul_typo,
    latin_typo,
    romanize_given,
    romanize_surname,
)

HangulStyle = Literal["south", "north"]
FloatArray = npt.NDArray[np.float64]

# North Korean women's given names, commonest first; North spellings (련희) are kept on purpose.
_GIVEN_NAME_TEXT = (
    "영희 순희 옥희 정숙 명숙 영옥 금순 춘화 향미 은정 미경 경희 선희 정희 영숙 혜영 성희 은희 련희 복순 "
    "옥순 명희 금희 순옥 정옥 영실 은주 설화 향숙 미향 혜경 금옥 경옥 선영 춘희 영란 명옥 은혜 류경 련화 "
    "송이 진주 광숙 봉선 순영 옥련 정란 철옥 혜숙 은별 명실 지혜 수련 은심 국화 림순 해연 충심 별님"
)
GIVEN_NAMES = tuple(_GIVEN_NAME_TEXT.split())
_TOP_SURNAME_WEIGHTS = {
    "김": 21.5,
    "이": 14.7,
    "박": 8.4,
    "최": 4.7,
    "정": 4.4,
    "강": 2.3,
    "조": 2.1,
    "윤": 2.1,
}
_BAND_WEIGHTS = {1: 2.0, 2: 1.0, 3: 0.5, 4: 0.25, 5: 0.1, 6: 0.02}
_PROVINCE_WEIGHTS = {
    "kp_09": 0.33, "kp_10": 0.2, "kp_08": 0.12, "kp_03": 0.07, "kp_02": 0.06, "kp_04": 0.05,
    "kp_07": 0.04, "kp_01": 0.03, "kp_05": 0.03, "kp_06": 0.03, "kp_13": 0.02, "kp_14": 0.01, "kp_15": 0.01,
}  # fmt: skip
_NOISE_FIELDS = ("name_latin", "sex", "birth_year", "home_province", "left_year", "china_place")


@dataclass(frozen=True, slots=True)
class SourceProfile:
    """One organisation: how likely it is to see a woman and how it writes her record down."""

    name: str
    capture_probability: float
    hangul: HangulStyle | None
    latin_styles: tuple[LatinStyle, ...]
    missing_rate: float = 0.15
    year_noise_rate: float = 0.15
    typo_rate: float = 0.05
    age_form_rate: float = 0.2
    given_first_rate: float = 0.0


DEFAULT_SOURCES = (
    SourceProfile("seoul", 0.45, "south", ("passport", "passport", "rr"), age_form_rate=0.15),
    SourceProfile(
        "bangkok", 0.3, None, ("mr_plain", "passport", "mr"), missing_rate=0.2, given_first_rate=0.4
    ),
    SourceProfile("yanbian", 0.25, "north", ("dprk",), missing_rate=0.25, age_form_rate=0.35),
)


@dataclass(frozen=True, slots=True)
class Person:
    """The true attributes of one synthetic woman."""

    person_id: int
    surname: Surname
    given_north: str
    birth_year: int
    province_id: str
    left_year: int
    china_place_id: str
    catchability: float


@dataclass(frozen=True, slots=True)
class SyntheticLinkageData:
    """Generated records (the linkage CSV columns) and, aligned with them, the true person of each."""

    seed: int
    n_people: int
    sources: tuple[SourceProfile, ...]
    records: tuple[dict[str, str], ...] = field(repr=False)
    person_ids: tuple[int, ...] = field(repr=False)

    def capture_histories(self) -> dict[str, int]:
        """Observed women per capture pattern, e.g. ``{"110": 41, ...}`` in the order of ``sources``."""
        seen: dict[int, set[str]] = {}
        for record, person in zip(self.records, self.person_ids, strict=True):
            seen.setdefault(person, set()).add(record["source"])
        patterns = Counter(
            "".join("1" if s.name in got else "0" for s in self.sources) for got in seen.values()
        )
        return dict(sorted(patterns.items()))

    def true_pair_count(self) -> int:
        """Number of record pairs that belong to the same woman."""
        return sum(n * (n - 1) // 2 for n in Counter(self.person_ids).values())

    def to_csv(self, path: str | Path) -> None:
        """Write the records (no truth) as UTF-8 CSV with the linkage columns."""
        with Path(path).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=LINKAGE_COLUMNS)
            writer.writeheader()
            writer.writerows(self.records)

    def to_truth_csv(self, path: str | Path) -> None:
        """Write ``source,record_id,person_id`` for scoring a linkage."""
        with Path(path).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(("source", "record_id", "person_id"))
            for record, person in zip(self.records, self.person_ids, strict=True):
                writer.writerow((record["source"], record["record_id"], person))

    def to_dict(self) -> dict[str, object]:
        """Counts and settings (never the records themselves)."""
        return {
            "seed": self.seed,
            "n_people": self.n_people,
            "n_records": len(self.records),
            "n_observed_people": len(set(self.person_ids)),
            "records_per_source": dict(Counter(r["source"] for r in self.records)),
            "true_pairs": self.true_pair_count(),
            "capture_histories": self.capture_histories(),
            "sources": [s.name for s in self.sources],
        }

    def summary(self) -> str:
        """A short human-readable description."""
        d = self.to_dict()
        return (
            f"{d['n_records']} records of {d['n_observed_people']} observed women (of {self.n_people}) "
            f"from {len(self.sources)} sources, seed {self.seed}; {d['true_pairs']} true pairs"
        )


class _PlaceSpellings:
    """Each place's names as different organisations write them."""

    def __init__(self) -> None:
        rows = {r["id"]: r for r in place_rows()}
        self.rows = rows
        self.china_ids = tuple(
            i for i, r in rows.items() if r["country_iso2"] == "CN" and r["level"] != "country"
        )

    def province(self, place_id: str, style: HangulStyle | None, rng: np.random.Generator) -> str:
        row = self.rows[place_id]
        if style is not None:
            full = row["name_ko"] if style == "north" else row["name_ko_sk"]
            short = (
                full[0] + full[2]
                if len(full) == 4 and full[2:] in ("남도", "북도")
                else full.removesuffix("도")
            )
            return choose(rng, (full, short))
        english = row["name_en"]
        abbreviated = english.replace("North ", "N. ").replace("South ", "S. ")
        return choose(rng, tuple(n for n in (english, abbreviated, row["mr"], row["rr"]) if n))

    def china(self, place_id: str, style: HangulStyle | None, rng: np.random.Generator) -> str:
        row = self.rows[place_id]
        if style == "north":
            options = (row["name_zh"], row["name_ko"], *split_multi(row["name_ko_other"]))
        elif style == "south":
            options = (row["name_ko"], row["name_ko_sk"])
        else:
            options = (row["name_en"], row["pinyin"])
        return choose(rng, tuple(o for o in options if o))


@cache
def _surname_weights(table: SurnameTable) -> FloatArray:
    weights = np.array(
        [
            _TOP_SURNAME_WEIGHTS.get(s.hangul, _BAND_WEIGHTS.get(s.frequency_rank, 0.05))
            for s in table.surnames
        ]
    )
    normalised: FloatArray = weights / weights.sum()
    return normalised


@cache
def _zipf(n: int, exponent: float = 1.0) -> FloatArray:
    weights = 1.0 / np.arange(1, n + 1) ** exponent
    normalised: FloatArray = weights / weights.sum()
    return normalised


def _random_person(
    person_id: int, rng: np.random.Generator, table: SurnameTable, places: _PlaceSpellings
) -> Person:
    surname = table.surnames[int(rng.choice(len(table.surnames), p=_surname_weights(table)))]
    birth = int(rng.integers(1962, 2004))
    provinces = tuple(_PROVINCE_WEIGHTS)
    province_p = np.array(list(_PROVINCE_WEIGHTS.values()))
    return Person(
        person_id=person_id,
        surname=surname,
        given_north=GIVEN_NAMES[int(rng.choice(len(GIVEN_NAMES), p=_zipf(len(GIVEN_NAMES))))],
        birth_year=birth,
        province_id=provinces[int(rng.choice(len(provinces), p=province_p / province_p.sum()))],
        left_year=min(2022, birth + int(rng.integers(15, 36))),
        china_place_id=choose(rng, places.china_ids),
        catchability=float(rng.normal()),
    )


def _sister_of(person: Person, person_id: int, rng: np.random.Generator) -> Person:
    given = GIVEN_NAMES[int(rng.integers(len(GIVEN_NAMES)))]
    if rng.random() < 0.5:  # sisters often share a generation syllable
        given = person.given_north[0] + choose(
            rng, tuple(g[1] for g in GIVEN_NAMES if g[1] != person.given_north[1])
        )
    gap = int(rng.integers(1, 5)) * (1 if rng.random() < 0.5 else -1)
    return Person(
        person_id=person_id,
        surname=person.surname,
        given_north=given,
        birth_year=person.birth_year + gap,
        province_id=person.province_id,
        left_year=min(2022, person.left_year + int(rng.integers(-1, 2))),
        china_place_id=person.china_place_id,
        catchability=float(rng.normal()),
    )


def _namesake(person: Person, table: SurnameTable) -> Person:
    """Turn a woman into a 김영희: the commonest name, so that birth years and places must separate them."""
    kim = table.for_hangul("김")[0]
    return Person(
        person.person_id, kim, "영희", person.birth_year, person.province_id,
        person.left_year, person.china_place_id, person.catchability,
    )  # fmt: skip


def _people(
    n_people: int, rng: np.random.Generator, sister_rate: float, namesake_rate: float, places: _PlaceSpellings
) -> list[Person]:
    table = SurnameTable.default()
    people: list[Person] = []
    while len(people) < n_people:
        person = _random_person(len(people), rng, table, places)
        if rng.random() < namesake_rate:
            person = _namesake(person, table)
        people.append(person)
        if len(people) < n_people and rng.random() < sister_rate:
            people.append(_sister_of(person, len(people), rng))
    return people


def _hangul_name(person: Person, style: HangulStyle, rng: np.random.Generator, typo_rate: float) -> str:
    if style == "north":
        surname, given = person.surname.hangul_north, person.given_north
    else:
        surname, given = person.surname.hangul, south_spelling(person.given_north)
    if rng.random() < typo_rate:
        given = hangul_typo(given, rng)
    return surname + given if rng.random() < 0.85 else f"{surname} {given}"


def _latin_name(person: Person, profile: SourceProfile, rng: np.random.Generator) -> str:
    style = choose(rng, profile.latin_styles)
    # Southern sources romanize the Southern spelling (연희), northern ones the Northern (련희).
    given = (
        person.given_north
        if profile.hangul == "north" or style == "dprk"
        else south_spelling(person.given_north)
    )
    surname = romanize_surname(person.surname, style, rng)  # type: ignore[arg-type]
    given_latin = romanize_given(given, style, rng)  # type: ignore[arg-type]
    if rng.random() < profile.typo_rate:
        given_latin = latin_typo(given_latin, rng)
    if rng.random() < profile.given_first_rate:
        return f"{given_latin} {surname.upper() if rng.random() < 0.5 else surname}"
    return f"{surname} {given_latin}"


def _noisy_year(year: int, rng: np.random.Generator, rate: float) -> int:
    if rng.random() >= rate:
        return year
    step = 1 if rng.random() < 0.7 else int(rng.integers(2, 4))
    return year + step * (1 if rng.random() < 0.5 else -1)


def _birth_year_text(person: Person, profile: SourceProfile, rng: np.random.Generator) -> str:
    year = _noisy_year(person.birth_year, rng, profile.year_noise_rate)
    if rng.random() >= profile.age_form_rate:
        return str(year)
    interviewed = int(rng.integers(max(person.left_year, 2010), 2025))
    age = interviewed - year - int(rng.integers(0, 2))
    if profile.hangul is not None:
        return choose(rng, (f"{interviewed}년 당시 만 {age}세", f"만 {age}세 ({interviewed}년)"))
    return choose(rng, (f"about {age} years old in {interviewed}", f"{age} in {interviewed}"))


def _record(
    person: Person, profile: SourceProfile, record_id: str, rng: np.random.Generator, places: _PlaceSpellings
) -> dict[str, str]:
    record = {
        "source": profile.name,
        "record_id": record_id,
        "name_ko": _hangul_name(person, profile.hangul, rng, profile.typo_rate / 2) if profile.hangul else "",
        "name_latin": _latin_name(person, profile, rng),
        "sex": choose(rng, ("F", "여", "female")) if profile.hangul else choose(rng, ("F", "female")),
        "birth_year": _birth_year_text(person, profile, rng),
        "home_province": places.province(person.province_id, profile.hangul, rng),
        "left_year": str(_noisy_year(person.left_year, rng, profile.year_noise_rate)),
        "china_place": places.china(person.china_place_id, profile.hangul, rng),
    }
    for column in _NOISE_FIELDS:
        if rng.random() < profile.missing_rate:
            record[column] = ""
    if not record["name_ko"] and not record["name_latin"]:
        record["name_latin"] = _latin_name(person, profile, rng)  # a record always has some name
    return record


def _captured(person: Person, profile: SourceProfile, heterogeneity: float, rng: np.random.Generator) -> bool:
    base = np.log(profile.capture_probability / (1 - profile.capture_probability))
    probability = 1.0 / (1.0 + np.exp(-(base + heterogeneity * person.catchability)))
    return bool(rng.random() < probability)


def generate_sources(
    n_people: int,
    *,
    seed: int,
    sources: tuple[SourceProfile, ...] = DEFAULT_SOURCES,
    heterogeneity: float = 1.0,
    sister_rate: float = 0.08,
    namesake_rate: float = 0.04,
) -> SyntheticLinkageData:
    """Generate ``n_people`` women and the records that ``sources`` made of those they saw.

    ``heterogeneity`` is the standard deviation (on the logit scale) of each woman's propensity to be
    seen, shared by all sources, so capture is heterogeneous and positively dependent across sources as
    in real NGO data. Women seen by no source have no record. The same ``seed`` gives the same data.
    """
    if n_people < 1:
        raise ValueError("n_people must be at least 1")
    if not all(0.0 < s.capture_probability < 1.0 for s in sources):
        raise ValueError("every capture_probability must lie strictly between 0 and 1")
    rng = np.random.default_rng(seed)
    places = _PlaceSpellings()
    captures: list[tuple[Person, SourceProfile]] = [
        (person, profile)
        for person in _people(n_people, rng, sister_rate, namesake_rate, places)
        for profile in sources
        if _captured(person, profile, heterogeneity, rng)
    ]
    order = rng.permutation(len(captures))  # record ids must not reveal who is who
    counters: Counter[str] = Counter()
    records, person_ids = [], []
    for index in order:
        person, profile = captures[int(index)]
        counters[profile.name] += 1
        records.append(
            _record(person, profile, f"{profile.name[:3].upper()}-{counters[profile.name]:07d}", rng, places)
        )
        person_ids.append(person.person_id)
    return SyntheticLinkageData(seed, n_people, sources, tuple(records), tuple(person_ids))
