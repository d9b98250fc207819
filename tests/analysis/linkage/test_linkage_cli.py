"""`moksori link`: outputs, the JSON summary, and clear errors for bad input."""

from __future__ import annotations

import csv
import json
import unicodedata
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from moksori.analysis.linkage.synthetic import generate_sources
from moksori.cli.link import register

HEADER = "source,record_id,name_ko,name_latin,sex,birth_year,home_province,left_year,china_place\n"


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    application = typer.Typer()
    register(application)
    return application


@pytest.fixture(scope="module")
def demo_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("link") / "records.csv"
    generate_sources(250, seed=21).to_csv(path)
    return path


def _run(app: typer.Typer, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def linked(app: typer.Typer, demo_csv: Path) -> tuple[dict[str, object], Path, Path]:
    out, capture = demo_csv.with_name("clusters.csv"), demo_csv.with_name("capture.csv")
    code, stdout, _ = _run(app, str(demo_csv), "--out", str(out), "--capture", str(capture), "--json")
    assert code == 0
    return json.loads(stdout), out, capture


def test_link_writes_clusters_and_capture_histories_and_prints_a_json_summary(
    linked: tuple[dict[str, object], Path, Path],
) -> None:
    summary, out, capture = linked
    assert {"records", "clusters", "pairs_scored", "seconds"} <= set(summary)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == summary["records"]
    assert len({r["cluster_id"] for r in rows}) == summary["clusters"]
    captured = list(csv.DictReader(capture.open(encoding="utf-8")))
    assert sum(int(r["count"]) for r in captured) == summary["clusters"]
    assert list(captured[0]) == ["bangkok", "seoul", "yanbian", "count"]
    assert out.stat().st_mode & 0o077 == 0


def test_a_missing_required_column_names_the_column_and_the_fix(app: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("source,name_ko\nseoul,김영희\n", encoding="utf-8")
    code, _, stderr = _run(app, str(path), "--out", str(tmp_path / "c.csv"))
    assert code == 2
    assert "bad.csv" in stderr
    assert "record_id" in stderr
    assert "add a 'record_id' column" in stderr
    assert "김영희" not in stderr


def test_duplicate_record_ids_give_row_and_column_without_the_name(app: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "dup.csv"
    path.write_text(HEADER + "seoul,1,김영희,,,,,,\nseoul,1,박순희,,,,,,\n", encoding="utf-8")
    code, _, stderr = _run(app, str(path), "--out", str(tmp_path / "c.csv"))
    assert code == 2
    assert "row 3, column record_id" in stderr
    assert "김영희" not in stderr
    assert "박순희" not in stderr


def test_cp949_without_encoding_is_read_as_korean_or_refused_never_garbled(
    app: typer.Typer, tmp_path: Path
) -> None:
    path = tmp_path / "excel.csv"
    # Duplicate ids stop the run right after decoding: the error shows the file was read correctly.
    text = HEADER + "서울,1,김영희,,여,1979,함북,,연길\n서울,1,리영희,,여,1979,함북,,연길\n"
    path.write_bytes(text.encode("cp949"))
    code, _, stderr = _run(app, str(path), "--out", str(tmp_path / "c.csv"))
    assert code == 2
    assert "row 3, column record_id" in stderr or "--encoding" in stderr
    code, _, stderr = _run(app, str(path), "--out", str(tmp_path / "c.csv"), "--encoding", "cp949")
    assert "row 3, column record_id" in stderr


def test_an_undecodable_file_asks_for_encoding(app: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "binary.csv"
    path.write_bytes(HEADER.encode() + b"seoul,1,\xff\xfe\xff,,,,,,\n")
    code, _, stderr = _run(app, str(path), "--out", str(tmp_path / "c.csv"))
    assert code == 2
    assert "--encoding" in stderr


def test_nfd_hangul_from_macos_links_exactly_like_nfc(
    app: typer.Typer, demo_csv: Path, linked: tuple[dict[str, object], Path, Path], tmp_path: Path
) -> None:
    nfd = tmp_path / "nfd.csv"
    nfd.write_text(unicodedata.normalize("NFD", demo_csv.read_text(encoding="utf-8")), encoding="utf-8")
    code, _, _ = _run(app, str(nfd), "--out", str(tmp_path / "nfd_out.csv"))
    assert code == 0
    assert linked[1].read_text() == (tmp_path / "nfd_out.csv").read_text()


def test_a_threshold_outside_zero_and_one_is_an_error(
    app: typer.Typer, demo_csv: Path, tmp_path: Path
) -> None:
    code, _, stderr = _run(app, str(demo_csv), "--out", str(tmp_path / "c.csv"), "--threshold", "1.5")
    assert code == 2
    assert "match_threshold" in stderr


def test_a_missing_file_is_an_error_naming_it(app: typer.Typer, tmp_path: Path) -> None:
    code, _, stderr = _run(app, str(tmp_path / "nope.csv"), "--out", str(tmp_path / "c.csv"))
    assert code == 2
    assert "nope.csv" in stderr
