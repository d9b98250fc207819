"""Blocking keys with a cap on block size, computed in DuckDB before splink scores any pair.

A blocking rule on equal names groups every 김영희 together: the pairs of a block grow with the square
of its size, and at a million records the commonest names alone would give billions of pairs. Each
rule of :data:`spec.PREDICTION_BLOCKS` therefore becomes one key column (``block_0``, ``block_1``,
...) whose blocks never hold more than ``cap`` records:

1. a record whose block on the rule's own columns holds at most ``cap`` records keeps that block;
2. otherwise the block is refined by the rule's refinement columns, one at a time (birth band, home
   province, place in China, year she left), until it holds at most ``cap`` records;
3. a block still too large after every refinement is cut into consecutive chunks of ``cap`` records,
   in the order of birth year, province, year left and place, so that records alike on those fields
   stay in one chunk.

Why refining keeps recall: a pair in a very large block shares only common values, so its names say
little; it can reach the match threshold only if it also agrees on the fields that refine the block.
A record missing a refinement field falls out of that one rule only; the other rules are built to
catch it (each rule refines by different fields).
"""

# ruff: noqa: S608 - SQL is built only from the model's own column names and a validated integer cap

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import numpy as np
import pandas as pd

from moksori.analysis.linkage.spec import PREDICTION_BLOCKS, BlockingRule, block_key_column

# The order in which an over-full block is cut into chunks: true matches agree on these most often.
CHUNK_ORDER = ("birth_low", "home_province_id", "left_low", "china_place_id", "unique_id")


def _not_null(columns: Sequence[str]) -> str:
    return " AND ".join(f"{c} IS NOT NULL" for c in columns)


def _count(columns: Sequence[str]) -> str:
    return f"count(*) OVER (PARTITION BY {', '.join(columns)})"


def _hash(level: int, columns: Sequence[str], extra: str = "") -> str:
    # 53 bits: exact as a float64, so the key travels like the other numeric feature columns (NaN when
    # missing) through pandas and into Spark; two blocks sharing a key by chance only cost extra pairs.
    values = ", ".join([str(level), *columns, *([extra] if extra else [])])
    return f"(hash({values}) >> 11)::BIGINT"


def block_key_expression(rule: BlockingRule, cap: int) -> str:
    """SQL for one rule's capped block key (NULL when the record cannot be placed by this rule)."""
    if cap < 2:
        raise ValueError("the block size cap must be at least 2")
    levels = [list(rule.columns)]
    for column in rule.refine_by:
        levels.append([*levels[-1], column])
    parts = ["CASE"]
    for level, columns in enumerate(levels):
        parts.append(f"WHEN {_not_null(columns)} AND {_count(columns)} <= {cap} THEN {_hash(level, columns)}")
    last = levels[-1]
    order = ", ".join(c for c in CHUNK_ORDER if c not in last)
    position = f"row_number() OVER (PARTITION BY {', '.join(last)} ORDER BY {order})"
    chunk = f"(({position}) - 1) // {cap}"
    parts.append(f"WHEN {_not_null(last)} THEN {_hash(len(levels), last, chunk)}")
    parts.append("END")
    return " ".join(parts)


def block_keys_sql(records: str, cap: int, rules: Sequence[BlockingRule] = PREDICTION_BLOCKS) -> str:
    """``unique_id`` and one capped key column per rule, for every record of ``records``."""
    keys = ", ".join(
        f"{block_key_expression(rule, cap)} AS {block_key_column(i)}" for i, rule in enumerate(rules)
    )
    return f"SELECT unique_id, {keys} FROM {records} ORDER BY unique_id"


def with_block_keys(
    connection: duckdb.DuckDBPyConnection,
    records: str,
    frame: pd.DataFrame,
    cap: int,
    rules: Sequence[BlockingRule] = PREDICTION_BLOCKS,
) -> pd.DataFrame:
    """``frame`` (the table ``records``, rows in ``unique_id`` order 0..n-1) with the block key columns."""
    columns = connection.execute(block_keys_sql(records, cap, rules)).fetchnumpy()
    if not np.array_equal(np.asarray(columns["unique_id"]), np.arange(len(frame))):
        raise ValueError("the records must be numbered 0..n-1 in frame order")
    keys = {
        block_key_column(i): np.ma.filled(columns[block_key_column(i)].astype(np.float64), np.nan)
        for i in range(len(rules))
    }
    return frame.assign(**keys)


def largest_blocks(frame: pd.DataFrame, rules: int = len(PREDICTION_BLOCKS)) -> dict[str, int]:
    """Records in the largest block of each key column (0 when no record has the key)."""
    sizes = {}
    for i in range(rules):
        column = frame[block_key_column(i)].dropna()
        sizes[block_key_column(i)] = int(column.value_counts().max()) if len(column) else 0
    return sizes


def candidate_pairs_sql(records: str, *, across_sources: bool, rules: int = len(PREDICTION_BLOCKS)) -> str:
    """Pairs of ``records`` sharing any block key (the pairs splink will score), each pair once."""
    other = " AND l.org <> r.org" if across_sources else ""
    parts = [
        f"SELECT l.unique_id AS id_l, r.unique_id AS id_r FROM {records} AS l JOIN {records} AS r "
        f"ON l.{block_key_column(i)} = r.{block_key_column(i)}{other} AND l.unique_id < r.unique_id"
        for i in range(rules)
    ]
    return "SELECT DISTINCT id_l, id_r FROM (" + " UNION ALL ".join(parts) + ")"


def candidate_pair_bound_sql(records: str, rules: int = len(PREDICTION_BLOCKS)) -> str:
    """An upper bound on the candidate pairs: all pairs within every block of every key, summed."""
    parts = [
        f"SELECT count(*) AS n FROM {records} WHERE {block_key_column(i)} IS NOT NULL "
        f"GROUP BY {block_key_column(i)}"
        for i in range(rules)
    ]
    return "SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM (" + " UNION ALL ".join(parts) + ")"
