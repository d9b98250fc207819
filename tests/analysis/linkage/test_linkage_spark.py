"""The Spark backend on a local Spark session: the same persons as DuckDB, the CLI, a private scratch dir.

Spark starts once for the module (about 15 s). Without pyspark or Java the Spark tests skip with the
reason, except under CI=true, where they fail: CI must exercise the backend.
"""

from __future__ import annotations

import csv
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import typer
from typer.testing import CliRunner

from moksori.analysis.linkage.evaluate import score_clusters
from moksori.analysis.linkage.model import LinkageBackendUnavailable, link_records, spark_options
from moksori.analysis.linkage.result import LinkageResult
from moksori.analysis.linkage.settings import LinkageSettings
from moksori.analysis.linkage.spark_backend import (
    SparkOptions,
    column_kind,
    local_spark_session,
    spark_problem,
    to_spark_sql,
)
from moksori.analysis.linkage.synthetic import SyntheticLinkageData, generate_sources
from moksori.cli.link import register

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


def _require_spark() -> None:
    problem = spark_problem()
    if problem is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the Spark backend tests: {problem}")
    pytest.skip(problem)


@pytest.fixture(scope="module")
def scratch_parent(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("spark-scratch")


@pytest.fixture(scope="module")
def spark(scratch_parent: Path) -> Iterator[SparkSession]:
    _require_spark()
    base = spark_options(LinkageSettings(backend="spark"))
    options = SparkOptions(cores=base.cores, jars=base.jars, scratch_parent=str(scratch_parent))
    with local_spark_session(options) as session:
        yield session
    assert list(scratch_parent.iterdir()) == [], "the scratch directory outlived its session"


@pytest.fixture(scope="module")
def data() -> SyntheticLinkageData:
    return generate_sources(400, seed=13)


@pytest.fixture(scope="module")
def on_duckdb(data: SyntheticLinkageData) -> LinkageResult:
    return link_records(data.records, LinkageSettings(seed=7))


@pytest.fixture(scope="module")
def on_spark(data: SyntheticLinkageData, spark: SparkSession) -> LinkageResult:
    return link_records(data.records, LinkageSettings(seed=7, backend="spark"), spark_session=spark)


@pytest.mark.slow
def test_spark_finds_the_same_persons_as_duckdb(
    data: SyntheticLinkageData, on_duckdb: LinkageResult, on_spark: LinkageResult
) -> None:
    assert on_spark.n_records == on_duckdb.n_records > 300
    assert on_spark.pairs_scored == on_duckdb.pairs_scored
    duck = score_clusters(on_duckdb.cluster_ids, data.person_ids)
    spark = score_clusters(on_spark.cluster_ids, data.person_ids)
    assert abs(spark.bcubed_f1 - duck.bcubed_f1) <= 0.01, (spark.summary(), duck.summary())
    assert on_spark.cluster_ids == on_duckdb.cluster_ids


@pytest.mark.slow
def test_spark_scores_every_pair_like_duckdb(on_duckdb: LinkageResult, on_spark: LinkageResult) -> None:
    duck = {(p.left, p.right): p.match_probability for p in on_duckdb.pairs}
    spark = {(p.left, p.right): p.match_probability for p in on_spark.pairs}
    assert spark.keys() == duck.keys()
    assert max(abs(spark[key] - duck[key]) for key in duck) < 1e-6


@pytest.mark.slow
def test_a_run_leaves_no_tables_in_the_callers_session(spark: SparkSession, on_spark: LinkageResult) -> None:
    assert on_spark.n_clusters > 0
    assert [t.name for t in spark.catalog.listTables() if t.isTemporary] == []
    assert not spark.sparkContext._jsc.sc().getPersistentRDDs().nonEmpty()  # no Python API for this


@pytest.mark.slow
def test_the_session_is_private_quiet_and_encrypts_its_scratch_files(
    spark: SparkSession, scratch_parent: Path
) -> None:
    conf = spark.sparkContext.getConf()
    local_dir = Path(str(conf.get("spark.local.dir")))
    assert local_dir.parent.parent == scratch_parent
    assert stat.S_IMODE(local_dir.parent.stat().st_mode) == 0o700
    assert conf.get("spark.io.encryption.enabled") == "true"
    assert conf.get("spark.ui.enabled") == "false"
    assert conf.get("spark.eventLog.enabled") == "false"
    assert conf.get("spark.master") == "local[2]"
    assert str(local_dir.parent) in str(conf.get("spark.sql.warehouse.dir"))


@pytest.mark.slow
def test_a_second_session_is_refused_while_one_runs(spark: SparkSession) -> None:
    with pytest.raises(RuntimeError, match="already running"), local_spark_session():
        pass


@pytest.mark.slow
def test_the_cli_links_on_spark_and_agrees_with_duckdb(
    spark: SparkSession, data: SyntheticLinkageData, on_duckdb: LinkageResult, tmp_path: Path
) -> None:
    app = typer.Typer()
    register(app)
    source, out = tmp_path / "records.csv", tmp_path / "clusters.csv"
    data.to_csv(source)
    threshold = str(on_duckdb.match_threshold)  # the CLI's default may differ from the library's
    args = [str(source), "--out", str(out), "--backend", "spark", "--seed", "7", "--threshold", threshold]
    args.append("--json")
    result = CliRunner().invoke(app, args)  # runs on the module's session, which is active
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["records"] == on_duckdb.n_records
    assert summary["clusters"] == on_duckdb.n_clusters
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [int(r["cluster_id"]) for r in rows] == list(on_duckdb.cluster_ids)
    assert out.stat().st_mode & 0o077 == 0


def test_without_java_a_spark_run_says_what_to_install(
    data: SyntheticLinkageData, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(LinkageBackendUnavailable, match="pip install pyspark") as raised:
        link_records(data.records[:20], LinkageSettings(backend="spark"))
    assert "Java 17" in str(raised.value)
    assert "--backend duckdb" in str(raised.value)


def test_the_models_duckdb_sql_becomes_spark_sql() -> None:
    assert (
        to_spark_sql("list_has_any(given_keys_l, given_keys_r)")
        == "ARRAYS_OVERLAP(given_keys_l, given_keys_r)"
    )
    assert to_spark_sql('"given_key_l" IS NULL OR "given_key_r" IS NULL') == (
        "`given_key_l` IS NULL OR `given_key_r` IS NULL"
    )
    assert to_spark_sql("ELSE") == "ELSE"
    assert "DAMERAU_LEVENSHTEIN(given_key_l, given_key_r) <= 1" in to_spark_sql(
        "damerau_levenshtein(given_key_l, given_key_r) <= 1"
    )


def test_feature_columns_are_typed_from_their_values() -> None:
    assert column_kind([1979.0, float("nan"), 1980.0], numeric_dtype=True) == "integer"
    assert column_kind([None, None], numeric_dtype=True) == "integer"
    assert column_kind([None, None], numeric_dtype=False) == "text"
    assert column_kind([["ri", "lee"], None], numeric_dtype=False) == "texts"
    assert column_kind(["kp_09", None], numeric_dtype=False) == "text"
    assert column_kind([0.5, 1.0], numeric_dtype=True) == "real"


def test_without_java_the_cli_exits_with_what_to_install(
    data: SyntheticLinkageData, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    app = typer.Typer()
    register(app)
    source = tmp_path / "records.csv"
    data.to_csv(source)
    result = CliRunner().invoke(app, [str(source), "--out", str(tmp_path / "c.csv"), "--backend", "spark"])
    assert result.exit_code == 2
    assert "pip install pyspark" in result.stderr
    assert "Java 17" in result.stderr
    assert not (tmp_path / "c.csv").exists()
