"""Small-cell suppression: nothing published under the threshold, no hidden cell recoverable from totals."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from moksori.analysis.disclosure import DisclosureSettings, SuppressedTable, suppress_split, suppress_table

SETTINGS = DisclosureSettings(threshold=5)

counts = st.integers(min_value=0, max_value=40)
labels = st.sampled_from(["a", "b", "c", "d", "e"])
splits = st.dictionaries(labels, counts, min_size=1, max_size=5)
tables = st.integers(min_value=1, max_value=4).flatmap(
    lambda n_rows: st.integers(min_value=1, max_value=4).flatmap(
        lambda n_cols: st.lists(
            st.lists(counts, min_size=n_cols, max_size=n_cols), min_size=n_rows, max_size=n_rows
        )
    )
)


def as_table(grid: list[list[int]]) -> dict[str, dict[str, int]]:
    return {f"r{i}": {f"c{j}": v for j, v in enumerate(row)} for i, row in enumerate(grid)}


def feasible_range(table: SuppressedTable, target: int) -> tuple[float, float]:
    """Independent check: the smallest and largest value a hidden entry can take given what is published.

    A linear programme over the non-negative reals with every margin equation of the table.
    """
    entries = list(table.entries)
    hidden = [i for i, shown in enumerate(table.published) if shown is None]
    position = {i: k for k, i in enumerate(hidden)}
    a_eq, b_eq = [], []
    for equation in _equations(entries):
        row = np.zeros(len(hidden))
        constant = 0.0
        for i, coefficient in equation.items():
            if i in position:
                row[position[i]] += coefficient
            else:
                constant += coefficient * entries[i].count
        if row.any():
            a_eq.append(row)
            b_eq.append(-constant)
    objective = np.zeros(len(hidden))
    objective[position[target]] = 1.0
    bounds = [(0, None)] * len(hidden)
    low = linprog(objective, A_eq=a_eq or None, b_eq=b_eq or None, bounds=bounds)
    high = linprog(-objective, A_eq=a_eq or None, b_eq=b_eq or None, bounds=bounds)
    upper = float("inf") if high.status == 3 else -high.fun
    return (low.fun, upper)


def _equations(entries: list) -> list[dict[int, int]]:  # type: ignore[type-arg]
    cells = [(i, e) for i, e in enumerate(entries) if e.kind == "cell"]
    out: list[dict[int, int]] = []
    for i, entry in enumerate(entries):
        if entry.kind == "row_total":
            out.append({**{j: 1 for j, e in cells if e.row == entry.row}, i: -1})
        elif entry.kind == "column_total":
            out.append({**{j: 1 for j, e in cells if e.column == entry.column}, i: -1})
        elif entry.kind == "total":
            out.append({**{j: 1 for j, _ in cells}, i: -1})
    return out


def assert_safe(table: SuppressedTable) -> None:
    for entry, shown in zip(table.entries, table.published, strict=True):
        if shown is not None:
            assert shown == 0 or shown >= table.threshold, f"published {entry} under the threshold"
    hidden = [i for i, shown in enumerate(table.published) if shown is None]
    for i in hidden:
        low, high = feasible_range(table, i)
        assert high - low > 0.5, f"{table.entries[i]} recoverable: {low}..{high}"


@settings(max_examples=150, deadline=None)
@given(splits)
def test_split_publishes_no_small_count_and_no_hidden_count_is_recoverable(split: dict[str, int]) -> None:
    assert_safe(suppress_split(split, SETTINGS))


@settings(max_examples=150, deadline=None)
@given(tables)
def test_table_publishes_no_small_count_and_totals_never_reveal_a_hidden_one(grid: list[list[int]]) -> None:
    assert_safe(suppress_table(as_table(grid), SETTINGS))


@settings(max_examples=50, deadline=None)
@given(tables, st.integers(min_value=1, max_value=12))
def test_any_threshold_is_respected(grid: list[list[int]], threshold: int) -> None:
    assert_safe(suppress_table(as_table(grid), DisclosureSettings(threshold=threshold)))


def test_one_small_cell_in_a_split_takes_the_next_smallest_with_it() -> None:
    table = suppress_split({"a": 50, "b": 3, "c": 20, "d": 40}, SETTINGS)
    assert table.value("", "b") is None
    assert table.value("", "c") is None
    assert table.value("", "a") == 50
    assert table.value("", "total") == 113
    reasons = {s.column: s.reason for s in table.suppressions}
    assert reasons == {"b": "primary", "c": "complementary"}


def test_nothing_suppressed_when_every_count_is_large() -> None:
    table = suppress_table({"x": {"a": 10, "b": 12}, "y": {"a": 9, "b": 30}}, SETTINGS)
    assert table.suppressions == ()
    assert table.value("total", "total") == 61


def test_zeros_are_published_unless_hidden_on_purpose() -> None:
    assert suppress_split({"a": 0, "b": 10, "c": 12}, SETTINGS).value("", "a") == 0
    hidden = DisclosureSettings(threshold=5, publish_zeros=False)
    assert suppress_split({"a": 0, "b": 10, "c": 12}, hidden).is_suppressed("", "a")


def test_all_of_n_stays_published() -> None:
    table = suppress_split({"yes": 110, "no": 0}, SETTINGS)
    assert table.value("", "yes") == 110


def test_a_small_total_is_suppressed_with_its_cells() -> None:
    table = suppress_split({"a": 2, "b": 1}, SETTINGS)
    assert all(shown is None for shown in table.published)


def test_result_is_serialisable_and_says_why() -> None:
    table = suppress_split({"a": 50, "b": 3, "c": 20}, SETTINGS)
    data = table.to_dict()
    assert data["threshold"] == 5
    assert {"row": "", "column": "b", "kind": "cell", "reason": "primary"} in data["suppressed"]  # type: ignore[operator]
    assert "1 under the threshold" in table.summary()
    frame = table.to_frame()
    assert frame.loc["", "a"] == 50


def test_bad_settings_and_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        DisclosureSettings(threshold=0)
    with pytest.raises(ValueError, match="whole number"):
        suppress_split({"a": -1}, SETTINGS)
