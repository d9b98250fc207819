"""The embedded store is SQLCipher: nothing planted in a protected field is readable on disk."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from moksori.web.accounts.models import Compartment, User
from moksori.web.testimonies.actions import do_create_interview, do_create_survivor
from moksori.web.testimonies.models import Passage, Survivor

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.sqlcipher]

MARKERS = ("김마커사람", "Markerperson Kim", "녹취마커문장", "TRANSCRIPTMARKER")


def test_protected_fields_round_trip_through_the_encrypted_store(
    compartment: Compartment, interviewer: User
) -> None:
    survivor = do_create_survivor(
        by=interviewer,
        compartment=compartment,
        code="S-0001",
        name_hangul=MARKERS[0],
        name_latin=MARKERS[1],
        birth_year="1985",
    )
    do_create_interview(
        survivor, by=interviewer, conducted_on=datetime.date(2023, 5, 1), passages=[(MARKERS[2], MARKERS[3])]
    )
    again = Survivor.objects.get(pk=survivor.pk)
    assert again.name_hangul == MARKERS[0]
    assert again.birth_year == "1985"
    assert Passage.objects.get(interview__survivor=again).text == MARKERS[2]


def test_database_file_holds_no_planted_marker(compartment: Compartment, interviewer: User) -> None:
    survivor = do_create_survivor(
        by=interviewer, compartment=compartment, code="S-0002", name_hangul=MARKERS[0], name_latin=MARKERS[1]
    )
    do_create_interview(
        survivor, by=interviewer, conducted_on=datetime.date(2023, 5, 1), passages=[(MARKERS[2], MARKERS[3])]
    )
    connection.close()
    home = Path(settings.MOKSORI_PATHS.home)
    files = [p for p in home.rglob("*") if p.is_file()]
    assert any(p.name.startswith("test-store.db") for p in files)
    for path in files:
        data = path.read_bytes()
        for marker in MARKERS:
            for encoded in (marker.encode("utf-8"), marker.encode("utf-16-le")):
                assert encoded not in data, f"{marker!r} found in {path.name}"
    assert not (home / "test-store.db").read_bytes().startswith(b"SQLite format 3")
