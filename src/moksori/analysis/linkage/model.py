"""Record linkage with splink on DuckDB in memory: the only module of Moksori that imports splink.

Names never leave the process: DuckDB runs in memory with spilling disabled (an empty
``temp_directory``, so running out of memory is an error rather than a plaintext file on disk), only
keys from :mod:`features` are loaded, and splink's log output is silenced for the run.
"""

from __future__ import annotations

import logging
import math
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING

import duckdb
import numpy as np
import numpy.typing as npt
import pandas as pd
from splink import DuckDBAPI, Linker

from moksori.analysis.linkage import spark_backend, spec
from moksori.analysis.linkage.blocking import with_block_keys
from moksori.analysis.linkage.cluster_evidence import (
    PairEvidence,
    PersonEvidence,
    comparison_weights_sql,
    pair_evidence,
)
from moksori.analysis.linkage.clusters import cluster_pairs
from moksori.analysis.linkage.features import feature_columns
from moksori.analysis.linkage.gammas import (
    block_pair_count_sql,
    blocked_pairs_sql,
    columns_read,
    gamma_query,
    record_sample_sql,
    scored_levels,
    small_blocks_sql,
)
from moksori.analysis.linkage.normalise import NormalisationOptions, NormalisedPerson, Normaliser
from moksori.analysis.linkage.prior import (
    PriorEstimate,
    calibrate_prior,
    comparable_pairs,
    log2_odds,
    probabilities,
)
from moksori.analysis.linkage.quality import input_warnings
from moksori.analysis.linkage.result import LinkageResult, ScoredPair
from moksori.analysis.linkage.settings import Backend, LinkageSettings
from moksori.analysis.linkage.spark_backend import SparkOptions
from moksori.analysis.linkage.training import (
    FloatArray,
    GammaArray,
    expectation_maximisation,
    u_from_random_pairs,
)

if TYPE_CHECKING:  # Spark backend hook: types only, pyspark is imported when a Spark run starts
    from pyspark.sql import SparkSession
    from splink.backends.spark import SparkAPI

SPARK_UNAVAILABLE = spark_backend.SPARK_MISSING  # Spark backend hook: kept for callers of the old name


class LinkageBackendUnavailable(RuntimeError):  # noqa: N818 - reads as a sentence at the raise site
    """The chosen backend cannot run here; the message says what to install or use instead."""


# Told the name of each stage as it starts ("normalise", "block", "train", ...), for a progress display.
ProgressCallback = Callable[[str], None]


class _Stopwatch:
    def __init__(self, progress: ProgressCallback | None = None) -> None:
        self.timings: dict[str, float] = {}
        self._progress = progress

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        if self._progress is not None:
            self._progress(name)
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start


@contextmanager
def _quiet_splink() -> Iterator[None]:
    """Silence splink's logger for the run: its messages may quote values from the data."""
    splink_logger = logging.getLogger("splink")
    level, propagate = splink_logger.level, splink_logger.propagate
    splink_logger.setLevel(logging.CRITICAL + 1)
    splink_logger.propagate = False
    try:
        yield
    finally:
        splink_logger.setLevel(level)
        splink_logger.propagate = propagate


