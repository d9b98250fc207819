"""Corroboration inputs straight from a synthetic demo dataset (no store): for tests, benchmarks and examples.

Mirrors what the store layer produces: one actor row per (organisation, demo actor), events keyed by demo
event, passages keyed '<interview>#<index>', and `source` the linkage cluster given by `same_person` pairs.
"""

from __future__ import annotations

from collections.abc import Iterable

from moksori.analysis.corroboration.model import ActorRecord, ActRecord, EventRecord, Involved
from moksori.synthetic.model import DemoDataset


def records_from_demo(
    dataset: DemoDataset, same_person: Iterable[tuple[str, str]] = ()
) -> tuple[tuple[EventRecord, ...], tuple[ActorRecord, ...]]:
    """(events, actor rows) of a demo dataset; `same_person` pairs of survivor keys are one source each."""
    source = {s.key: s.key for s in dataset.survivors}
    for first, second in same_person:
        source[second] = source[first]
    organisation = {s.key: s.organisation_key for s in dataset.survivors}
    interviewer = {
        i.key: f"{organisation[i.survivor_key]}:interviewer-{i.interviewer_index}" for i in dataset.interviews
    }
    demo_actors = {a.key: a for a in dataset.actors}
    rows: dict[tuple[str, str], ActorRecord] = {}
    order: dict[str, int] = {}
    events = []
    for event in dataset.events:
        org = organisation[event.survivor_key]
        passage = f"{event.interview_key}#{event.passage_index}"
        acts = []
        for index, act in enumerate(event.acts):
            involved = []
            for actor_key, role in act.actors:
                row_id = f"{org}:{actor_key}"
                if (org, actor_key) not in rows:
                    demo = demo_actors[actor_key]
                    rows[(org, actor_key)] = ActorRecord(
                        row_id, demo.label, demo.role, org, demo.aliases, demo.identified
                    )
                involved.append(Involved(row_id, role))
            acts.append(ActRecord(f"{event.key}/{index}", act.type, tuple(involved), (passage,)))
        position = order.get(event.survivor_key, 0)
        order[event.survivor_key] = position + 1
        events.append(
            EventRecord(
                id=event.key,
                testimony=event.survivor_key,
                source=source[event.survivor_key],
                organisation=org,
                type=event.type,
                interviews=(event.interview_key,),
                interviewers=(interviewer[event.interview_key],),
                date_precision=event.date_precision,
                date_start=event.date_start,
                date_end=event.date_end,
                place=event.place_id,
                acts=tuple(acts),
                passages=(passage,),
                order=position,
            )
        )
    return tuple(events), tuple(rows.values())
