"""Lost fields and duplicates within an organisation are said out loud, by row and column, never by value."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from moksori.analysis.linkage.evaluate import score_clusters
from moksori.analysis.linkage.normalise import normalise_rows
from moksori.analysis.linkage.quality import (
    input_warnings,
    lost_field_warnings,
    within_source_duplicates,
)
from moksori.analysis.linkage.synthetic import SyntheticLinkageData, generate_sources
from moksori.cli.link import register

UNREADABLE = "sometime after the famine"  # a cell no year parser can read


def _rows(data: SyntheticLinkageData) -> list[dict[str, str]]:
    return [dict(r) for r in data.records]


def _with_duplicates(data: SyntheticLinkageData, count: int) -> tuple[list[dict[str, str]], list[int]]:
    """The records plus ``count`` exact second records, in the same organisation, of women it saw."""
    rows, truth = _rows(data), list(data.person_ids)
    seoul = [i for i, r in enumerate(rows) if r["source"] == "seoul"][:count]
    for n, i in enumerate(seoul):
        rows.append({**rows[i], "record_id": f"SEO-DUP-{n:04d}"})
        truth.append(truth[i])
    return rows, truth


@pytest.fixture(scope="module")
def data() -> SyntheticLinkageData:
    return generate_sources(1500, seed=44)


def test_each_lost_column_gets_one_line_with_its_count_and_first_row(data: SyntheticLinkageData) -> None:
    rows = _rows(data)
    for i in (3, 7, 11):
        rows[i]["birth_year"] = UNREADABLE
    rows[5]["china_place"] = "Atlantis"
    warnings = lost_field_warnings(normalise_rows(rows), "records.csv")
    by_column = {w.split(",")[1].split(":")[0].strip(): w for w in warnings}
    assert set(by_column) == {"column birth_year", "column china_place"}
    assert "3 of" in by_column["column birth_year"]
    assert "first: row 5" in by_column["column birth_year"]
    assert "not in the gazetteer" in by_column["column china_place"]
    assert all(UNREADABLE not in w and "Atlantis" not in w for w in warnings)


def test_clean_synthetic_data_raises_no_warning(data: SyntheticLinkageData) -> None:
    people = normalise_rows(_rows(data))
    assert input_warnings(people, "records.csv", one_record_per_source=True) == ()
    assert not within_source_duplicates(people).suspicious


def test_second_records_within_one_organisation_are_noticed(data: SyntheticLinkageData) -> None:
    rows, _ = _with_duplicates(data, 40)
    check = within_source_duplicates(normalise_rows(rows))
    assert check.suspicious
    assert check.within_pairs > check.expected_by_chance + 10
    warnings = input_warnings(normalise_rows(rows), "records.csv", one_record_per_source=True)
    assert any("--within-source" in w for w in warnings)
    assert input_warnings(normalise_rows(rows), "records.csv", one_record_per_source=False) == ()


def _run(app: typer.Typer, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _write(rows: list[dict[str, str]], path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_link_warns_on_stderr_and_within_source_links_second_records(
    data: SyntheticLinkageData, tmp_path: Path
) -> None:
    app = typer.Typer()
    register(app)
    rows, truth = _with_duplicates(data, 40)
    rows[2]["left_year"] = UNREADABLE
    path = _write(rows, tmp_path / "records.csv")
    out = tmp_path / "clusters.csv"
    code, stdout, stderr = _run(app, str(path), "--out", str(out), "--json")
    assert code == 0
    assert "column left_year" in stderr
    assert "--within-source" in stderr
    assert UNREADABLE not in stderr
    assert not json.loads(stdout)["within_source"]
    across_only = [int(r["cluster_id"]) for r in csv.DictReader(out.open(encoding="utf-8"))]
    code, stdout, stderr = _run(app, str(path), "--out", str(out), "--json", "--within-source")
    assert code == 0
    assert json.loads(stdout)["within_source"]
    assert "--within-source" not in stderr
    within = [int(r["cluster_id"]) for r in csv.DictReader(out.open(encoding="utf-8"))]
    second = [i for i, r in enumerate(rows) if r["record_id"].startswith("SEO-DUP")]
    firsts = [i for i, r in enumerate(rows) if r["source"] == "seoul"][: len(second)]
    pairs = list(zip(firsts, second, strict=True))
    assert sum(within[a] == within[b] for a, b in pairs) >= 0.9 * len(pairs)
    assert not any(across_only[a] == across_only[b] for a, b in pairs)
    assert score_clusters(within, truth).bcubed_recall > score_clusters(across_only, truth).bcubed_recall
