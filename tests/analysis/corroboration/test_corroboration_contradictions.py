"""Contradictions: one incident told with another date, place or actor is flagged, nothing else is."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from moksori.analysis.corroboration import (
    ActorRecord,
    ActRecord,
    EventRecord,
    Evidence,
    Involved,
    PlaceResolver,
    builtin_allegations,
    evaluate_allegation,
    find_contradictions,
)
from moksori.synthetic.retold import RetoldDemo

BROKERS = [
    ActorRecord("b1", "Broker A", "act_broker", "c1"),
    ActorRecord("b1-other-org", "Broker A", "act_broker", "c2"),
    ActorRecord("b2", "Broker B", "act_broker", "c2"),
]


def handover(event_id: str, testimony: str, source: str, broker: str, **changes: object) -> EventRecord:
    event = EventRecord(
        id=event_id,
        testimony=testimony,
        source=source,
        organisation=testimony,
        type="evt_handover",
        interviews=(f"i-{testimony}",),
        date_precision="month",
        date_start=date(2012, 5, 1),
        date_end=date(2012, 5, 31),
        place="cn_jl_yanji",
        acts=(ActRecord(f"{event_id}/0", "pal_act_transfer", (Involved(broker, "act_broker"),)),),
    )
    return replace(event, **changes)  # type: ignore[arg-type]


def kinds(events: list[EventRecord], places: PlaceResolver) -> list[tuple[str, bool]]:
    evidence = Evidence.build(events, BROKERS, places)
    return [
        (c.kind, c.same_source) for c in find_contradictions(evidence.events, evidence.resolution, places)
    ]


def test_the_same_woman_dating_one_hand_over_two_years_apart_is_a_date_contradiction(
    places: PlaceResolver,
) -> None:
    first = handover("e1", "row-a", "woman-1", "b1")
    again = handover(
        "e2", "row-b", "woman-1", "b1-other-org", date_start=date(2014, 1, 1), date_end=date(2014, 12, 31)
    )
    assert kinds([first, again], places) == [("date", True)]


def test_a_neighbouring_month_or_a_place_within_the_other_is_no_contradiction(places: PlaceResolver) -> None:
    first = handover("e1", "row-a", "woman-1", "b1")
    again = handover(
        "e2",
        "row-b",
        "woman-1",
        "b1-other-org",
        date_start=date(2012, 6, 1),
        date_end=date(2012, 6, 30),
        place="cn_jl_yanbian",
    )
    assert kinds([first, again], places) == []


def test_another_city_or_another_broker_in_her_second_account_is_flagged(places: PlaceResolver) -> None:
    first = handover("e1", "row-a", "woman-1", "b1")
    elsewhere = handover("e2", "row-b", "woman-1", "b1-other-org", place="cn_ln_dandong")
    assert kinds([first, elsewhere], places) == [("place", True)]
    other_broker = handover("e3", "row-b", "woman-1", "b2")  # the only hand-over in each account
    assert kinds([first, other_broker], places) == [("actor", True)]


def test_two_events_in_one_testimony_are_two_incidents(places: PlaceResolver) -> None:
    first = handover("e1", "row-a", "woman-1", "b1")
    later = handover("e2", "row-a", "woman-1", "b1", date_start=date(2015, 1, 1), date_end=date(2015, 1, 31))
    assert kinds([first, later], places) == []


def test_two_women_handed_over_by_one_broker_in_other_months_are_two_incidents(places: PlaceResolver) -> None:
    first = handover("e1", "row-a", "woman-1", "b1")
    other = handover(
        "e2", "row-b", "woman-2", "b1-other-org", date_start=date(2013, 5, 1), date_end=date(2013, 5, 31)
    )
    assert kinds([first, other], places) == []


def test_on_demo_data_exactly_the_changed_retellings_are_flagged(
    retold: RetoldDemo, evidence: Evidence
) -> None:
    found = find_contradictions(evidence.events, evidence.resolution, evidence.places)
    same_woman = {(c.kind, c.events) for c in found if c.same_source}
    expected = {("date", tuple(sorted(pair))) for pair in retold.date_changed} | {
        ("place", tuple(sorted(pair))) for pair in retold.place_changed
    }
    assert same_woman == expected
    assert len(retold.date_changed) == 12
    assert len(retold.place_changed) == 6


def test_without_linkage_retellings_are_not_known_to_be_one_woman(unlinked: Evidence) -> None:
    found = find_contradictions(unlinked.events, unlinked.resolution, unlinked.places)
    assert not any(c.same_source for c in found)


def test_an_allegation_reports_contradictions_of_its_incidents_even_when_one_account_falls_outside(
    evidence: Evidence, retold: RetoldDemo
) -> None:
    result = evaluate_allegation(builtin_allegations()["broker_resale_yanbian_inland"], evidence)
    changed = {tuple(sorted(p)) for p in retold.date_changed}
    flagged = {c.events for c in result.contradictions if c.kind == "date"}
    assert flagged <= changed
    assert all(c.to_dict()["kind"] in ("date", "place", "actor") for c in result.contradictions)
