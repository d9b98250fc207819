"""Allegation files: validation, place names in any script, years, and routes ("from Yanbian to ...")."""

from __future__ import annotations

import pytest

from moksori.analysis.corroboration import (
    AllegationError,
    Evidence,
    PlaceResolver,
    UnknownPlaceError,
    allegation_from_dict,
    builtin_allegations,
    evaluate_allegation,
    matching_events,
)

SHIPPED = (
    "broker_resale_yanbian_inland",
    "forced_cybersex",
    "police_sales_tumen_2016_2018",
    "police_sales_yanbian",
)


def test_the_shipped_allegations_load() -> None:
    assert tuple(sorted(builtin_allegations())) == SHIPPED


@pytest.mark.parametrize(
    "name", ["Tumen", "도문", "도문시", "图们", "图们市", "투먼", "Tumen Shi", "cn_jl_tumen"]
)
def test_tumen_is_found_in_every_script(places: PlaceResolver, name: str) -> None:
    assert places.resolve(name) == "cn_jl_tumen"


def test_a_prefecture_holds_its_cities_and_unknown_places_are_errors(places: PlaceResolver) -> None:
    assert {"cn_jl_tumen", "cn_jl_yanji", "cn_jl_yanbian"} <= places.within(places.resolve("延边"))
    assert "cn_ln_dandong" not in places.within("cn_jl_yanbian")
    with pytest.raises(UnknownPlaceError, match="Atlantis"):
        places.resolve("Atlantis")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"name": "x", "version": 1}, "at least one of"),
        ({"name": "x y", "version": 1, "event_types": ["evt_sale"]}, "name"),
        ({"name": "x", "version": 0, "event_types": ["evt_sale"]}, "version"),
        ({"name": "x", "version": 1, "event_types": "evt_sale"}, "event_types"),
        ({"name": "x", "version": 1, "event_types": ["evt_sale"], "years": [2018, 2016]}, "years"),
        ({"name": "x", "version": 1, "event_types": ["evt_sale"], "place": ["Tumen"]}, "unknown field"),
    ],
)
def test_malformed_definitions_say_what_to_fix(raw: dict[str, object], message: str) -> None:
    with pytest.raises(AllegationError, match=message):
        allegation_from_dict(raw, origin="test.yaml")


def test_an_unknown_place_in_a_definition_is_an_error_when_evaluated(evidence: Evidence) -> None:
    allegation = allegation_from_dict(
        {"name": "x", "version": 1, "event_types": ["evt_sale"], "places": ["Atlantis"]}
    )
    with pytest.raises(AllegationError, match="Atlantis"):
        evaluate_allegation(allegation, evidence)


def test_filters_select_what_they_say(evidence: Evidence) -> None:
    yanbian = evidence.places.within("cn_jl_yanbian")
    police = matching_events(builtin_allegations()["police_sales_yanbian"], evidence)
    assert police
    for event in police:
        assert event.place in yanbian
        assert event.type in ("evt_sale", "evt_resale", "evt_handover")
        assert any(i.role == "act_police_china" for i in event.involved())
    years = matching_events(builtin_allegations()["police_sales_tumen_2016_2018"], evidence)
    assert all(e.years() is not None and 2016 <= e.years()[0] <= e.years()[1] <= 2018 for e in years)  # type: ignore[index]
    assert {e.id for e in years} <= {e.id for e in police}


def test_a_route_needs_an_earlier_event_of_the_same_testimony_at_its_origin(evidence: Evidence) -> None:
    allegation = builtin_allegations()["broker_resale_yanbian_inland"]
    route = matching_events(allegation, evidence)
    assert route
    yanbian = evidence.places.within("cn_jl_yanbian")
    for event in route:
        earlier = [e for e in evidence.events if e.testimony == event.testimony and e.order < event.order]
        assert any(e.place in yanbian for e in earlier)
    anywhere = allegation_from_dict({**allegation.to_dict(), "from_places": None})
    assert len(matching_events(anywhere, evidence)) > len(route)
