"""Seeded generator of demo data: organisations, survivors, interviews, consents, events and actors.

Every record is invented. Same ``(n, seed, organisations)`` gives identical output on every machine, because
all randomness flows from one ``random.Random(seed)`` and the reference files shipped with the package.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache
from itertools import accumulate

from moksori.synthetic._draw import weighted
from moksori.synthetic.actors import ActorPool
from moksori.synthetic.model import (
    CONSENT_PURPOSES,
    DatePrecision,
    DemoAct,
    DemoConsent,
    DemoDataset,
    DemoEvent,
    DemoInterview,
    DemoOrganisation,
    DemoSurvivor,
)
from moksori.synthetic.names import NamePicker
from moksori.synthetic.trajectories import Step, TrajectoryBuilder, TrajectoryOptions, place_in_period
from moksori.synthetic.transcripts import PlaceNames, passage
from moksori.vocab.model import Place
from moksori.vocab.reader import read_places, read_surnames

MAX_PASSAGES_PER_INTERVIEW = 14
_ORGANISATIONS = (
    ("Hanbit Testimony Centre (demo)", "한빛 증언센터 (시연용)", "ngo"),
    ("Saebyeok Rescue Network (demo)", "새벽 구출 네트워크 (시연용)", "rescue_organisation"),
    ("Institute for Borderland Studies (demo)", "국경지역연구소 (시연용)", "research_institute"),
    ("Dasi Women's Support Centre (demo)", "다시 여성지원센터 (시연용)", "ngo"),
    ("Noeul Legal Aid Project (demo)", "노을 법률지원 (시연용)", "legal_aid"),
)
# Border provinces dominate among women who leave; weights are illustrative.
_HOME_PROVINCES = (
    "kp_09",
    "kp_10",
    "kp_04",
    "kp_03",
    "kp_08",
    "kp_02",
    "kp_01",
    "kp_07",
    "kp_06",
    "kp_05",
    "kp_13",
)
_HOME_CUM_WEIGHTS = tuple(accumulate((40, 22, 7, 9, 9, 3, 2, 2, 2, 2, 2)))
_PRECISIONS: tuple[DatePrecision, ...] = ("exact", "month", "year", "range", "before", "after")
_PRECISION_CUM_WEIGHTS = tuple(accumulate((10, 35, 25, 10, 10, 10)))
# Typical share of survivors answering yes, per purpose (case work almost always, legal action least often).
_CONSENT_RATES = {
    "internal_case_work": 0.98,
    "aggregate_statistics": 0.88,
    "anonymised_quotation": 0.55,
    "partner_sharing": 0.40,
    "legal_proceedings": 0.30,
}
_INTERVIEW_PLACES = (
    "Seoul, organisation office",
    "Incheon, survivor's home",
    "Seoul, café meeting room",
    "Anseong, near Hanawon",
    "Online video call",
)
_LAST_INTERVIEW_DAY = date(2024, 12, 31)
_SALE_EVENTS = frozenset({"evt_sale", "evt_resale", "evt_handover"})
_YANBIAN = "cn_jl_yanbian"


def generate_demo(
    n: int, *, seed: int, organisations: int = 3, options: TrajectoryOptions | None = None
) -> DemoDataset:
    """Generate ``n`` fictional survivors with their testimonies, spread over ``organisations`` bodies."""
    if n < 0:
        raise ValueError(f"n must be zero or more, got {n}.")
    if not 1 <= organisations <= len(_ORGANISATIONS):
        raise ValueError(f"organisations must be between 1 and {len(_ORGANISATIONS)}, got {organisations}.")
    options = options or TrajectoryOptions()
    rng = random.Random(seed)
    orgs = tuple(DemoOrganisation(f"O-{i + 1}", *_ORGANISATIONS[i]) for i in range(organisations))
    run = _Run(rng, ActorPool(n, rng), options, orgs, _place_names(), NamePicker(read_surnames()))
    # Police in sales are drawn from a stream of their own, so the rest of the data stays as it was.
    run.police_rng = random.Random(f"police-in-sales:{seed}")
    for index in range(n):
        run.add_survivor(index, width=max(4, len(str(n))))
    return DemoDataset(
        seed=seed,
        n=n,
        organisations=orgs,
        survivors=tuple(run.survivors),
        interviews=tuple(run.interviews),
        consents=tuple(run.consents),
        actors=run.actors.actors,
        events=tuple(run.events),
    )


class _Run:
    """Mutable state of one generation run; the frozen dataset is assembled from it at the end."""

    def __init__(
        self,
        rng: random.Random,
        actors: ActorPool,
        options: TrajectoryOptions,
        orgs: tuple[DemoOrganisation, ...],
        places: PlaceNames,
        names: NamePicker,
    ) -> None:
        self.rng, self.actors, self.options, self.orgs, self.places, self.names = (
            rng,
            actors,
            options,
            orgs,
            places,
            names,
        )
        self.survivors: list[DemoSurvivor] = []
        self.interviews: list[DemoInterview] = []
        self.consents: list[DemoConsent] = []
        self.events: list[DemoEvent] = []
        self.police_rng = random.Random(0)

    def add_survivor(self, index: int, width: int) -> None:
        rng = self.rng
        code = f"S-{index + 1:0{width}d}"
        home = weighted(rng, _HOME_PROVINCES, _HOME_CUM_WEIGHTS)
        builder = TrajectoryBuilder(rng, self.actors, self.options, home, code)
        _, raw_steps = builder.build()
        steps = place_in_period(raw_steps, self.options)
        first_year = date.fromordinal(steps[0].day).year
        hangul, latin = self.names.pick(rng)
        survivor = DemoSurvivor(
            key=f"P-{index + 1:0{width}d}",
            organisation_key=rng.choice(self.orgs).key,
            code=code,
            name_hangul=hangul,
            name_latin=latin,
            birth_year=first_year - int(rng.triangular(15, 40, 22)),
            home_province=home,
            contact=f"010-{index // 10000:04d}-{index % 10000:04d}",
            children_born_in_china=builder.children,
        )
        self.survivors.append(survivor)
        interview_dates = self._add_interviews(survivor, steps)
        self._add_consents(survivor, interview_dates[0])

    def _add_interviews(self, survivor: DemoSurvivor, steps: list[Step]) -> list[date]:
        rng = self.rng
        last_event = date.fromordinal(steps[-1].day)
        day = min(last_event + timedelta(days=rng.randint(35, 900)), max(_LAST_INTERVIEW_DAY, last_event))
        day = max(day, last_event + timedelta(days=35))
        exit_index = next((i for i, s in enumerate(steps) if s.type == "evt_departure_china"), len(steps))
        interviewer = rng.randrange(3)
        dates: list[date] = []
        position = 0
        for number, chunk in enumerate(_chunks(steps, MAX_PASSAGES_PER_INTERVIEW)):
            key = f"I-{survivor.key[2:]}-{number + 1}"
            passages_ko, passages_en = [], []
            window = self._window(day)
            for offset, step in enumerate(chunk):
                event = self._event(
                    survivor, key, offset, step, coarse_allowed=position < exit_index, window=window
                )
                position += 1
                text_ko, text_en = passage(
                    step, event.date_precision, event.date_start, event.date_end, self.places, rng
                )
                passages_ko.append(text_ko)
                passages_en.append(text_en)
            self.interviews.append(
                DemoInterview(
                    key,
                    survivor.key,
                    day,
                    rng.choice(_INTERVIEW_PLACES),
                    "ko",
                    interviewer,
                    tuple(passages_ko),
                    tuple(passages_en),
                )
            )
            dates.append(day)
            day += timedelta(days=rng.randint(14, 120))
        return dates

    def _event(
        self,
        survivor: DemoSurvivor,
        interview: str,
        index: int,
        step: Step,
        *,
        coarse_allowed: bool,
        window: tuple[date, date],
    ) -> DemoEvent:
        rng = self.rng
        # After leaving China, dates are recent and fall shortly before the interview: month at most.
        if coarse_allowed:
            precision = weighted(rng, _PRECISIONS, _PRECISION_CUM_WEIGHTS)
        else:
            precision = "exact" if rng.random() < 0.3 else "month"
        start, end = _stated_dates(date.fromordinal(step.day), precision, rng, window)
        event = DemoEvent(
            key=f"E-{len(self.events) + 1:07d}",
            survivor_key=survivor.key,
            interview_key=interview,
            passage_index=index,
            type=step.type,
            date_precision=precision,
            date_start=start,
            date_end=end,
            place_id=step.place_id,
            acts=self._acts_with_police(step),
        )
        self.events.append(event)
        return event

    def _acts_with_police(self, step: Step) -> tuple[DemoAct, ...]:
        """The step's acts; in a Yanbian sale, sometimes with the local police post among the sellers."""
        if step.type not in _SALE_EVENTS or not step.acts or step.place_id not in _yanbian_places():
            return step.acts
        if self.police_rng.random() >= self.options.police_in_yanbian_sale_probability:
            return step.acts
        label = f"Public security post ({step.place_id})"
        police = self.actors.at_place("act_police_china", step.place_id, label, self.police_rng)
        first, *rest = step.acts
        return (replace(first, actors=(*first.actors, (police, "act_police_china"))), *rest)

    def _window(self, told_on: date) -> tuple[date, date]:
        """The window stated dates must stay in: the model's period, and before the interview telling them."""
        last = min(date(self.options.last_year, 12, 31), told_on - timedelta(days=1))
        return date(self.options.first_year, 1, 1), last

    def _add_consents(self, survivor: DemoSurvivor, recorded_on: date) -> None:
        rng = self.rng
        for purpose in CONSENT_PURPOSES:
            given = rng.random() < _CONSENT_RATES[purpose]
            partner = None
            if purpose == "partner_sharing" and given and len(self.orgs) > 1:
                partner = rng.choice([o.key for o in self.orgs if o.key != survivor.organisation_key])
            self.consents.append(DemoConsent(survivor.key, purpose, given, partner, recorded_on))


