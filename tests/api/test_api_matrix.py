"""Role × endpoint × compartment matrix, generated from the routes the NinjaAPI registers.

Every route must have a rule here: a new endpoint without one fails the suite. For each role and
for a user granted the data's compartment (own) or only another one (foreign), the status must be
the rule's; a role that may not see identity never receives an identity field or value.
"""

from __future__ import annotations

import datetime
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from api_world import IDENTITY_MARKERS, World, make_user, token_client
from django.test import Client
from ninja.utils import normalize_path

from moksori.web.accounts import permissions
from moksori.web.accounts.models import Role, User
from moksori.web.api.api import api
from moksori.web.api.tokens import issue_token
from moksori.web.testimonies.actions import do_record_consent

BASE = "/api/v1"
ALL_ROLES = frozenset(Role)
READ = permissions.TESTIMONY_READ_ROLES
WRITE = permissions.TESTIMONY_WRITE_ROLES
CONSENT = permissions.CONSENT_WRITE_ROLES
CODE = permissions.CODING_WRITE_ROLES


@dataclass(frozen=True)
class Call:
    url: str
    body: dict[str, Any] | None = None


Builder = Callable[[World, User], Call]


@dataclass(frozen=True)
class Rule:
    """Who may call a route, the status they get on their own compartment, and on a foreign one.

    ``foreign`` None means the route is not about compartment data (the same answer either way).
    Roles outside ``roles`` get 403 on their own compartment, 403 or 404 on a foreign one.
    """

    roles: frozenset[Role]
    ok: int
    foreign: int | None
    build: Builder


def fresh_consent_url(world: World, user: User) -> Call:
    consent = do_record_consent(
        world.survivor,
        by=None,
        purpose="aggregate_statistics",
        given=True,
        recorded_on=datetime.date(2024, 1, 1),
    )
    return Call(f"{BASE}/consents/{consent.pk}/withdraw", {"reason": "changed her mind"})


def fresh_token_url(world: World, user: User) -> Call:
    issue_token(user, "to revoke")
    token = user.api_tokens.get(name="to revoke")
    return Call(f"{BASE}/tokens/{token.pk}/revoke", {})


RULES: dict[tuple[str, str], Rule] = {
    ("GET", "/survivors"): Rule(READ, 200, 200, lambda w, u: Call(f"{BASE}/survivors")),
    ("POST", "/survivors"): Rule(
        WRITE,
        201,
        403,
        lambda w, u: Call(f"{BASE}/survivors", {"compartment": str(w.own.pk), "code": uuid.uuid4().hex[:12]}),
    ),
    ("GET", "/survivors/{survivor_id}"): Rule(
        READ, 200, 404, lambda w, u: Call(f"{BASE}/survivors/{w.survivor.pk}")
    ),
    ("PATCH", "/survivors/{survivor_id}"): Rule(
        WRITE, 200, 404, lambda w, u: Call(f"{BASE}/survivors/{w.survivor.pk}", {"contact": "MARKERCONTACT"})
    ),
    ("GET", "/survivors/{survivor_id}/interviews"): Rule(
        READ, 200, 404, lambda w, u: Call(f"{BASE}/survivors/{w.survivor.pk}/interviews")
    ),
    ("POST", "/survivors/{survivor_id}/interviews"): Rule(
        WRITE,
        201,
        404,
        lambda w, u: Call(
            f"{BASE}/survivors/{w.survivor.pk}/interviews",
            {"conducted_on": "2024-02-01", "passages": [{"text": "본문", "translation": "text"}]},
        ),
    ),
    ("POST", "/survivors/{survivor_id}/consents"): Rule(
        CONSENT,
        201,
        404,
        lambda w, u: Call(
            f"{BASE}/survivors/{w.survivor.pk}/consents",
            {"purpose": "legal_proceedings", "given": False, "recorded_on": "2024-02-01"},
        ),
    ),
    ("POST", "/consents/{consent_id}/withdraw"): Rule(CONSENT, 200, 404, fresh_consent_url),
    ("GET", "/interviews/{interview_id}"): Rule(
        READ, 200, 404, lambda w, u: Call(f"{BASE}/interviews/{w.interview.pk}")
    ),
    ("GET", "/interviews/{interview_id}/events"): Rule(
        READ, 200, 404, lambda w, u: Call(f"{BASE}/interviews/{w.interview.pk}/events")
    ),
    ("POST", "/passages/{passage_id}/events"): Rule(
        CODE,
        201,
        404,
        lambda w, u: Call(f"{BASE}/passages/{w.passage.pk}/events", {"type_code": "arrest", "span": [0, 2]}),
    ),
    ("GET", "/vocabulary/terms"): Rule(
        ALL_ROLES, 200, None, lambda w, u: Call(f"{BASE}/vocabulary/terms?scheme=nkcn&group=events")
    ),
    ("GET", "/tokens"): Rule(ALL_ROLES, 200, None, lambda w, u: Call(f"{BASE}/tokens")),
    ("POST", "/tokens/{token_id}/revoke"): Rule(ALL_ROLES, 200, None, fresh_token_url),
}


