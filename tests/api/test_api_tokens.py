"""API tokens: stored only as a hash, shown once, audited, refused once revoked or inactive."""

from __future__ import annotations

import hashlib

import pytest
from api_world import World, make_user
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from moksori.web.accounts.models import ApiToken, Role
from moksori.web.api.auth import FAILURE_LIMIT
from moksori.web.api.tokens import issue_token, revoke_token
from moksori.web.audit.models import AuditEntry

LIST_URL = "/api/v1/survivors"


def bearer(token: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def test_only_the_sha256_of_a_token_is_stored(world: World) -> None:
    token = issue_token(make_user(Role.INTERVIEWER, world.own), "nightly export")
    stored = ApiToken.objects.get(name="nightly export")
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {str(value) for value in ApiToken.objects.values_list(flat=False).get(pk=stored.pk)}


def test_tokens_are_43_url_safe_characters_and_never_repeat(world: World) -> None:
    user = make_user(Role.INTERVIEWER, world.own)
    tokens = {issue_token(user, f"t{i}") for i in range(20)}
    assert len(tokens) == 20
    assert all(len(t) == 43 and t.replace("-", "").replace("_", "").isalnum() for t in tokens)


def test_issuing_and_revoking_are_audited_without_the_token(world: World) -> None:
    user = make_user(Role.INTERVIEWER, world.own)
    token = issue_token(user, "script", by=user)
    revoke_token(ApiToken.objects.get(user=user), by=user)
    entries = AuditEntry.objects.filter(action__startswith="apitoken.")
    assert [e.action for e in entries] == ["apitoken.issue", "apitoken.revoke"]
    assert all(token not in e.digest and e.actor_id == str(user.pk) for e in entries)


def test_a_live_token_authenticates_and_records_its_use(world: World) -> None:
    user = make_user(Role.INTERVIEWER, world.own)
    response = bearer(issue_token(user, "script")).get(LIST_URL)
    assert response.status_code == 200
    assert ApiToken.objects.get(user=user).last_used_at is not None


def test_a_revoked_token_gets_401(world: World) -> None:
    user = make_user(Role.INTERVIEWER, world.own)
    token = issue_token(user, "script")
    revoke_token(ApiToken.objects.get(user=user))
    assert bearer(token).get(LIST_URL).status_code == 401


def test_a_token_revoked_through_the_api_stops_working(world: World) -> None:
    user = make_user(Role.CODER, world.own)
    token = issue_token(user, "script")
    token_id = ApiToken.objects.get(user=user).pk
    assert bearer(token).post(f"/api/v1/tokens/{token_id}/revoke").status_code == 200
    assert bearer(token).get(LIST_URL).status_code == 401


def test_a_token_of_an_inactive_user_gets_401(world: World) -> None:
    user = make_user(Role.INTERVIEWER, world.own)
    token = issue_token(user, "script")
    user.is_active = False
    user.save()
    assert bearer(token).get(LIST_URL).status_code == 401


def test_an_altered_token_gets_401(world: World) -> None:
    token = issue_token(make_user(Role.INTERVIEWER, world.own), "script")
    altered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert bearer(altered).get(LIST_URL).status_code == 401
    assert bearer(token + token).get(LIST_URL).status_code == 401


def test_a_user_cannot_see_or_revoke_another_users_token(world: World) -> None:
    owner = make_user(Role.INTERVIEWER, world.own)
    issue_token(owner, "owner's")
    other_token = issue_token(make_user(Role.INTERVIEWER, world.own), "other's")
    owners = ApiToken.objects.get(user=owner)
    assert bearer(other_token).post(f"/api/v1/tokens/{owners.pk}/revoke").status_code == 404
    assert [t["name"] for t in bearer(other_token).get("/api/v1/tokens").json()] == ["other's"]
    owners.refresh_from_db()
    assert owners.revoked_at is None


def test_only_an_administrator_issues_tokens_for_someone_else(world: World) -> None:
    owner = make_user(Role.INTERVIEWER, world.own)
    with pytest.raises(PermissionDenied):
        issue_token(owner, "sneaky", by=make_user(Role.COORDINATOR, world.own))
    assert issue_token(owner, "granted", by=make_user(Role.ADMIN))


def test_a_token_needs_a_name_and_an_active_user(world: World) -> None:
    user = make_user(Role.INTERVIEWER, world.own)
    with pytest.raises(ValidationError) as blank:
        issue_token(user, "  ")
    assert "name" in blank.value.message_dict
    user.is_active = False
    user.save()
    with pytest.raises(ValidationError):
        issue_token(user, "script")


def test_repeated_failed_tokens_are_throttled_even_for_a_valid_token(world: World) -> None:
    token = issue_token(make_user(Role.INTERVIEWER, world.own), "script")
    for _ in range(FAILURE_LIMIT):
        assert bearer("wrong-token").get(LIST_URL).status_code == 401
    assert bearer("wrong-token").get(LIST_URL).status_code == 429
    assert bearer(token).get(LIST_URL).status_code == 429