def private_duckdb(settings: LinkageSettings) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection that cannot spill to disk and loads no extension from the net."""
    connection = duckdb.connect(":memory:")
    connection.execute("SET temp_directory = ''")
    connection.execute("SET autoinstall_known_extensions = false")
    if settings.threads is not None:
        connection.execute(f"SET threads = {int(settings.threads)}")
    if settings.memory_limit is not None:
        connection.execute("SET memory_limit = ?", [settings.memory_limit])
    return connection


def _gamma_array(connection: duckdb.DuckDBPyConnection, query: str, width: int) -> GammaArray:
    columns = connection.execute(query).fetchnumpy()
    if width == 0 or len(columns["g0"]) == 0:
        return np.zeros((0, width), dtype=np.int8)
    return np.column_stack([np.asarray(columns[f"g{i}"], dtype=np.int8) for i in range(width)])


def _random_pair_gammas(
    connection: duckdb.DuckDBPyConnection, orgs: npt.NDArray[np.int64], settings: LinkageSettings
) -> GammaArray:
    """Comparison vectors of random record pairs (of different sources when each records a woman once)."""
    rng = np.random.default_rng(settings.seed)
    size = int(settings.u_max_pairs)
    left, right = rng.integers(len(orgs), size=size), rng.integers(len(orgs), size=size)
    keep = left != right
    if settings.one_record_per_source:
        keep &= orgs[left] != orgs[right]
    pairs = pd.DataFrame(
        {"id_l": np.minimum(left, right)[keep], "id_r": np.maximum(left, right)[keep]}
    ).drop_duplicates()
    connection.register("random_pairs", pairs)
    comparisons = spec.comparisons()
    query = gamma_query(comparisons, "SELECT id_l, id_r FROM random_pairs", "features")
    return _gamma_array(connection, query, len(comparisons))


def _blocked_gammas(
    connection: duckdb.DuckDBPyConnection, block: Sequence[str], settings: LinkageSettings
) -> GammaArray:
    """Comparison vectors of pairs agreeing on ``block``, in small blocks only, among a record sample
    that caps the pairs.

    Only blocks of at most ``em_max_block_size`` records train: in a block of every 김영희 of a
    province, matches are a share that shrinks as the data grows, and EM then mistakes namesakes with
    close birth years for matches. Small blocks (rarer names) keep matches common at any size; how
    often matches agree on a field does not depend on how common their name is.
    """
    small = small_blocks_sql(block, "features", settings.em_max_block_size)
    connection.execute(f"CREATE OR REPLACE TEMP TABLE em_blocks AS {small}")
    count = float(connection.execute(block_pair_count_sql(block, "em_blocks")).fetchone()[0])  # type: ignore[index]
    fraction = min(1.0, math.sqrt(settings.em_max_pairs / count)) if count else 1.0
    sample = record_sample_sql("em_blocks", fraction, settings.seed)
    connection.execute(f"CREATE OR REPLACE TEMP TABLE em_sample AS {sample}")
    rule = spec.block_rule(block, across_sources=settings.one_record_per_source)
    comparisons = spec.comparisons()
    query = gamma_query(comparisons, blocked_pairs_sql(rule, "em_sample"), "features")
    return _gamma_array(connection, query, len(comparisons))


def _train(
    connection: duckdb.DuckDBPyConnection, orgs: npt.NDArray[np.int64], settings: LinkageSettings
) -> tuple[list[FloatArray], list[FloatArray]]:
    """u from random pairs, then m by EM on each training block; returns (m, u) per comparison."""
    comparisons = spec.comparisons()
    sizes = [len(scored_levels(c)) for c in comparisons]
    u = u_from_random_pairs(_random_pair_gammas(connection, orgs, settings), sizes)
    m = [spec.starting_m(c) for c in comparisons]
    fixed = [spec.fixed_m(c) for c in comparisons]
    estimates: list[list[FloatArray]] = [[] for _ in comparisons]
    for block in spec.TRAINING_BLOCKS:
        estimate = [not (columns_read(c) & set(block)) for c in comparisons]
        gammas = _blocked_gammas(connection, block, settings)
        if len(gammas) == 0:
            continue
        fitted = expectation_maximisation(gammas, m, u, estimate, fixed_m=fixed)
        for found, fitted_m in zip(estimates, fitted.m, strict=True):
            if fitted_m is not None:
                found.append(fitted_m)
    # A comparison estimated in several passes (birth year, in both name passes) takes their mean.
    m = [np.mean(found, axis=0) if found else start for found, start in zip(estimates, m, strict=True)]
    return m, u


def _parameters(linker: Linker) -> dict[str, object]:
    """m and u probabilities by comparison level and the prior, from splink's saved model."""
    model = linker.misc.save_model_to_json()
    levels: dict[str, object] = {}
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            key = f"{comparison['output_column_name']}: {level.get('label_for_charts', '')}"
            levels[key] = {"m": level.get("m_probability"), "u": level.get("u_probability")}
    return {"probability_two_random_records_match": model["probability_two_random_records_match"], **levels}


def _scored_weights(connection: duckdb.DuckDBPyConnection, table: str) -> pd.DataFrame:
    """Every scored pair's positions and match weight, straight from DuckDB (no names)."""
    query = f"SELECT unique_id_l, unique_id_r, match_weight FROM {table}"  # noqa: S608 - splink's name
    return connection.execute(query).df()


