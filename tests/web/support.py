"""Helpers of the web tests: marker identity values, verified clients and a small world of cases."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from moksori.web.accounts import permissions
from moksori.web.accounts.models import Compartment, User
from moksori.web.coding.actions import do_code_event
from moksori.web.coding.models import Event
from moksori.web.testimonies.actions import do_create_interview, do_create_survivor, do_record_consent
from moksori.web.testimonies.models import Consent, Interview, Survivor

PASSWORD = "correct horse battery 1"
IDENTITY_MARKERS = {
    "name_hangul": "김표식이름",
    "name_latin": "Markername Kim",
    "home_province": "표식도",
    "contact": "MARKER-CONTACT-0101",
}


@dataclass(frozen=True)
class Case:
    survivor: Survivor
    interview: Interview
    consent: Consent
    event: Event


@dataclass(frozen=True)
class World:
    own: Case
    foreign: Case


def confirmed_device(user: User) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="default", confirmed=True)


def verified_client(user: User) -> Client:
    """A client logged in as ``user`` and, for TOTP roles, verified as if a code had been typed."""
    client = Client()
    client.force_login(user)
    if permissions.needs_second_factor(user):
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = confirmed_device(user).persistent_id
        session.save()
    return client


def make_case(compartment: Compartment, code: str) -> Case:
    survivor = do_create_survivor(
        by=None, compartment=compartment, code=code, birth_year="1988", **IDENTITY_MARKERS
    )
    interview = do_create_interview(
        survivor,
        by=None,
        conducted_on=datetime.date(2024, 3, 2),
        place="서울",
        passages=[
            ("1998년 겨울에 강을 건넜습니다.", "We crossed the river in winter 1998."),
            ("브로커가 저를 팔았습니다.", "A broker sold me."),
        ],
    )
    consent = do_record_consent(
        survivor, by=None, purpose="aggregate_statistics", given=True, recorded_on=datetime.date(2024, 3, 2)
    )
    passage = interview.passages.get(anchor="p0001")
    event = do_code_event(passage, by=None, type_code="evt_border_crossing", span=(6, 13))
    return Case(survivor, interview, consent, event)
