"""SQL that turns record pairs into comparison vectors (gammas), from the plain-data model in :mod:`spec`.

Each comparison becomes one ``CASE`` column: -1 when a value is missing, else the position of the
first level whose condition holds (0 = most alike). Training then runs on these small integer
columns in numpy instead of on repeated SQL passes, which is what made training slow.
"""

# ruff: noqa: S608 - SQL is built only from the model's own column names and rules, never from data

from __future__ import annotations

import re
from collections.abc import Sequence

from moksori.analysis.linkage.features import FEATURE_COLUMNS
from moksori.analysis.linkage.spec import Comparison, Level

_SIDE_COLUMN = re.compile(r"\b([a-z_]+?)_[lr]\b")


def levels_of(comparison: Comparison) -> list[Level]:
    """The comparison's levels, the missing level first."""
    levels = comparison["comparison_levels"]
    assert isinstance(levels, list)
    return levels


def scored_levels(comparison: Comparison) -> list[Level]:
    """The levels that carry evidence (all but the missing level), in order."""
    return [level for level in levels_of(comparison) if not level.get("is_null_level")]


def columns_read(comparison: Comparison) -> frozenset[str]:
    """Feature columns a comparison's conditions read (``given_key`` from ``given_key_l``)."""
    text = " ".join(str(level["sql_condition"]) for level in levels_of(comparison))
    return frozenset(c for c in _SIDE_COLUMN.findall(text) if c in FEATURE_COLUMNS)


def gamma_expression(comparison: Comparison, alias: str) -> str:
    """``CASE WHEN missing THEN -1 WHEN level 0 THEN 0 ... END AS alias`` for one comparison."""
    parts = ["CASE"]
    for level in levels_of(comparison):
        if level.get("is_null_level"):
            parts.append(f"WHEN {level['sql_condition']} THEN -1")
    for index, level in enumerate(scored_levels(comparison)):
        condition = str(level["sql_condition"])
        parts.append(f"ELSE {index}" if condition == "ELSE" else f"WHEN {condition} THEN {index}")
    parts.append(f"END AS {alias}")
    return " ".join(parts)


def _sided(pairs_sql: str) -> str:
    """Both records of each pair side by side, as ``<column>_l`` and ``<column>_r``."""
    sides = ", ".join(f"l.{c} AS {c}_l, r.{c} AS {c}_r" for c in FEATURE_COLUMNS)
    return (
        f"SELECT {sides} FROM ({pairs_sql}) AS p "
        "JOIN {records} AS l ON l.unique_id = p.id_l JOIN {records} AS r ON r.unique_id = p.id_r"
    )


def gamma_query(comparisons: Sequence[Comparison], pairs_sql: str, records: str) -> str:
    """SQL giving one gamma column per comparison (``g0``, ``g1``, ...) for the pairs of ``pairs_sql``.

    ``pairs_sql`` must yield columns ``id_l`` and ``id_r`` (record positions); ``records`` is the
    table of feature columns.
    """
    gammas = ", ".join(gamma_expression(c, f"g{i}") for i, c in enumerate(comparisons))
    return f"SELECT {gammas} FROM ({_sided(pairs_sql).format(records=records)}) AS s"


def blocked_pairs_sql(rule: str, records: str) -> str:
    """Pairs of ``records`` satisfying a blocking ``rule`` (``l.x = r.x AND ...``), each pair once."""
    return (
        f"SELECT l.unique_id AS id_l, r.unique_id AS id_r FROM {records} AS l JOIN {records} AS r "
        f"ON {rule} AND l.unique_id < r.unique_id"
    )


def record_sample_sql(records: str, fraction: float, seed: int) -> str:
    """A repeatable Bernoulli sample of records.

    Sampling records (not pairs) keeps a training join small when a rule groups many records, e.g.
    every 김영희 on a name rule; a fraction f of the records keeps about f squared of the pairs.
    """
    if fraction >= 1.0:
        return f"SELECT * FROM {records}"
    percent = max(fraction * 100.0, 0.0001)
    return f"SELECT * FROM {records} USING SAMPLE {percent:.4f} PERCENT (bernoulli, {int(seed)})"


def block_pair_count_sql(columns: Sequence[str], records: str) -> str:
    """How many pairs a rule on equal ``columns`` would form (ignoring other conditions)."""
    keys = ", ".join(columns)
    not_null = " AND ".join(f"{c} IS NOT NULL" for c in columns)
    return (
        f"SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM "
        f"(SELECT count(*) AS n FROM {records} WHERE {not_null} GROUP BY {keys})"
    )


def small_blocks_sql(columns: Sequence[str], records: str, cap: int) -> str:
    """The records of ``records`` whose block on equal ``columns`` holds at most ``cap`` records."""
    keys = ", ".join(columns)
    not_null = " AND ".join(f"{c} IS NOT NULL" for c in columns)
    return (
        f"SELECT * EXCLUDE (block_size) FROM (SELECT *, count(*) OVER (PARTITION BY {keys}) AS block_size "
        f"FROM {records} WHERE {not_null}) WHERE block_size <= {int(cap)}"
    )
