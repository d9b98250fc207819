"""The Spark side of record linkage: a private local Spark session and the model in Spark SQL.

This module never imports splink (only :mod:`model` does): it starts and stops Spark, translates the
model's SQL (written for DuckDB in :mod:`spec`) to Spark SQL, loads the feature columns into Spark
with an explicit schema, and brings the scored pairs back as plain arrays. Training, the calibrated
prior and clustering stay in :mod:`model` and run on the same NumPy code for both backends, so the two
backends give the same persons on the same records.

Names are not loaded, only the keys of :mod:`features`; but keys are still personal data, and Spark
writes shuffle, spill and cached blocks under ``spark.local.dir``. The session below therefore keeps
that directory private (mode 0700, removed when the session stops), encrypts what Spark writes there
(``spark.io.encryption.enabled``, a key that lives in memory only), keeps the web UI and event log
off, binds to the loopback interface and silences Spark's logging. See docs/methods/linkage-spark.md.
"""

from __future__ import annotations

import logging
import math
import os
import shutil
import tempfile
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
import sqlglot
from sqlglot import exp

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql.types import DataType

SPARK_MISSING = (
    "the Spark backend needs pyspark (pip install pyspark) and Java 17 or later (JAVA_HOME or java on "
    "PATH); use --backend duckdb"
)
_QUIET_LOGGERS = ("py4j", "pyspark")


class SparkUnavailable(RuntimeError):  # noqa: N818 - reads as a sentence at the raise site
    """pyspark or Java is missing: the message says what to install, or to use DuckDB instead."""


@dataclass(frozen=True, slots=True)
class SparkOptions:
    """How to start a local Spark session.

    ``scratch_parent`` is where the private scratch directory (``spark.local.dir``) is made; in
    production point it at an encrypted volume. None uses the system temporary directory.
    """

    cores: int = 2
    shuffle_partitions: int = 4
    driver_memory: str = "1g"
    scratch_parent: str | None = None
    jars: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.cores < 1 or self.shuffle_partitions < 1:
            raise ValueError("cores and shuffle_partitions must be at least 1")


def spark_problem() -> str | None:
    """Why Spark cannot start here (a missing pyspark or Java), or None when it can."""
    try:
        import pyspark  # noqa: F401 - only checking that it is installed
    except ImportError:
        return SPARK_MISSING
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").exists():
        return None
    return None if shutil.which("java") else SPARK_MISSING


def _configuration(options: SparkOptions, scratch: Path) -> dict[str, str]:
    """Spark settings for one laptop: few partitions, nothing served, nothing logged, scratch encrypted."""
    settings = {
        "spark.master": f"local[{options.cores}]",
        "spark.app.name": "moksori-linkage",
        "spark.driver.memory": options.driver_memory,
        "spark.sql.shuffle.partitions": str(options.shuffle_partitions),
        "spark.default.parallelism": str(options.cores),
        "spark.local.dir": str(scratch / "local"),
        "spark.sql.warehouse.dir": str(scratch / "warehouse"),
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.eventLog.enabled": "false",
        "spark.io.encryption.enabled": "true",
        "spark.driver.host": "127.0.0.1",
        "spark.driver.bindAddress": "127.0.0.1",
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.execution.arrow.pyspark.enabled": "true",
        "spark.sql.adaptive.enabled": "true",
        # Read at JVM start, before setLogLevel could act: nothing below ERROR reaches the console.
        "spark.driver.extraJavaOptions": f"-Dlog4j2.configurationFile={_log_configuration(scratch).as_uri()}",
    }
    if options.jars:
        settings["spark.jars"] = ",".join(options.jars)
    return settings


_LOG4J2 = """status = error
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = spark %p %c{1}: %m%n
rootLogger.level = error
rootLogger.appenderRef.console.ref = console
"""


def _log_configuration(scratch: Path) -> Path:
    """A Log4j 2 file for the session: errors only, to stderr (Spark logs no row values at that level)."""
    path = scratch / "log4j2.properties"
    path.write_text(_LOG4J2, encoding="utf-8")
    return path


@contextmanager
def _quiet_python_loggers() -> Iterator[None]:
    saved = [(logging.getLogger(n), logging.getLogger(n).level) for n in _QUIET_LOGGERS]
    for logger, _ in saved:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in saved:
            logger.setLevel(level)


@contextmanager
def local_spark_session(options: SparkOptions | None = None) -> Iterator[SparkSession]:
    """A local Spark session whose scratch directory is private and removed when the session stops.

    Raises :class:`SparkUnavailable` when pyspark or Java is missing.
    """
    options = options or SparkOptions()
    problem = spark_problem()
    if problem is not None:
        raise SparkUnavailable(problem)
    from pyspark.sql import SparkSession

    if SparkSession.getActiveSession() is not None:
        # getOrCreate would hand back that session, ignoring the settings below, and stopping it at
        # the end would pull it from under its owner.
        raise RuntimeError("a Spark session is already running in this process: pass it instead")
    scratch = Path(tempfile.mkdtemp(prefix="moksori-spark-", dir=options.scratch_parent))  # mode 0700
    try:
        with _quiet_python_loggers(), quiet_pyspark_warnings():
            builder = SparkSession.builder
            for key, value in _configuration(options, scratch).items():
                builder = builder.config(key, value)
            session = builder.getOrCreate()
            session.sparkContext.setLogLevel("ERROR")
            try:
                yield session
            finally:
                session.stop()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