def _stated_dates(
    true_day: date, precision: DatePrecision, rng: random.Random, window: tuple[date, date]
) -> tuple[date, date | None]:
    """(date_start, date_end) as the survivor would state ``true_day``; the true day always lies inside."""
    floor, ceiling = window
    if precision == "exact":
        return true_day, None
    if precision == "month":
        return true_day.replace(day=1), min(ceiling, _month_end(true_day))
    if precision == "year":
        return true_day.replace(month=1, day=1), min(ceiling, true_day.replace(month=12, day=31))
    if precision == "before":
        return min(ceiling, _month_end(true_day + timedelta(days=rng.randint(0, 90)))), None
    if precision == "after":
        return max(floor, (true_day - timedelta(days=rng.randint(0, 90))).replace(day=1)), None
    start = max(floor, (true_day - timedelta(days=rng.randint(15, 120))).replace(day=1))
    return start, min(ceiling, _month_end(true_day + timedelta(days=rng.randint(15, 120))))


def _month_end(day: date) -> date:
    following = day.replace(day=28) + timedelta(days=4)
    return following - timedelta(days=following.day)


def _chunks(steps: list[Step], size: int) -> list[list[Step]]:
    """Split into as few interviews as needed, of nearly equal length."""
    count = -(-len(steps) // size)
    base, extra = divmod(len(steps), count)
    chunks, start = [], 0
    for number in range(count):
        length = base + (1 if number < extra else 0)
        chunks.append(steps[start : start + length])
        start += length
    return chunks


@lru_cache(maxsize=1)
def _yanbian_places() -> frozenset[str]:
    return frozenset(p.id for p in read_places() if _YANBIAN in (p.id, p.parent_id))


@lru_cache(maxsize=1)
def _place_names() -> PlaceNames:
    """Place names as survivors say them in Korean (연길, not 연길시) and in English."""
    return {p.id: (_spoken_korean(p), _short_english(p)) for p in read_places()}


def _spoken_korean(place: Place) -> str:
    name = place.name_ko or place.name_ko_sk or place.name_en
    for suffix in ("조선족자치현", "만족자치현", "조선족자치주", "시", "현"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _short_english(place: Place) -> str:
    name = place.name_en
    for suffix in (" Korean Autonomous County", " Manchu Autonomous County", " County", " Province"):
        name = name.removesuffix(suffix)
    return name