def _calibrated_pairs(
    scored: pd.DataFrame, people: Sequence[NormalisedPerson], trained_prior: float, settings: LinkageSettings
) -> tuple[tuple[ScoredPair, ...], PriorEstimate]:
    """Re-estimate the prior over all scored pairs, then keep pairs at or above the review threshold."""
    evidence = scored["match_weight"].to_numpy(dtype="float64") - log2_odds(trained_prior)
    per_source = list(Counter(p.source for p in people).values())
    comparable = comparable_pairs(per_source, one_record_per_source=settings.one_record_per_source)
    prior = calibrate_prior(evidence, comparable, start=trained_prior)
    probability = probabilities(evidence, prior.probability)
    keep = probability >= settings.review_threshold
    weights = evidence[keep] + log2_odds(prior.probability)
    lefts = scored["unique_id_l"].to_numpy()[keep].tolist()
    rights = scored["unique_id_r"].to_numpy()[keep].tolist()
    pairs = tuple(
        ScoredPair(int(a), int(b), float(p), float(w))
        for a, b, p, w in zip(lefts, rights, probability[keep].tolist(), weights.tolist(), strict=True)
    )
    return pairs, prior


def link_people(
    people: Sequence[NormalisedPerson],
    settings: LinkageSettings,
    *,
    spark_session: SparkSession | None = None,
    progress: ProgressCallback | None = None,
) -> LinkageResult:
    """Link normalised records into persons with the Moksori splink model (see :mod:`spec`).

    With ``settings.backend == "spark"`` the blocked pairs are scored on ``spark_session`` (or on a
    private local session started for this run); everything else is the same for both backends.
    """
    if len(people) < 2:
        raise ValueError(f"{settings.file_label}: linkage needs at least two records")
    watch = _Stopwatch(progress)
    person_evidence = settings.person_evidence and len(people) <= settings.person_evidence_max_records
    with _quiet_splink(), _spark_for(settings, spark_session) as spark:
        connection = private_duckdb(settings)
        try:
            with watch.stage("load"):
                frame = pd.DataFrame(feature_columns(people))
                connection.register("features", frame)
                orgs = pd.factorize(frame["org"])[0].astype(np.int64)
            with watch.stage("block"):
                frame = with_block_keys(connection, "features", frame, settings.max_block_size)
                connection.register("features", frame)
            with watch.stage("train"):
                m, u = _train(connection, orgs, settings)
            with watch.stage("load"):
                api = splink_api(settings.backend, connection=connection, spark_session=spark)
                table = api.register(_splink_input(frame, spark), table_name="records")
                model = spec.splink_settings(across_sources=settings.one_record_per_source)
                model["comparisons"] = spec.with_parameters(spec.comparisons(), m, u)
                model["probability_two_random_records_match"] = 1.0 / len(people)
                # Each comparison's weight per pair, for the person-level check only: it widens the table.
                model["retain_intermediate_calculation_columns"] = person_evidence
                # splink's settings validation only writes log lines about missing columns (silenced
                # here) and took 0.18 s of a 1.1 s run at 5,000 records; a test validates the settings.
                linker = Linker(table, _splink_model(model, spark), log_level=None, validate_settings=False)
            with watch.stage("predict"):
                predicted = linker.inference.predict(threshold_match_probability=None)
                scored = _scored(connection, spark, predicted.physical_name)
                evidence = None
                if person_evidence:
                    floor = settings.person_pair_floor + log2_odds(1.0 / len(people))
                    evidence = _pair_evidence(connection, spark, predicted.physical_name, floor)
            parameters = _parameters(linker)
        finally:
            connection.close()
    with watch.stage("calibrate"):
        trained_prior = float(parameters["probability_two_random_records_match"])  # type: ignore[arg-type]
        pairs, prior = _calibrated_pairs(scored, people, trained_prior, settings)
        parameters = {**parameters, "probability_two_random_records_match": prior.probability}
        parameters["prior_calibration"] = prior.to_dict()
    with watch.stage("cluster"):
        check = (
            PersonEvidence(evidence, len(people), prior.probability).probability
            if evidence is not None
            else None
        )
        clusters = cluster_pairs(
            [p.source for p in people],
            [p.left for p in pairs],
            [p.right for p in pairs],
            [p.match_probability for p in pairs],
            threshold=settings.match_threshold,
            one_record_per_source=settings.one_record_per_source,
            person_check=check,
        )
    return LinkageResult(
        settings=settings,
        records=tuple((p.source, p.record_id) for p in people),
        cluster_ids=tuple(clusters.tolist()),
        pairs=pairs,
        match_threshold=settings.match_threshold,
        review_threshold=settings.review_threshold,
        pairs_scored=len(scored),
        parameters=parameters,
        timings=dict(watch.timings),
        issue_counts=dict(Counter(issue for p in people for issue in p.issues)),
        seed=settings.seed,
    )


