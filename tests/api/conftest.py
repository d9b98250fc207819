"""A small world for the API tests: two compartments, a survivor with planted identity markers,
an interview, a consent and a coded event, and token-authenticated clients for any role."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from api_world import (
    API_ONLY_URLCONF,
    IDENTITY_MARKERS,
    TRANSCRIPT,
    World,
    load_event_terms,
    make_user,
    token_client,
)
from django.core.cache import cache
from django.test import Client
from pytest_django.fixtures import Settings

from moksori.web.accounts.models import Compartment, Organisation
from moksori.web.coding.actions import do_code_event
from moksori.web.testimonies.actions import do_create_interview, do_create_survivor, do_record_consent
from moksori.web.testimonies.models import Passage


@pytest.fixture(autouse=True)
def api_urls(settings: Settings) -> None:
    settings.ROOT_URLCONF = API_ONLY_URLCONF


@pytest.fixture(autouse=True)
def fresh_failure_counts() -> None:
    cache.clear()


@pytest.fixture
def world(db: None) -> World:
    organisation = Organisation.objects.create(name="Test NGO")
    own = Compartment.objects.create(organisation=organisation, name="Seoul cases")
    foreign = Compartment.objects.create(organisation=organisation, name="Bangkok cases")
    load_event_terms()
    survivor = do_create_survivor(by=None, compartment=own, code="S-0001", **IDENTITY_MARKERS)
    interview = do_create_interview(
        survivor,
        by=None,
        conducted_on=datetime.date(2023, 5, 1),
        passages=[(TRANSCRIPT, "That day the broker sold me.")],
    )
    passage = Passage.objects.get(interview=interview)
    consent = do_record_consent(
        survivor, by=None, purpose="internal_case_work", given=True, recorded_on=datetime.date(2023, 5, 1)
    )
    event = do_code_event(passage, by=None, type_code="sale", span=(0, 2))
    return World(own, foreign, survivor, interview, passage, consent, event)


@pytest.fixture
def client_for(world: World) -> Callable[[str], Client]:
    """A client for a new user of ``role`` granted the world's own compartment."""
    return lambda role: token_client(make_user(role, world.own))
