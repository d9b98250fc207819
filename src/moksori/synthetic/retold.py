"""Survivors who testify twice: the same (fictional) woman retells part of her story to a second organisation.

Real testimonies overlap like this: a woman interviewed by a rescue network is later interviewed by a
research institute. Her second account repeats the same events, with the same brokers, and sometimes
remembers a date or a place differently. This module adds such retellings to a generated dataset so that
linkage, de-duplication and the contradiction checks of corroboration have something to find. Which rows
are the same woman, and which retold events were changed, is returned alongside as the known truth.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from moksori.synthetic.generator import _place_names
from moksori.synthetic.model import DemoConsent, DemoDataset, DemoEvent, DemoInterview, DemoSurvivor
from moksori.synthetic.trajectories import Step
from moksori.synthetic.transcripts import passage

# The part of a trajectory a second interview about trafficking goes over again.
RETOLD_TYPES = frozenset(
    {"evt_border_crossing", "evt_handover", "evt_sale", "evt_resale", "evt_exploitation_start"}
)
_DATED = frozenset({"exact", "month", "year", "range"})
_OTHER_CROSSING = {"cn_jl_hunchun": "cn_jl_helong"}


@dataclass(frozen=True, slots=True)
class RetoldDemo:
    """The dataset with the retellings added, and the truth about them.

    ``same_person`` pairs (original survivor key, retelling survivor key); ``date_changed`` and
    ``place_changed`` pair (original event key, retold event key) for the events told differently.
    """

    dataset: DemoDataset
    same_person: tuple[tuple[str, str], ...]
    date_changed: tuple[tuple[str, str], ...]
    place_changed: tuple[tuple[str, str], ...]


def retell_in_other_organisations(dataset: DemoDataset, count: int, *, seed: int) -> RetoldDemo:
    """Add ``count`` second testimonies, each in another organisation than the survivor's first.

    Survivors retold are those with a clearly dated sale (so a changed year is a real contradiction). In
    each retelling the first sale is dated two years earlier; every second retelling also places the border
    crossing elsewhere. All else told again (crossing, hand-over, sales, exploitation) matches the first.
    """
    if len(dataset.organisations) < 2:
        raise ValueError("Retelling needs at least two organisations in the dataset.")
    rng = random.Random(f"retold:{seed}")
    events_of: dict[str, list[DemoEvent]] = {}
    for event in dataset.events:
        events_of.setdefault(event.survivor_key, []).append(event)
    candidates = [s for s in dataset.survivors if _first_dated_sale(events_of.get(s.key, []))]
    chosen = sorted(rng.sample(candidates, min(count, len(candidates))), key=lambda s: s.key)
    last_told = {i.survivor_key: i.date for i in dataset.interviews}
    for interview in dataset.interviews:
        last_told[interview.survivor_key] = max(last_told[interview.survivor_key], interview.date)
    additions = _Additions()
    for index, survivor in enumerate(chosen):
        additions.retell(
            survivor,
            events_of[survivor.key],
            dataset,
            last_told[survivor.key],
            rng,
            move_crossing=index % 2 == 1,
        )
    combined = replace(
        dataset,
        survivors=dataset.survivors + tuple(additions.survivors),
        interviews=dataset.interviews + tuple(additions.interviews),
        consents=dataset.consents + tuple(additions.consents),
        events=dataset.events + tuple(additions.events),
    )
    return RetoldDemo(
        combined, tuple(additions.same_person), tuple(additions.date_changed), tuple(additions.place_changed)
    )


def _first_dated_sale(events: list[DemoEvent]) -> DemoEvent | None:
    sale = next((e for e in events if e.type == "evt_sale"), None)
    return sale if sale is not None and sale.date_precision in _DATED else None


class _Additions:
    def __init__(self) -> None:
        self.survivors: list[DemoSurvivor] = []
        self.interviews: list[DemoInterview] = []
        self.consents: list[DemoConsent] = []
        self.events: list[DemoEvent] = []
        self.same_person: list[tuple[str, str]] = []
        self.date_changed: list[tuple[str, str]] = []
        self.place_changed: list[tuple[str, str]] = []

    def retell(
        self,
        survivor: DemoSurvivor,
        events: list[DemoEvent],
        dataset: DemoDataset,
        last_told: date,
        rng: random.Random,
        *,
        move_crossing: bool,
    ) -> None:
        other_orgs = [o.key for o in dataset.organisations if o.key != survivor.organisation_key]
        copy = replace(
            survivor,
            key=f"{survivor.key}-R",
            organisation_key=rng.choice(other_orgs),
            code=f"{survivor.code}-R",
            contact=f"{survivor.contact}-2",
        )
        interview_key = f"I-{survivor.key[2:]}-R1"
        told_on = last_told + timedelta(days=rng.randint(60, 400))
        sale = _first_dated_sale(events)
        retold = [e for e in events if e.type in RETOLD_TYPES][:14]
        passages_ko, passages_en = [], []
        for index, original in enumerate(retold):
            event = self._retold_event(original, copy.key, interview_key, index, sale, move_crossing)
            step = Step(event.type, event.date_start.toordinal(), event.place_id, event.acts)
            text_ko, text_en = passage(
                step, event.date_precision, event.date_start, event.date_end, _place_names(), rng
            )
            passages_ko.append(text_ko)
            passages_en.append(text_en)
            self.events.append(event)
        interviewer = rng.randrange(3)
        self.interviews.append(
            DemoInterview(
                interview_key,
                copy.key,
                told_on,
                "Online video call",
                "ko",
                interviewer,
                tuple(passages_ko),
                tuple(passages_en),
            )
        )
        self.consents += [
            replace(c, survivor_key=copy.key, recorded_on=told_on)
            for c in dataset.consents
            if c.survivor_key == survivor.key
        ]
        self.survivors.append(copy)
        self.same_person.append((survivor.key, copy.key))

    def _retold_event(
        self,
        original: DemoEvent,
        survivor_key: str,
        interview_key: str,
        index: int,
        sale: DemoEvent | None,
        move_crossing: bool,
    ) -> DemoEvent:
        event = replace(
            original,
            key=f"{original.key}-R",
            survivor_key=survivor_key,
            interview_key=interview_key,
            passage_index=index,
        )
        if original is sale:
            year = original.earliest().year - 2
            event = replace(
                event, date_precision="year", date_start=date(year, 1, 1), date_end=date(year, 12, 31)
            )
            self.date_changed.append((original.key, event.key))
        elif move_crossing and original.type == "evt_border_crossing":
            elsewhere = _OTHER_CROSSING.get(original.place_id, "cn_jl_hunchun")
            event = replace(event, place_id=elsewhere)
            self.place_changed.append((original.key, event.key))
        return event
