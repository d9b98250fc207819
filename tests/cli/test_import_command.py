"""`moksori import`: all or nothing, clear errors naming row and field, Korean encodings detected."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from moksori.cli.main import app
from moksori.web.audit.chain import verify_chain
from moksori.web.testimonies.models import Consent, Interview, Passage, Survivor
from tests.cli.helpers import synthetic_rows, write_csv

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_file_with_one_bad_row_names_row_and_field_and_writes_nothing(tmp_path: Path) -> None:
    rows = synthetic_rows(3)
    rows[1]["birth_year"] = "19x5"
    path = write_csv(tmp_path / "testimonies.csv", rows)
    result = CliRunner().invoke(app, ["import", str(path), "--compartment", "Seoul"])
    assert result.exit_code == 1
    assert "testimonies.csv" in result.output
    assert "birth_year" in result.output
    assert " 3 " in result.output  # row 3: the header is row 1
    assert Survivor.objects.count() == 0
    assert Interview.objects.count() == 0


def test_a_valid_file_is_imported_with_passages_consents_and_audit(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "good.csv", synthetic_rows(5))
    result = CliRunner().invoke(app, ["import", str(path), "--compartment", "Seoul"])
    assert result.exit_code == 0, result.output
    assert Survivor.objects.count() == 5
    assert Interview.objects.count() == 5
    assert Passage.objects.count() >= 5
    assert Consent.objects.filter(purpose="aggregate_statistics", given=True).count() == 5
    assert verify_chain().ok


def test_a_cp949_file_from_korean_excel_is_detected(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "excel.csv", synthetic_rows(2), encoding="cp949")
    result = CliRunner().invoke(app, ["import", str(path), "--compartment", "Seoul"])
    assert result.exit_code == 0, result.output
    names = {s.name_hangul for s in Survivor.objects.all()}
    assert all(any("\uac00" <= ch <= "\ud7a3" for ch in name) for name in names)


def test_decomposed_hangul_is_stored_composed(tmp_path: Path) -> None:
    import unicodedata

    rows = synthetic_rows(1)
    rows[0]["name_hangul"] = unicodedata.normalize("NFD", "김영희")
    path = write_csv(tmp_path / "mac.csv", rows)
    assert CliRunner().invoke(app, ["import", str(path), "--compartment", "Seoul"]).exit_code == 0
    assert Survivor.objects.get().name_hangul == "김영희"


def test_dry_run_checks_and_writes_nothing(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "dry.csv", synthetic_rows(3))
    result = CliRunner().invoke(app, ["import", str(path), "--compartment", "Seoul", "--dry-run"])
    assert result.exit_code == 0
    assert "nothing was written" in result.output
    assert Survivor.objects.count() == 0


def _with_interviewer(path: Path, interviewer: str) -> Path:
    import csv

    from tests.cli.helpers import COLUMNS

    rows = [{**row, "interviewer": interviewer} for row in synthetic_rows(2)]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*COLUMNS, "interviewer"])
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_the_interviewer_column_is_kept(tmp_path: Path) -> None:
    from moksori.web.accounts.models import User

    User.objects.create(username="kim-interviewer", role="interviewer")
    path = _with_interviewer(tmp_path / "by.csv", "kim-interviewer")
    result = CliRunner().invoke(app, ["import", str(path), "--compartment", "Seoul"])
    assert result.exit_code == 0, result.output
    assert {i.interviewer.username for i in Interview.objects.all() if i.interviewer} == {"kim-interviewer"}


def test_an_interviewer_without_an_account_stops_the_import(tmp_path: Path) -> None:
    path = _with_interviewer(tmp_path / "by.csv", "nobody-here")
    result = CliRunner().invoke(app, ["import", str(path), "--compartment", "Seoul"])
    assert result.exit_code == 2
    assert "nobody-here" in result.output
    assert "moksori createuser" in result.output
    assert Survivor.objects.count() == 0
