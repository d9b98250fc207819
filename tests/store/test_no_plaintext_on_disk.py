"""Markers planted in every sensitive field and file appear in no byte on disk, nor in a pg_dump.

The workflows run through the real actions: create, edit, interview with passages, an attachment,
consent and its withdrawal, coding, an audited read, a backup. Then every file under the data
directory, every new file in the temp directory, the captured logs and (server mode) a pg_dump
are scanned for each marker in UTF-8 and UTF-16.
"""

from __future__ import annotations

import datetime
import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from moksori.crypto.keystore import unlocked
from moksori.web.accounts.models import Compartment, User
from moksori.web.backup import create_backup
from moksori.web.testimonies.actions import (
    do_add_attachment,
    do_create_interview,
    do_create_survivor,
    do_record_consent,
    do_update_survivor,
    do_withdraw_consent,
    read_attachment,
)
from moksori.web.testimonies.queries import identity_of, survivor_for

pytestmark = pytest.mark.django_db(transaction=True)

MARKERS = {
    "name_hangul": "퍼플마커희",
    "name_latin": "Purplemarker Hee",
    "contact": "MARKER-CONTACT-010-5555",
    "home_province": "MARKERPROVINCE",
    "place": "MARKERPLACE-Yanji",
    "transcript": "보라색표식문장입니다",
    "translation": "MARKER-TRANSLATION-SENTENCE",
    "attachment": "MARKER-ATTACHMENT-CONTENT",
    "attachment_name": "MARKER-FILENAME.txt",
    "withdrawal": "MARKER-WITHDRAWAL-REASON",
    "edited_name": "수정마커명",
}


def _run_workflows(compartment: Compartment, interviewer: User) -> None:
    survivor = do_create_survivor(
        by=interviewer,
        compartment=compartment,
        code="S-PLANT",
        name_hangul=MARKERS["name_hangul"],
        name_latin=MARKERS["name_latin"],
        contact=MARKERS["contact"],
        home_province=MARKERS["home_province"],
        birth_year="1980",
    )
    interview = do_create_interview(
        survivor,
        by=interviewer,
        conducted_on=datetime.date(2023, 4, 2),
        place=MARKERS["place"],
        passages=[(MARKERS["transcript"], MARKERS["translation"])],
    )
    attachment = do_add_attachment(
        interview,
        by=interviewer,
        file_name=MARKERS["attachment_name"],
        data=MARKERS["attachment"].encode() * 100,
        media_type="text/plain",
    )
    consent = do_record_consent(
        survivor,
        by=interviewer,
        purpose="aggregate_statistics",
        given=True,
        recorded_on=datetime.date(2023, 4, 2),
    )
    do_withdraw_consent(consent, by=interviewer, reason=MARKERS["withdrawal"])
    do_update_survivor(survivor, by=interviewer, name_hangul=MARKERS["edited_name"])
    seen = survivor_for(interviewer, survivor.pk)
    assert identity_of(interviewer, seen)["name_hangul"] == MARKERS["edited_name"]
    assert MARKERS["attachment"].encode() in read_attachment(attachment, by=interviewer)
    logging.getLogger("moksori.test").warning("workflow done for %s", survivor.code)


def _files_under(folder: Path) -> dict[Path, float]:
    found = {}
    for root, _dirs, names in os.walk(folder):
        for name in names:
            path = Path(root) / name
            try:
                found[path] = path.stat().st_mtime
            except OSError:
                continue
    return found


def _hits(data: bytes) -> list[str]:
    return [
        key
        for key, marker in MARKERS.items()
        if marker.encode("utf-8") in data or marker.encode("utf-16-le") in data
    ]


def test_no_marker_in_any_file_log_or_temp_file(
    compartment: Compartment, interviewer: User, caplog: pytest.LogCaptureFixture
) -> None:
    temp_before = _files_under(Path(tempfile.gettempdir()))
    with caplog.at_level(logging.DEBUG):
        _run_workflows(compartment, interviewer)
        if connection.vendor == "sqlite":
            create_backup(settings.MOKSORI_PATHS, unlocked())
    connection.close()
    home = Path(settings.MOKSORI_PATHS.home)
    scanned = _files_under(home)
    assert any(p.name.startswith("test-store") for p in scanned) or connection.vendor != "sqlite"
    assert any(p.parent.name == "attachments" for p in scanned)
    new_temp = {
        p: t
        for p, t in _files_under(Path(tempfile.gettempdir())).items()
        if temp_before.get(p) != t and home not in p.parents
    }
    leaks = {str(p): _hits(p.read_bytes()) for p in [*scanned, *new_temp] if p.is_file()}
    assert {p: h for p, h in leaks.items() if h} == {}
    assert _hits(caplog.text.encode()) == []


@pytest.mark.postgres
def test_pg_dump_shows_no_plaintext(compartment: Compartment, interviewer: User) -> None:
    if connection.vendor != "postgresql":
        pytest.fail("run with MOKSORI_DATABASE_URL set to a PostgreSQL database")
    _run_workflows(compartment, interviewer)
    pg_dump = shutil.which("pg_dump")
    assert pg_dump, "pg_dump is needed (Debian package postgresql-client)"
    params = connection.get_connection_params()
    dump = subprocess.run(
        [
            pg_dump,
            "--no-owner",
            "-h",
            str(params.get("host") or "127.0.0.1"),
            "-p",
            str(params.get("port") or 5432),
            "-U",
            str(params.get("user") or "postgres"),
            str(connection.settings_dict["NAME"]),
        ],
        capture_output=True,
        check=True,
        timeout=120,
    ).stdout
    assert b"testimonies_survivor" in dump
    assert _hits(dump) == []
