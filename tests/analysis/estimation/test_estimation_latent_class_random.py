"""The latent-class sampler's own random stream: reproducible, and each draw has the right distribution.

Moments are checked on 40,000 draws (tolerances several standard errors wide); shapes by
Kolmogorov–Smirnov and chi-square tests against SciPy at a fixed seed.
"""

from __future__ import annotations

import numpy as np
import pytest
from numba import njit
from scipy import stats

from moksori.analysis.estimation.latent_class_random import (
    beta,
    binomial,
    multinomial,
    negative_binomial,
    new_stream,
    poisson,
    uniform,
)

DRAWS = 40_000


@njit
def _binomials(state: np.ndarray, n: int, p: float, size: int) -> np.ndarray:
    out = np.empty(size)
    for i in range(size):
        out[i] = binomial(state, n, p)
    return out


@njit
def _poissons(state: np.ndarray, lam: float, size: int) -> np.ndarray:
    out = np.empty(size)
    for i in range(size):
        out[i] = poisson(state, lam)
    return out


@njit
def _betas(state: np.ndarray, spare: np.ndarray, a: float, b: float, size: int) -> np.ndarray:
    out = np.empty(size)
    for i in range(size):
        out[i] = beta(state, spare, a, b)
    return out


@njit
def _negative_binomials(state: np.ndarray, spare: np.ndarray, n: int, p: float, size: int) -> np.ndarray:
    out = np.empty(size)
    for i in range(size):
        out[i] = negative_binomial(state, spare, n, p)
    return out


def test_same_seed_gives_the_same_stream_and_other_seeds_do_not() -> None:
    first, _ = new_stream(11)
    second, _ = new_stream(11)
    other, _ = new_stream(12)
    a = [uniform(first) for _ in range(5)]
    assert a == [uniform(second) for _ in range(5)]
    assert a != [uniform(other) for _ in range(5)]
    assert all(0.0 <= x < 1.0 for x in a)


@pytest.mark.parametrize(
    ("n", "p"), [(10, 0.05), (60, 0.3), (97, 0.9), (500, 0.5), (5000, 0.001), (2000, 0.2)]
)
def test_binomial_has_binomial_mean_and_variance(n: int, p: float) -> None:
    state, _ = new_stream(1)
    draws = _binomials(state, n, p, DRAWS)
    assert draws.mean() == pytest.approx(n * p, rel=0.02, abs=0.02)
    assert draws.var() == pytest.approx(n * p * (1 - p), rel=0.05)
    assert 0 <= draws.min() <= draws.max() <= n


def test_large_mean_binomial_has_the_binomial_shape() -> None:
    state, _ = new_stream(2)
    draws = _binomials(state, 200, 0.2, DRAWS).astype(int)
    support = np.arange(201)
    expected = stats.binom.pmf(support, 200, 0.2) * DRAWS
    observed = np.bincount(draws, minlength=201)
    keep = expected > 5
    assert (
        stats.chisquare(observed[keep], expected[keep] * observed[keep].sum() / expected[keep].sum()).pvalue
        > 1e-3
    )


@pytest.mark.parametrize("lam", [0.5, 7.0, 37.5, 10_000.0])
def test_poisson_has_poisson_mean_and_variance(lam: float) -> None:
    state, _ = new_stream(3)
    draws = _poissons(state, lam, DRAWS)
    assert draws.mean() == pytest.approx(lam, rel=0.02)
    assert draws.var() == pytest.approx(lam, rel=0.05)


@pytest.mark.parametrize(
    ("a", "b"), [(1.0, 1.0), (1.0, 40.0), (3.0, 1.0), (2.5, 7.5), (0.4, 3.0), (300.0, 4.0)]
)
def test_beta_matches_scipy(a: float, b: float) -> None:
    state, spare = new_stream(4)
    draws = _betas(state, spare, a, b, DRAWS)
    assert stats.kstest(draws, stats.beta(a, b).cdf).pvalue > 1e-3


def test_negative_binomial_counts_failures_before_the_nth_success() -> None:
    state, spare = new_stream(5)
    n, p = 1896, 0.17
    draws = _negative_binomials(state, spare, n, p, DRAWS)
    assert draws.mean() == pytest.approx(n * (1 - p) / p, rel=0.01)
    assert draws.var() == pytest.approx(n * (1 - p) / p**2, rel=0.05)


@pytest.mark.parametrize("total", [5, 400])
def test_multinomial_shares_follow_the_weights_in_any_visiting_order(total: int) -> None:
    state, _ = new_stream(6)
    weights = np.array([0.2, 0.5, 0.0, 0.3])
    order = np.array([3, 0, 2, 1])
    out = np.zeros(4, dtype=np.int64)
    tail = np.zeros(4)
    sums = np.zeros(4)
    for _ in range(4000):
        multinomial(state, total, weights, out, order, tail)
        assert out.sum() == total
        sums += out
    assert sums / sums.sum() == pytest.approx(weights, abs=0.01)