@contextmanager
def session_for_run(given: SparkSession | None, options: SparkOptions) -> Iterator[SparkSession]:
    """The session for one linkage run.

    The caller's session when one is given, else the one already running in this process (a
    notebook's, a test module's); either is left running, with the run's views dropped. Otherwise a
    private local session, stopped and its scratch directory removed when the run ends. A session
    not made here must have splink's similarity jar in ``spark.jars`` (see
    docs/methods/linkage-spark.md).
    """
    if given is None:
        from pyspark.sql import SparkSession

        given = SparkSession.getActiveSession()
    if given is not None:
        before = _temporary_views(given)
        try:
            with quiet_pyspark_warnings():
                yield given
        finally:
            _drop_views(given, _temporary_views(given) - before)
        return
    with local_spark_session(options) as session:
        yield session


def _temporary_views(session: SparkSession) -> set[str]:
    return {table.name for table in session.catalog.listTables() if table.isTemporary}


def _drop_views(session: SparkSession, names: set[str]) -> None:
    """Drop a run's views (and so their cached blocks): the session holds no keys after the run."""
    for name in sorted(names):
        session.catalog.dropTempView(name)


def _spark_expression(node: exp.Expression) -> exp.Expression:
    # sqlglot writes DuckDB's list_has_any as the && operator, which Spark SQL does not have.
    if isinstance(node, exp.ArrayOverlaps):
        return exp.Anonymous(this="arrays_overlap", expressions=[node.this, node.expression])
    return node


def to_spark_sql(condition: str) -> str:
    """A condition or rule of the model, from DuckDB SQL to Spark SQL (``ELSE`` is kept as is)."""
    if condition.strip().upper() == "ELSE":
        return condition
    tree = sqlglot.parse_one(condition, read="duckdb").transform(_spark_expression)
    return tree.sql(dialect="spark")


def spark_model(model: Mapping[str, object]) -> dict[str, object]:
    """The splink settings of :func:`spec.splink_settings` with every SQL string in Spark SQL."""
    comparisons = []
    for comparison in model["comparisons"]:  # type: ignore[attr-defined]
        levels = [
            {**level, "sql_condition": to_spark_sql(str(level["sql_condition"]))}
            for level in comparison["comparison_levels"]
        ]
        comparisons.append({**comparison, "comparison_levels": levels})
    rules = [to_spark_sql(str(rule)) for rule in model["blocking_rules_to_generate_predictions"]]  # type: ignore[attr-defined]
    return {**model, "comparisons": comparisons, "blocking_rules_to_generate_predictions": rules}


ColumnKind = Literal["texts", "text", "boolean", "integer", "real"]


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def column_kind(values: Sequence[object], *, numeric_dtype: bool) -> ColumnKind:
    """How a feature column is typed in Spark, from its values (whole numbers stay integers).

    Typed from the values rather than left to Spark's inference, which fails on an all-empty column
    (a file without birth years) and turns pandas' float-with-NaN integers into doubles.
    """
    present = [value for value in values if not _missing(value)]
    if not present:
        return "integer" if numeric_dtype else "text"
    if any(isinstance(value, list | tuple | np.ndarray) for value in present):
        return "texts"
    if any(isinstance(value, str) for value in present):
        return "text"
    if all(isinstance(value, bool | np.bool_) for value in present):
        return "boolean"
    return "integer" if all(float(value).is_integer() for value in present) else "real"  # type: ignore[arg-type]


def _converter(kind: ColumnKind) -> Callable[[Any], object]:
    converters: dict[ColumnKind, Callable[[Any], object]] = {
        "texts": lambda value: [str(item) for item in value],
        "text": str,
        "boolean": bool,
        "integer": int,
        "real": float,
    }
    return converters[kind]


def _spark_type(kind: ColumnKind) -> DataType:
    from pyspark.sql.types import ArrayType, BooleanType, DoubleType, LongType, StringType

    if kind == "texts":
        return ArrayType(StringType(), containsNull=False)
    return {"text": StringType(), "boolean": BooleanType(), "integer": LongType(), "real": DoubleType()}[kind]


def spark_features(session: SparkSession, frame: pd.DataFrame) -> DataFrame:
    """The feature frame (keys, never names) as a Spark frame with explicit column types."""
    from pyspark.sql.types import StructField, StructType

    fields, columns = [], []
    for name in frame.columns:
        values = frame[name].tolist()
        kind = column_kind(values, numeric_dtype=pd.api.types.is_numeric_dtype(frame[name].dtype))
        convert = _converter(kind)
        columns.append([None if _missing(value) else convert(value) for value in values])
        fields.append(StructField(str(name), _spark_type(kind), nullable=True))
    with quiet_pyspark_warnings():
        return session.createDataFrame(list(zip(*columns, strict=True)), schema=StructType(fields))


@contextmanager
def quiet_pyspark_warnings() -> Iterator[None]:
    """Silence pyspark's warnings about pandas 3 for a block (the import of its pandas helpers too)."""
    # pyspark 4.0 warns on every conversion that it is not yet tested with pandas 3 (and uses a
    # keyword pandas 3 deprecates); the conversions here are of plain rows and three numeric columns,
    # which the backend comparison test checks.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=FutureWarning, module=r"pyspark\.")
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"pyspark\.")
        yield


def scored_weights(session: SparkSession, table: str) -> pd.DataFrame:
    """Every scored pair's positions and match weight from a Spark table (no names, no keys)."""
    with quiet_pyspark_warnings():
        return session.table(table).select("unique_id_l", "unique_id_r", "match_weight").toPandas()


def query_frame(session: SparkSession, sql: str) -> pd.DataFrame:
    """A Spark SQL query's (small, key-free) result as a pandas frame."""
    with quiet_pyspark_warnings():
        return session.sql(sql).toPandas()
