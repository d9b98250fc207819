"""Proportion and split intervals: known answers from the literature, and invariants."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moksori.analysis.stats.intervals import multinomial_intervals, proportion_interval

# Newcombe RG (1998). Two-sided confidence intervals for the single proportion: comparison of seven
# methods. Statistics in Medicine 17:857-872, Table II: method 3 (Wilson score) and 5 (Clopper-Pearson).
NEWCOMBE = [
    (81, 263, "wilson", 0.2553, 0.3662),
    (15, 148, "wilson", 0.0624, 0.1605),
    (0, 20, "wilson", 0.0000, 0.1611),
    (1, 29, "wilson", 0.0061, 0.1718),
    (15, 148, "clopper-pearson", 0.0578, 0.1617),
    (0, 20, "clopper-pearson", 0.0000, 0.1684),
    (1, 29, "clopper-pearson", 0.0009, 0.1776),
]


@pytest.mark.parametrize(("k", "n", "method", "low", "high"), NEWCOMBE)
def test_intervals_match_newcombe_1998_table_ii(k: int, n: int, method: str, low: float, high: float) -> None:
    result = proportion_interval(k, n, method=method)  # type: ignore[arg-type]
    assert result.ci_low == pytest.approx(low, abs=1e-4)
    assert result.ci_high == pytest.approx(high, abs=1e-4)


def test_wilson_27_of_45_is_about_45_to_73_percent() -> None:
    result = proportion_interval(27, 45)
    assert (round(result.ci_low, 2), round(result.ci_high, 2)) == (0.45, 0.73)
    assert set(result.to_dict()) == {"k", "n", "method", "estimate", "ci_low", "ci_high", "ci_level"}


def test_jeffreys_bound_is_exactly_zero_or_one_at_the_boundary() -> None:
    # Brown, Cai & DasGupta (2001), Statistical Science 16:101-133, sec. 4.1.2.
    assert proportion_interval(0, 20, method="jeffreys").ci_low == 0.0
    assert proportion_interval(20, 20, method="jeffreys").ci_high == 1.0


def test_sison_glaz_matches_the_published_example() -> None:
    # Sison & Glaz (1995), JASA 90:366-369, example 1; values as computed by R MultinomialCI.
    counts = dict(zip("abcdefg", [56, 72, 73, 59, 62, 87, 58], strict=True))
    expected = [(0.07922912, 0.1643361), (0.11349036, 0.1985973), (0.14561028, 0.2307172)]
    shares = multinomial_intervals(counts).shares
    for share, (low, high) in zip([shares[0], shares[1], shares[5]], expected, strict=True):
        assert share.ci_low == pytest.approx(low, abs=5e-4)
        assert share.ci_high == pytest.approx(high, abs=5e-4)


def test_goodman_matches_sison_glaz_1995_table() -> None:
    counts = dict(zip("abcdefg", [56, 72, 73, 59, 62, 87, 58], strict=True))
    first = multinomial_intervals(counts, method="goodman").shares[0]
    assert (round(first.ci_low, 3), round(first.ci_high, 3)) == (0.085, 0.166)


@pytest.mark.parametrize(("k", "n"), [(-1, 5), (6, 5), (0, 0)])
def test_impossible_counts_are_refused_with_a_reason(k: int, n: int) -> None:
    with pytest.raises(ValueError, match="must be"):
        proportion_interval(k, n)


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(1, 2000),
    frac=st.floats(0, 1),
    method=st.sampled_from(["wilson", "jeffreys", "clopper-pearson"]),
)
def test_interval_lies_in_unit_range_and_contains_the_share(n: int, frac: float, method: str) -> None:
    k = round(frac * n)
    result = proportion_interval(k, n, method=method)  # type: ignore[arg-type]
    assert 0 <= result.ci_low <= result.estimate <= result.ci_high <= 1


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 500), frac=st.floats(0, 1))
def test_higher_level_never_gives_a_narrower_interval(n: int, frac: float) -> None:
    k = round(frac * n)
    narrow, wide = proportion_interval(k, n, level=0.8), proportion_interval(k, n, level=0.99)
    assert wide.ci_low <= narrow.ci_low + 1e-12
    assert wide.ci_high >= narrow.ci_high - 1e-12


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 60), min_size=2, max_size=6).filter(lambda c: sum(c) > 0))
def test_split_intervals_lie_in_unit_range_and_keep_category_order(values: list[int]) -> None:
    counts = {f"c{i}": v for i, v in enumerate(values)}
    result = multinomial_intervals(counts)
    assert [s.category for s in result.shares] == list(counts)
    assert all(0 <= s.ci_low <= s.ci_high <= 1 for s in result.shares)
