"""Record linkage with splink on DuckDB in memory: the only module of Moksori that imports splink.

Names never leave the process: DuckDB runs in memory with spilling disabled (an empty
``temp_directory``, so running out of memory is an error rather than a plaintext file on disk), only
keys from :mod:`features` are loaded, and splink's log output is silenced for the run.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import duckdb
import pandas as pd
from splink import DuckDBAPI, Linker
from splink.blocking_analysis import count_comparisons_from_blocking_rules

from moksori.analysis.linkage import spec
from moksori.analysis.linkage.clusters import cluster_pairs
from moksori.analysis.linkage.features import feature_columns
from moksori.analysis.linkage.normalise import NormalisationOptions, NormalisedPerson, Normaliser
from moksori.analysis.linkage.result import LinkageResult, ScoredPair
from moksori.analysis.linkage.settings import LinkageSettings

SPARK_UNAVAILABLE = (
    "the Spark backend needs pyspark (pip install pyspark) and is not yet supported in this build; "
    "use --backend duckdb"
)


class LinkageBackendUnavailable(RuntimeError):  # noqa: N818 - reads as a sentence at the raise site
    """The chosen backend cannot run here; the message says what to install or use instead."""


class _Stopwatch:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
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


def _train(linker: Linker, settings: LinkageSettings) -> None:
    across = settings.one_record_per_source
    linker.training.estimate_probability_two_random_records_match(
        [spec.deterministic_rule(across_sources=across)], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=settings.u_max_pairs, seed=settings.seed)
    for index, rule in enumerate(spec.training_rules(across_sources=across)):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule,
            max_pairs=settings.em_max_pairs,
            record_sample_proportion=0.1,
            populate_probability_two_random_records_match_from_trained_values=index == 0,
        )


def _count_scored(table: Any, settings: LinkageSettings) -> int:
    counts = count_comparisons_from_blocking_rules(
        table,
        blocking_rules=spec.prediction_rules(across_sources=settings.one_record_per_source),
        link_type="dedupe_only",
        record_sample_proportion=1.0,
    )
    return int(counts[-1]["cumulative_comparison_count"]) if counts else 0


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


def _scored_pairs(predictions: pd.DataFrame) -> tuple[ScoredPair, ...]:
    columns = ("unique_id_l", "unique_id_r", "match_probability", "match_weight")
    return tuple(
        ScoredPair(int(a), int(b), float(p), float(w))
        for a, b, p, w in zip(*(predictions[c].tolist() for c in columns), strict=True)
    )


def link_people(people: Sequence[NormalisedPerson], settings: LinkageSettings) -> LinkageResult:
    """Link normalised records into persons with the Moksori splink model (see :mod:`spec`)."""
    if settings.backend == "spark":
        raise LinkageBackendUnavailable(SPARK_UNAVAILABLE)
    if len(people) < 2:
        raise ValueError(f"{settings.file_label}: linkage needs at least two records")
    watch = _Stopwatch()
    with _quiet_splink():
        connection = private_duckdb(settings)
        try:
            with watch.stage("load"):
                api = DuckDBAPI(connection=connection)
                table = api.register(pd.DataFrame(feature_columns(people)), table_name="records")
                linker = Linker(
                    table,
                    spec.splink_settings(across_sources=settings.one_record_per_source),
                    log_level=None,
                )
            with watch.stage("train"):
                _train(linker, settings)
            with watch.stage("predict"):
                predicted = linker.inference.predict(threshold_match_probability=settings.review_threshold)
                predictions: pd.DataFrame = predicted.as_pandas_dataframe()  # type: ignore[no-untyped-call]
                pairs_scored = _count_scored(table, settings)
            parameters = _parameters(linker)
        finally:
            connection.close()
    with watch.stage("cluster"):
        pairs = _scored_pairs(predictions)
        clusters = cluster_pairs(
            [p.source for p in people],
            [p.left for p in pairs],
            [p.right for p in pairs],
            [p.match_probability for p in pairs],
            threshold=settings.match_threshold,
            one_record_per_source=settings.one_record_per_source,
        )
    return LinkageResult(
        settings=settings,
        records=tuple((p.source, p.record_id) for p in people),
        cluster_ids=tuple(clusters.tolist()),
        pairs=pairs,
        match_threshold=settings.match_threshold,
        review_threshold=settings.review_threshold,
        pairs_scored=pairs_scored,
        parameters=parameters,
        timings=dict(watch.timings),
        issue_counts=dict(Counter(issue for p in people for issue in p.issues)),
        seed=settings.seed,
    )


def link_records(
    rows: Iterable[Mapping[str, str | None]], settings: LinkageSettings | None = None
) -> LinkageResult:
    """Normalise linkage-CSV rows (see docs/methods/linkage.md) and link them into persons.

    Raises ``LinkageInputError`` (file, row, column, fix; never a name) for structural problems and
    :class:`LinkageBackendUnavailable` for a backend that cannot run here.
    """
    settings = settings or LinkageSettings()
    if settings.backend == "spark":
        raise LinkageBackendUnavailable(SPARK_UNAVAILABLE)
    start = time.perf_counter()
    people = Normaliser(NormalisationOptions(file_label=settings.file_label)).normalise_all(rows)
    normalising = time.perf_counter() - start
    result = link_people(people, settings)
    return _with_timing(result, "normalise", normalising)


def _with_timing(result: LinkageResult, stage: str, seconds: float) -> LinkageResult:
    return replace(result, timings={stage: seconds, **result.timings})
