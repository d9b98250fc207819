"""What the endpoints return, what they audit, and how they refuse bad input without echoing it."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from api_world import API_ONLY_URLCONF, IDENTITY_MARKERS, TRANSCRIPT, World, make_user, token_client
from django.test import Client
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from moksori.web.accounts.models import Role
from moksori.web.audit.models import AuditEntry
from moksori.web.testimonies.models import Consent, Survivor

BASE = "/api/v1"
ClientFor = Callable[[str], Client]


def post(client: Client, url: str, body: dict[str, object]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def test_identity_fields_are_absent_for_a_coder_and_present_for_a_coordinator(
    world: World, client_for: ClientFor
) -> None:
    as_coder = client_for(Role.CODER).get(f"{BASE}/survivors/{world.survivor.pk}")
    as_coordinator = client_for(Role.COORDINATOR).get(f"{BASE}/survivors/{world.survivor.pk}")
    assert as_coder.status_code == as_coordinator.status_code == 200
    assert set(as_coder.json()) == {"id", "code", "compartment", "created_at", "updated_at"}
    assert {k: as_coordinator.json()[k] for k in IDENTITY_MARKERS} == IDENTITY_MARKERS


def test_an_analyst_never_receives_a_survivor_or_its_identity(world: World, client_for: ClientFor) -> None:
    client = client_for(Role.ANALYST)
    for url in (
        f"{BASE}/survivors",
        f"{BASE}/survivors/{world.survivor.pk}",
        f"{BASE}/interviews/{world.interview.pk}",
    ):
        response = client.get(url)
        assert response.status_code == 403
        assert all(marker not in response.content.decode() for marker in IDENTITY_MARKERS.values())


def test_blank_identity_fields_are_readable_by_an_identity_role(world: World, client_for: ClientFor) -> None:
    client = client_for(Role.INTERVIEWER)
    created = post(client, f"{BASE}/survivors", {"compartment": str(world.own.pk), "code": "S-0002"})
    assert created.status_code == 201
    listed = client.get(f"{BASE}/survivors").json()
    assert {s["code"]: s["contact"] for s in listed} == {"S-0001": "MARKERCONTACT", "S-0002": ""}


def test_a_survivor_recorded_with_blank_fields_can_be_corrected(world: World, client_for: ClientFor) -> None:
    client = client_for(Role.INTERVIEWER)
    created = post(client, f"{BASE}/survivors", {"compartment": str(world.own.pk), "code": "S-0005"}).json()
    response = client.patch(
        f"{BASE}/survivors/{created['id']}",
        json.dumps({"birth_year": "1990"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["birth_year"] == "1990"
    assert response.json()["contact"] == ""


def test_a_bad_birth_year_gets_422_naming_the_field_without_echoing_it(
    world: World, client_for: ClientFor
) -> None:
    response = post(
        client_for(Role.INTERVIEWER),
        f"{BASE}/survivors",
        {"compartment": str(world.own.pk), "code": "S-0003", "birth_year": "19MARKER85"},
    )
    assert response.status_code == 422
    body = response.json()
    assert [e["field"] for e in body["errors"]] == ["birth_year"]
    assert "MARKER" not in response.content.decode()
    assert not Survivor.objects.filter(code="S-0003").exists()


def test_an_unknown_or_mistyped_field_gets_422_without_echoing_its_value(
    world: World, client_for: ClientFor
) -> None:
    response = post(
        client_for(Role.INTERVIEWER),
        f"{BASE}/survivors",
        {"compartment": str(world.own.pk), "code": "S-0004", "name_hangull": "김유출마커"},
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["name_hangull"]
    assert "김유출마커" not in response.content.decode()


def test_a_bad_date_in_an_interview_names_the_field(world: World, client_for: ClientFor) -> None:
    response = post(
        client_for(Role.INTERVIEWER),
        f"{BASE}/survivors/{world.survivor.pk}/interviews",
        {"conducted_on": "MARKERDAY", "passages": [{"text": "본문"}]},
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["conducted_on"]
    assert "MARKERDAY" not in response.content.decode()


def test_an_interview_is_returned_with_its_passages_and_anchors(world: World, client_for: ClientFor) -> None:
    client = client_for(Role.INTERVIEWER)
    created = post(
        client,
        f"{BASE}/survivors/{world.survivor.pk}/interviews",
        {"conducted_on": "2024-03-01", "passages": [{"text": "첫째"}, {"text": "둘째", "translation": "2"}]},
    )
    assert created.status_code == 201
    interview_id = created.json()["id"]
    read = client.get(f"{BASE}/interviews/{interview_id}").json()
    assert [(p["anchor"], p["text"], p["translation"]) for p in read["passages"]] == [
        ("p0001", "첫째", ""),
        ("p0002", "둘째", "2"),
    ]
    assert read["place"] == ""
    listed = client.get(f"{BASE}/survivors/{world.survivor.pk}/interviews").json()
    assert {i["id"] for i in listed} == {str(world.interview.pk), interview_id}


def test_reads_are_audited_with_the_request_id(world: World, client_for: ClientFor) -> None:
    response = client_for(Role.CODER).get(f"{BASE}/interviews/{world.interview.pk}")
    entry = AuditEntry.objects.filter(action="interview.read").last()
    assert entry is not None
    assert entry.object_id == str(world.interview.pk)
    assert entry.request_id == response["X-Request-Id"]


def test_coding_an_event_cites_the_passage_span_and_is_listed(world: World, client_for: ClientFor) -> None:
    client = client_for(Role.CODER)
    created = post(
        client,
        f"{BASE}/passages/{world.passage.pk}/events",
        {"type_code": "arrest", "span": [3, 6], "confidence": "high"},
    )
    assert created.status_code == 201
    events = client.get(f"{BASE}/interviews/{world.interview.pk}/events").json()
    assert sorted(e["type"]["code"] for e in events) == ["arrest", "sale"]
    arrest = next(e for e in events if e["type"]["code"] == "arrest")
    assert arrest["sources"] == [
        {
            "passage": str(world.passage.pk),
            "anchor": "p0001",
            "span_start": 3,
            "span_end": 6,
            "confidence": "high",
        }
    ]


def test_a_span_outside_the_passage_gets_422_naming_span(world: World, client_for: ClientFor) -> None:
    response = post(
        client_for(Role.CODER),
        f"{BASE}/passages/{world.passage.pk}/events",
        {"type_code": "arrest", "span": [0, len(TRANSCRIPT) + 1]},
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["span"]


def test_consent_is_recorded_and_withdrawn_once(world: World, client_for: ClientFor) -> None:
    client = client_for(Role.INTERVIEWER)
    created = post(
        client,
        f"{BASE}/survivors/{world.survivor.pk}/consents",
        {"purpose": "partner_sharing", "given": True, "recorded_on": "2024-01-01", "partner": "NGO B"},
    )
    assert created.status_code == 201
    consent_id = created.json()["id"]
    withdrawn = post(client, f"{BASE}/consents/{consent_id}/withdraw", {"reason": "asked"})
    assert withdrawn.json()["in_force"] is False
    again = post(client, f"{BASE}/consents/{consent_id}/withdraw", {})
    assert again.status_code == 422
    assert Consent.objects.get(pk=consent_id).withdrawal_reason == "asked"


def test_sharing_consent_without_a_partner_names_the_partner_field(
    world: World, client_for: ClientFor
) -> None:
    response = post(
        client_for(Role.INTERVIEWER),
        f"{BASE}/survivors/{world.survivor.pk}/consents",
        {"purpose": "partner_sharing", "given": True, "recorded_on": "2024-01-01"},
    )
    assert [e["field"] for e in response.json()["errors"]] == ["partner"]


def test_vocabulary_terms_are_listed_by_scheme_and_group(world: World, client_for: ClientFor) -> None:
    terms = client_for(Role.ANALYST).get(f"{BASE}/vocabulary/terms?scheme=nkcn&group=events").json()
    assert [t["code"] for t in terms] == ["arrest", "sale"]


def test_the_schema_endpoint_serves_valid_openapi_json(db: None) -> None:
    response = Client().get(f"{BASE}/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Moksori API"
    assert schema["components"]["securitySchemes"]["BearerToken"] == {"type": "http", "scheme": "bearer"}
    for operations in schema["paths"].values():
        for operation in operations.values():
            assert operation["responses"]
            assert operation["security"] == [{"BearerToken": []}]


def test_the_interactive_docs_page_is_not_served(db: None) -> None:
    # Checked on the URL registry: the project's 404 page needs the other apps' URLs.
    urls: Any = API_ONLY_URLCONF  # Django accepts a module; its stubs say str
    with pytest.raises(Resolver404):
        resolve(f"{BASE}/docs", urlconf=urls)
    with pytest.raises(NoReverseMatch):
        reverse("api-v1:openapi-view", urlconf=urls)
    assert reverse("api-v1:openapi-json", urlconf=urls) == f"{BASE}/openapi.json"


def test_a_user_of_another_compartment_lists_no_survivor_of_this_one(world: World) -> None:
    client = token_client(make_user(Role.COORDINATOR, world.foreign))
    assert client.get(f"{BASE}/survivors").json() == []


def test_the_project_urls_serve_the_api_under_api_v1() -> None:
    assert reverse("api-v1:openapi-json", urlconf="moksori.web.urls") == f"{BASE}/openapi.json"
