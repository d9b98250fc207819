"""Invariants that hold for any table (Hypothesis)."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from moksori.analysis.estimation.chapman import chapman
from moksori.analysis.estimation.coverage import coverage_point
from moksori.analysis.estimation.decomposable import decomposable_estimate
from moksori.analysis.estimation.log_linear_estimate import loglinear_estimate
from moksori.analysis.estimation.table import (
    CaptureTable,
    all_patterns,
    capture_table_from_patterns,
    parse_capture_csv,
)

three_list_counts = st.lists(st.integers(min_value=1, max_value=300), min_size=7, max_size=7)


def _table(counts: list[int], lists: tuple[str, ...] = ("A", "B", "C")) -> CaptureTable:
    patterns = all_patterns(len(lists))[1:]
    return capture_table_from_patterns(lists, zip(patterns.tolist(), counts, strict=True))


def _relative_width(table: CaptureTable) -> float:
    result = loglinear_estimate(table, model=())
    return (result.ci[1] - result.ci[0]) / result.estimate


@settings(max_examples=40, deadline=None)
@given(three_list_counts)
def test_estimates_are_never_below_the_observed_count(counts: list[int]) -> None:
    table = _table(counts)
    for result in (loglinear_estimate(table, select="aic"), decomposable_estimate(table)):
        assert result.estimate >= table.observed
        assert result.ci[0] >= table.observed - 1e-6
        assert result.ci[1] >= result.estimate or math.isinf(result.ci[1])
    assert chapman(table, pair=(0, 1)).estimate >= table.observed - max(counts)
    for variant in ("independence", "high", "low"):
        assert coverage_point(table.full_counts(), 3, variant) >= table.observed - 1e-9


@settings(max_examples=30, deadline=None)
@given(three_list_counts, st.permutations([0, 1, 2]))
def test_reordering_lists_changes_nothing(counts: list[int], order: list[int]) -> None:
    table = _table(counts)
    moved = table.reordered(order)
    for select in ("aic", "bic"):
        a = loglinear_estimate(table, select=select, interval="wald")
        b = loglinear_estimate(moved, select=select, interval="wald")
        assert math.isclose(a.estimate, b.estimate, rel_tol=1e-7)
    assert math.isclose(decomposable_estimate(table).estimate, decomposable_estimate(moved).estimate)


@settings(max_examples=30, deadline=None)
@given(three_list_counts, st.randoms(use_true_random=False))
def test_reordering_rows_changes_nothing(counts: list[int], random: object) -> None:
    table = _table(counts)
    rows = [",".join(str(v) for v in row.values()) for row in table.to_rows()]
    random.shuffle(rows)  # type: ignore[attr-defined]
    shuffled = parse_capture_csv("A,B,C,count\n" + "\n".join(rows))
    assert np.array_equal(shuffled.full_counts(), table.full_counts())
    assert loglinear_estimate(shuffled).estimate == loglinear_estimate(table).estimate


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(min_value=20, max_value=300), min_size=7, max_size=7))
def test_more_data_narrows_the_interval_like_one_over_root_n(counts: list[int]) -> None:
    table = _table(counts)
    base = _relative_width(table)
    # Relative width scales as 1/√n: doubling the counts narrows it by ~1/√2, quadrupling halves it.
    assert 0.6 < _relative_width(table.scaled(2)) / base < 0.8
    assert 0.4 < _relative_width(table.scaled(4)) / base < 0.6
