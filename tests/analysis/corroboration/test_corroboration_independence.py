"""Independent sources are women, not rows: two testimonies of one survivor are never counted twice."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from moksori.analysis.corroboration import (
    ActorRecord,
    ActRecord,
    EventRecord,
    Evidence,
    Involved,
    PlaceResolver,
    allegation_from_dict,
    builtin_allegations,
    evaluate_allegation,
)
from moksori.synthetic.retold import RetoldDemo

POLICE_SALES = allegation_from_dict(
    {
        "name": "police_sales",
        "version": 1,
        "event_types": ["evt_sale"],
        "actor_roles": ["act_police_china"],
        "places": ["도문"],
    }
)
POLICE = ActorRecord("police-1", "Public security post", "act_police_china", "c1")


def sale(event_id: str, testimony: str, source: str, organisation: str, interviewer: str = "") -> EventRecord:
    return EventRecord(
        id=event_id,
        testimony=testimony,
        source=source,
        organisation=organisation,
        type="evt_sale",
        interviews=(f"interview-{testimony}",),
        interviewers=(interviewer,) if interviewer else (),
        date_precision="month",
        date_start=date(2017, 3, 1),
        date_end=date(2017, 3, 31),
        place="cn_jl_tumen",
        acts=(
            ActRecord(f"{event_id}/0", "pal_act_transfer", (Involved("police-1", "act_police_china"),), ()),
        ),
        passages=(f"passage-{event_id}",),
    )


def test_a_survivor_told_to_two_organisations_is_one_source(places: PlaceResolver) -> None:
    events = [
        sale("e1", "row-a", "woman-1", "org-1", "int-1"),
        sale("e2", "row-b", "woman-1", "org-2", "int-2"),  # the same woman, linked by linkage
        sale("e3", "row-c", "woman-2", "org-1", "int-1"),
    ]
    result = evaluate_allegation(POLICE_SALES, Evidence.build(events, [POLICE], places))
    assert (result.n_events, result.n_testimonies, result.n_sources) == (3, 3, 2)
    assert (result.n_organisations, result.n_interviewers) == (2, 2)
    assert result.corroborated
    assert [len(s.testimonies) for s in result.sources] == [2, 1]
    assert result.passages == ("passage-e1", "passage-e2", "passage-e3")
    assert any("more than one testimony" in c for c in result.caveats)


def test_one_survivor_alone_never_corroborates_however_often_she_tells_it(places: PlaceResolver) -> None:
    events = [sale(f"e{i}", f"row-{i}", "woman-1", f"org-{i}") for i in range(4)]
    result = evaluate_allegation(POLICE_SALES, Evidence.build(events, [POLICE], places))
    assert result.n_testimonies == 4
    assert result.n_sources == 1
    assert not result.corroborated
    assert "not corroborated" in result.summary()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=5), min_size=1, max_size=12))
def test_sources_are_the_distinct_women_behind_the_rows(women: list[int]) -> None:
    places = _PLACES
    events = [sale(f"e{i}", f"row-{i}", f"woman-{w}", f"org-{i % 3}") for i, w in enumerate(women)]
    result = evaluate_allegation(POLICE_SALES, Evidence.build(events, [POLICE], places))
    assert result.n_sources == len(set(women))
    assert result.n_testimonies == len(women)
    assert sum(len(s.testimonies) for s in result.sources) == len(women)


def test_linking_retold_testimonies_lowers_sources_by_exactly_the_linked_rows(
    retold: RetoldDemo, evidence: Evidence, unlinked: Evidence
) -> None:
    retelling = {second: first for first, second in retold.same_person}
    for allegation in builtin_allegations().values():
        before = evaluate_allegation(allegation, unlinked)
        after = evaluate_allegation(allegation, evidence)
        assert after.n_testimonies == before.n_testimonies
        assert after.passages == before.passages
        testimonies = {t for s in before.sources for t in s.testimonies}
        doubled = sum(1 for second, first in retelling.items() if {first, second} <= testimonies)
        assert after.n_sources == before.n_sources - doubled
        for source in after.sources:  # no source holds rows of two different women
            assert len({t.removesuffix("-R") for t in source.testimonies}) == 1


def test_results_are_serialisable_and_framed_per_source(evidence: Evidence) -> None:
    import json

    result = evaluate_allegation(builtin_allegations()["police_sales_yanbian"], evidence)
    data = json.loads(json.dumps(result.to_dict()))
    assert data["n_sources"] == result.n_sources == len(result.to_frame())
    assert len(result.fingerprint) == 64
    assert (
        result.fingerprint
        == evaluate_allegation(builtin_allegations()["police_sales_yanbian"], evidence).fingerprint
    )


def _places() -> PlaceResolver:
    from moksori.vocab.reader import read_places

    return PlaceResolver(read_places())


_PLACES = _places()
