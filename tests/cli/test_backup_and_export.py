"""Backups restore only when intact; exports carry only what each survivor consented to, and are audited."""

from __future__ import annotations

import csv
import datetime
import os
from pathlib import Path

import pytest
import sqlcipher3
from typer.testing import CliRunner

from moksori.cli.main import app
from moksori.config import StorePaths
from moksori.crypto.keystore import unlock_keyfile
from moksori.web.accounts.models import Compartment, User
from moksori.web.audit.models import AuditEntry
from moksori.web.backup import BackupError, create_backup, restore_backup
from moksori.web.testimonies.actions import (
    do_create_interview,
    do_create_survivor,
    do_record_consent,
    do_withdraw_consent,
)

pytestmark = [pytest.mark.django_db(transaction=True)]
SECRET = os.environ["MOKSORI_DB_KEY"]


@pytest.fixture
def three_survivors(compartment: Compartment, interviewer: User) -> None:
    """S-YES consents to statistics, S-WITHDRAWN consented then withdrew, S-NO never answered."""
    for code in ("S-YES", "S-WITHDRAWN", "S-NO"):
        survivor = do_create_survivor(
            by=interviewer, compartment=compartment, code=code, name_hangul=f"{code}김"
        )
        do_create_interview(
            survivor, by=interviewer, conducted_on=datetime.date(2023, 1, 1), passages=[("말", "")]
        )
        if code != "S-NO":
            consent = do_record_consent(
                survivor,
                by=interviewer,
                purpose="aggregate_statistics",
                given=True,
                recorded_on=datetime.date(2023, 1, 1),
            )
            if code == "S-WITHDRAWN":
                do_withdraw_consent(consent, by=interviewer, reason="changed her mind")


def test_an_export_holds_only_survivors_whose_consent_is_in_force(
    three_survivors: None, tmp_path: Path
) -> None:
    out = tmp_path / "stats.csv"
    result = CliRunner().invoke(app, ["export", "--purpose", "aggregate_statistics", "--out", str(out)])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as handle:
        codes = {row["survivor_code"] for row in csv.DictReader(handle)}
    assert codes == {"S-YES"}
    assert "김" not in out.read_text(encoding="utf-8")
    assert out.stat().st_mode & 0o777 == 0o600
    assert AuditEntry.objects.filter(action="export.aggregate_statistics").count() == 1


def test_identities_are_never_exported_for_statistics(three_survivors: None, tmp_path: Path) -> None:
    args = [
        "export",
        "--purpose",
        "aggregate_statistics",
        "--with-identity",
        "--out",
        str(tmp_path / "x.csv"),
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert not (tmp_path / "x.csv").exists()


@pytest.mark.sqlcipher
def test_a_backup_restores_into_an_empty_home_and_opens(three_survivors: None, tmp_path: Path) -> None:
    from django.conf import settings

    archive = create_backup(
        settings.MOKSORI_PATHS, unlock_keyfile(settings.MOKSORI_PATHS.keyfile, SECRET)
    ).path
    target = StorePaths(tmp_path / "restored")
    assert restore_backup(archive, target, SECRET) >= 2
    key = unlock_keyfile(target.keyfile, SECRET).database
    connection = sqlcipher3.connect(str(target.database))
    connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    assert connection.execute("SELECT count(*) FROM testimonies_survivor").fetchone() == (3,)
    connection.close()


@pytest.mark.sqlcipher
def test_an_altered_backup_is_refused_and_nothing_is_restored(three_survivors: None, tmp_path: Path) -> None:
    from django.conf import settings

    archive = create_backup(
        settings.MOKSORI_PATHS, unlock_keyfile(settings.MOKSORI_PATHS.keyfile, SECRET)
    ).path
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0x01
    altered = tmp_path / "altered.tar"
    altered.write_bytes(bytes(data))
    target = StorePaths(tmp_path / "restored")
    with pytest.raises(BackupError):
        restore_backup(altered, target, SECRET)
    assert not target.database.exists()
