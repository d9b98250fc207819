"""Frozen records of the synthetic demo dataset. Every person, name and number in them is invented."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, fields
from datetime import date
from typing import Literal

DatePrecision = Literal["exact", "month", "year", "range", "before", "after"]
ConsentPurpose = Literal[
    "internal_case_work",
    "aggregate_statistics",
    "anonymised_quotation",
    "partner_sharing",
    "legal_proceedings",
]
CONSENT_PURPOSES: tuple[ConsentPurpose, ...] = (
    "internal_case_work",
    "aggregate_statistics",
    "anonymised_quotation",
    "partner_sharing",
    "legal_proceedings",
)


def _plain(value: object) -> object:
    """JSON-ready form of a field value: dates as ISO text, tuples as lists, records as dicts."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    return value


class _Record:
    """Mixin giving the slotted dataclasses below a generic ``to_dict``."""

    __slots__ = ()

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready form."""
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class DemoOrganisation(_Record):
    """A fictional organisation holding testimonies."""

    key: str
    name_en: str
    name_ko: str
    kind: str


@dataclass(frozen=True, slots=True)
class DemoSurvivor(_Record):
    """A fictional survivor; ``home_province`` is a places.csv id of a DPRK province."""

    key: str
    organisation_key: str
    code: str
    name_hangul: str
    name_latin: str
    birth_year: int
    home_province: str
    contact: str
    children_born_in_china: int


@dataclass(frozen=True, slots=True)
class DemoInterview(_Record):
    """One recorded session: aligned Korean passages and English translations, one passage per event."""

    key: str
    survivor_key: str
    date: date
    place: str
    language: str
    interviewer_index: int
    passages_ko: tuple[str, ...]
    passages_en: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DemoConsent(_Record):
    """The survivor's answer for one purpose of use."""

    survivor_key: str
    purpose: ConsentPurpose
    given: bool
    partner: str | None
    recorded_on: date


@dataclass(frozen=True, slots=True)
class DemoActor(_Record):
    """A perpetrator, official or helper; brokers, venues and police posts recur across testimonies."""

    key: str
    label: str
    aliases: tuple[str, ...]
    role: str
    identified: bool


@dataclass(frozen=True, slots=True)
class DemoAct(_Record):
    """What was done at an event: ``type`` is a code of ``scheme``; actors are (actor key, nkcn role code)."""

    type: str
    price_amount: int | None
    price_currency: str | None
    actors: tuple[tuple[str, str], ...]
    scheme: str = "nkcn"


@dataclass(frozen=True, slots=True)
class DemoEvent(_Record):
    """One event of a trajectory, as the survivor dated it.

    ``date_end`` is set for 'month', 'year' and 'range' (the last possible day); for 'before'
    ``date_start`` is the bound the event happened before, for 'after' the bound it happened after; for
    'exact' it is the day.
    """

    key: str
    survivor_key: str
    interview_key: str
    passage_index: int
    type: str
    date_precision: DatePrecision
    date_start: date
    date_end: date | None
    place_id: str
    acts: tuple[DemoAct, ...]

    def earliest(self) -> date:
        """Earliest day the stated date allows."""
        return date.min if self.date_precision == "before" else self.date_start

    def latest(self) -> date:
        """Latest day the stated date allows."""
        if self.date_precision in ("exact", "before"):
            return self.date_start
        if self.date_precision == "after":
            return date.max
        return self.date_end if self.date_end is not None else self.date_start


@dataclass(frozen=True, slots=True)
class DemoDataset(_Record):
    """The whole generated dataset, with the parameters that reproduce it."""

    seed: int
    n: int
    organisations: tuple[DemoOrganisation, ...]
    survivors: tuple[DemoSurvivor, ...]
    interviews: tuple[DemoInterview, ...]
    consents: tuple[DemoConsent, ...]
    actors: tuple[DemoActor, ...]
    events: tuple[DemoEvent, ...]

    def summary(self) -> str:
        """A few lines describing size and composition, for the command line and logs."""
        types = Counter(e.type for e in self.events)
        exploitation = Counter(a.type for e in self.events for a in e.acts if a.type.startswith("exp_"))
        top = ", ".join(f"{code} {count}" for code, count in exploitation.most_common(4))
        return (
            f"Synthetic demo data (seed {self.seed}, fictional people only): {len(self.organisations)} "
            f"organisations, {len(self.survivors)} survivors, {len(self.interviews)} interviews, "
            f"{len(self.events)} events of {len(types)} types, {len(self.actors)} actors, "
            f"{len(self.consents)} consent answers. Exploitation acts: {top}."
        )