def registered_routes() -> Iterator[tuple[str, str, Any]]:
    """(method, path, operation) for every operation of every router bound to the API."""
    for bound in api._get_bound_routers():
        for route, view in bound.path_operations.items():
            for operation in view.operations:
                for method in operation.methods:
                    yield method, normalize_path("/".join(p for p in (bound.prefix, route) if p)), operation


ROUTES = sorted({(method, route) for method, route, _ in registered_routes()})


def send(client: Client, method: str, call: Call) -> Any:
    if call.body is None:
        return client.generic(method, call.url)
    return client.generic(method, call.url, json.dumps(call.body), content_type="application/json")


def expected(rule: Rule, role: Role, side: str) -> set[int]:
    if role in rule.roles:
        return {rule.ok if side == "own" or rule.foreign is None else rule.foreign}
    return {403} if side == "own" or rule.foreign is None else {403, 404}


def identity_keys_in(value: Any) -> set[str]:
    if isinstance(value, dict):
        found = set(value) & set(IDENTITY_MARKERS)
        return found.union(*(identity_keys_in(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(identity_keys_in(v) for v in value))
    return set()


def identity_leaks(content: bytes) -> list[str]:
    text = content.decode("utf-8", errors="replace")
    markers = [m for name, m in IDENTITY_MARKERS.items() if name != "birth_year" and m in text]
    body = json.loads(content) if content else None
    return markers + sorted(identity_keys_in(body))


def test_every_registered_route_has_a_rule_and_every_rule_a_route() -> None:
    assert set(ROUTES) - set(RULES) == set(), "a new endpoint needs a rule in RULES"
    assert set(RULES) - set(ROUTES) == set(), "a rule names an endpoint that no longer exists"


def test_every_registered_route_requires_a_token() -> None:
    unguarded = [
        (method, route) for method, route, operation in registered_routes() if not operation.auth_callbacks
    ]
    assert unguarded == []


def test_the_openapi_schema_lists_exactly_the_registered_routes(client_for: Callable[[str], Client]) -> None:
    schema = Client().get(f"{BASE}/openapi.json").json()
    listed = {
        (method.upper(), route.removeprefix(BASE)) for route, ops in schema["paths"].items() for method in ops
    }
    assert listed == set(ROUTES)


@pytest.mark.parametrize(("method", "route"), ROUTES, ids=[f"{m} {r}" for m, r in ROUTES])
def test_route_gives_each_role_and_compartment_its_ruled_status(
    world: World, method: str, route: str
) -> None:
    rule = RULES[(method, route)]
    mismatches = []
    for role in Role:
        for side, granted in (("own", world.own), ("foreign", world.foreign)):
            user = make_user(role, granted)
            call = rule.build(world, user)
            response = send(token_client(user), method, call)
            if response.status_code not in expected(rule, role, side):
                mismatches.append(
                    f"{role.value}/{side}: {response.status_code}, expected {expected(rule, role, side)}"
                )
            if role not in permissions.IDENTITY_ROLES and response.status_code < 300:
                leaks = identity_leaks(response.content)
                if leaks:
                    mismatches.append(f"{role.value}/{side}: identity leaked {leaks}")
    assert mismatches == []


@pytest.mark.parametrize(("method", "route"), ROUTES, ids=[f"{m} {r}" for m, r in ROUTES])
def test_route_refuses_a_request_without_a_valid_token(world: World, method: str, route: str) -> None:
    call = RULES[(method, route)].build(world, make_user(Role.COORDINATOR, world.own))
    for client in (
        Client(),
        Client(HTTP_AUTHORIZATION="Bearer not-a-token"),
        Client(HTTP_AUTHORIZATION="Basic eDp5"),
    ):
        response = send(client, method, call)
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Bearer"
