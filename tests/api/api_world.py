"""Helpers of the API tests: the markers, the API-only URLs, users and token-authenticated clients."""

from __future__ import annotations

import types
from dataclasses import dataclass

from django.test import Client
from django.urls import include, path

from moksori.web.accounts.models import Compartment, User
from moksori.web.api.tokens import issue_token
from moksori.web.coding.models import Event
from moksori.web.testimonies.models import Consent, Interview, Passage, Survivor
from moksori.web.vocabulary.models import Term, VocabularyVersion

# Planted in every identity field: none may reach a role that may not see identity.
IDENTITY_MARKERS = {
    "name_hangul": "김표식마커",
    "name_latin": "Markerperson Zeta",
    "birth_year": "1985",
    "home_province": "MARKERPROVINCE",
    "contact": "MARKERCONTACT",
}
TRANSCRIPT = "그날 브로커가 나를 팔았다."

# Only the API is mounted: the other apps' URL modules are not part of these tests.
API_ONLY_URLCONF = types.ModuleType("moksori_api_test_urls")
API_ONLY_URLCONF.urlpatterns = [path("api/", include("moksori.web.api.urls"))]  # type: ignore[attr-defined]


@dataclass
class World:
    own: Compartment
    foreign: Compartment
    survivor: Survivor
    interview: Interview
    passage: Passage
    consent: Consent
    event: Event


def load_event_terms() -> None:
    version = VocabularyVersion.objects.create(scheme="nkcn", version="test", content_hash="0" * 64)
    Term.objects.create(scheme="nkcn", group="events", code="sale", label_en="Sale", version=version)
    Term.objects.create(scheme="nkcn", group="events", code="arrest", label_en="Arrest", version=version)


def make_user(role: str, *compartments: Compartment, username: str | None = None) -> User:
    # No password: API users authenticate by token, and Argon2 hashing would slow the matrix down.
    user = User.objects.create(username=username or f"{role}-{User.objects.count()}", role=role)
    user.compartments.set(compartments)
    return user


def token_client(user: User) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user, 'tests')}")
