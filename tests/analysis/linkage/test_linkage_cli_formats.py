"""`moksori link` reads the file an organisation's spreadsheet saved, and links it as it links the CSV."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pytest
import typer
from typer.testing import CliRunner

from moksori.analysis.linkage.normalise import LINKAGE_COLUMNS
from moksori.analysis.linkage.synthetic import SyntheticLinkageData, generate_sources
from moksori.cli.link import read_linkage_rows, register


@pytest.fixture(scope="module")
def data() -> SyntheticLinkageData:
    return generate_sources(120, seed=12)


def _write_text(data: SyntheticLinkageData, path: Path, *, delimiter: str, encoding: str) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=LINKAGE_COLUMNS, delimiter=delimiter)
        writer.writeheader()
        writer.writerows(data.records)
    return path


def _write_xlsx(data: SyntheticLinkageData, path: Path) -> Path:
    """As Excel keeps it: whole-number years as numbers, one birth date as a date."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(LINKAGE_COLUMNS))
    for record in data.records:
        row: list[object] = [record[c] for c in LINKAGE_COLUMNS]
        for position, column in enumerate(LINKAGE_COLUMNS):
            if column in ("birth_year", "left_year") and record[column].isdigit():
                row[position] = float(record[column])
        sheet.append(row)
    sheet.cell(row=2, column=LINKAGE_COLUMNS.index("birth_year") + 1).value = dt.datetime(1979, 3, 2)
    book.save(path)
    return path


def _clusters(app: typer.Typer, path: Path, out: Path) -> list[str]:
    result = CliRunner().invoke(app, [str(path), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    return out.read_text(encoding="utf-8").splitlines()


def test_semicolons_tabs_utf16_and_xlsx_link_like_the_plain_csv(
    data: SyntheticLinkageData, tmp_path: Path
) -> None:
    app = typer.Typer()
    register(app)
    plain = _clusters(
        app, _write_text(data, tmp_path / "a.csv", delimiter=",", encoding="utf-8"), tmp_path / "o"
    )
    others = [
        _write_text(data, tmp_path / "b.csv", delimiter=";", encoding="utf-8-sig"),
        _write_text(data, tmp_path / "c.tsv", delimiter="\t", encoding="utf-16"),
    ]
    for path in others:
        assert _clusters(app, path, tmp_path / "o") == plain


def test_xlsx_numbers_and_dates_read_as_the_years_they_hold(
    data: SyntheticLinkageData, tmp_path: Path
) -> None:
    rows = read_linkage_rows(_write_xlsx(data, tmp_path / "records.xlsx"), encoding=None)
    assert rows[0]["birth_year"] == "1979-03-02"
    numeric = [i for i, r in enumerate(data.records) if r["left_year"].isdigit()]
    assert all(rows[i]["left_year"] == data.records[i]["left_year"] for i in numeric)
    app = typer.Typer()
    register(app)
    result = CliRunner().invoke(app, [str(tmp_path / "records.xlsx"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0
    assert "could not be read" not in result.stderr