def link_records(
    rows: Iterable[Mapping[str, str | None]],
    settings: LinkageSettings | None = None,
    *,
    spark_session: SparkSession | None = None,
    progress: ProgressCallback | None = None,
) -> LinkageResult:
    """Normalise linkage-CSV rows (see docs/methods/linkage.md) and link them into persons.

    ``progress``, if given, is told the name of each stage as it starts. Raises ``LinkageInputError``
    (file, row, column, fix; never a name) for structural problems and
    :class:`LinkageBackendUnavailable` for a backend that cannot run here.
    """
    settings = settings or LinkageSettings()
    _check_backend(settings, spark_session)
    if progress is not None:
        progress("normalise")
    start = time.perf_counter()
    people = Normaliser(NormalisationOptions(file_label=settings.file_label)).normalise_all(rows)
    warnings = input_warnings(
        people, settings.file_label, one_record_per_source=settings.one_record_per_source
    )
    normalising = time.perf_counter() - start
    result = link_people(people, settings, spark_session=spark_session, progress=progress)
    return replace(_with_timing(result, "normalise", normalising), warnings=(*warnings, *result.warnings))


def _with_timing(result: LinkageResult, stage: str, seconds: float) -> LinkageResult:
    return replace(result, timings={stage: seconds, **result.timings})


# --- Spark backend hook -------------------------------------------------------------------------
# The Spark-specific steps (session, Spark SQL, schema) live in spark_backend.py, which may not import
# splink; these few functions are the splink side. Training, the prior and clustering are shared.


def splink_api(
    backend: Backend,
    *,
    connection: duckdb.DuckDBPyConnection | None = None,
    spark_session: SparkSession | None = None,
) -> DuckDBAPI | SparkAPI:
    """splink's database API for ``backend``: DuckDB on ``connection`` or Spark on ``spark_session``."""
    if backend == "spark":
        from splink.backends.spark import SparkAPI

        # "persist" keeps splink's intermediate tables in Spark's memory (spilling, encrypted, to the
        # private scratch directory) instead of its default of writing them out as parquet files.
        return SparkAPI(spark_session=spark_session, break_lineage_method="persist")  # type: ignore[no-untyped-call]
    if connection is None:
        raise ValueError("the DuckDB backend runs on the run's private connection (see private_duckdb)")
    return DuckDBAPI(connection=connection)


def spark_options(settings: LinkageSettings) -> SparkOptions:
    """Local Spark for this run: ``settings.threads`` cores (2 by default) and splink's UDF jar."""
    with spark_backend.quiet_pyspark_warnings():  # importing splink's Spark side imports pyspark
        from splink.backends.spark import similarity_jar_location

    return SparkOptions(cores=settings.threads or 2, jars=(similarity_jar_location(),))


def _check_backend(settings: LinkageSettings, given: SparkSession | None) -> None:
    """Fail before any work when a Spark run has no session and cannot start one here."""
    if settings.backend == "spark" and given is None:
        problem = spark_backend.spark_problem()
        if problem is not None:
            raise LinkageBackendUnavailable(problem)


@contextmanager
def _spark_for(settings: LinkageSettings, given: SparkSession | None) -> Iterator[SparkSession | None]:
    """The Spark session of a Spark run (the caller's, or a private one), None for DuckDB."""
    if settings.backend != "spark":
        yield None
        return
    _check_backend(settings, given)
    with spark_backend.session_for_run(given, spark_options(settings)) as session:
        yield session


def _splink_input(frame: pd.DataFrame, spark: SparkSession | None) -> object:
    return frame if spark is None else spark_backend.spark_features(spark, frame)


def _splink_model(model: dict[str, object], spark: SparkSession | None) -> dict[str, object]:
    return model if spark is None else spark_backend.spark_model(model)


def _pair_evidence(
    connection: duckdb.DuckDBPyConnection, spark: SparkSession | None, table: str, floor: float
) -> PairEvidence:
    """Per-comparison weights of the pairs whose match weight reaches ``floor`` (no names, no keys)."""
    columns = spec.weight_columns()
    sql = comparison_weights_sql(table, columns, floor)
    frame = connection.execute(sql).df() if spark is None else spark_backend.query_frame(spark, sql)
    return pair_evidence(frame, len(columns), floor)


def _scored(connection: duckdb.DuckDBPyConnection, spark: SparkSession | None, table: str) -> pd.DataFrame:
    if spark is None:
        return _scored_weights(connection, table)
    return spark_backend.scored_weights(spark, table)
