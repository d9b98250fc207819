"""Latent-class Gibbs sampler against LCMCR 0.4.14 (`lcmCR`, K = 10, a = b = 0.25, burn-in 10,000,
1,000 samples thinned by 100), from each table's JSON reference.

MCMC answers depend on seed and run length (shared/data/mse/README.md: 'a few percent on the
median'). Tolerance: 6% on the posterior median for well-mixing tables (ESS > 300) and 12% where
both samplers mix slowly (diabetes, HIV: ESS below 100 per 2,000 draws); interval ends 15%/25%.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from estimation_reference import DATASETS, load_references, load_table

from moksori.analysis.estimation.latent_class import SamplerSettings, latent_class_estimate
from moksori.analysis.estimation.mcmc import effective_sample_size, split_rhat

CASES = [(n, r) for n in DATASETS for r in load_references(n) if r["method"].startswith("LCMCR")]
SLOW_MIXING = {"diabetes_italy", "hiv_rome"}


@pytest.mark.parametrize(("name", "ref"), CASES, ids=[c[0] for c in CASES])
def test_posterior_median_is_close_to_lcmcr(name: str, ref: dict[str, Any]) -> None:
    result = latent_class_estimate(load_table(name), seed=20240601)
    slow = name in SLOW_MIXING
    assert result.estimate == pytest.approx(ref["estimate"], rel=0.12 if slow else 0.06)
    assert result.ci[0] == pytest.approx(ref["ci_low"], rel=0.25 if slow else 0.15)
    assert result.ci[1] == pytest.approx(ref["ci_high"], rel=0.25 if slow else 0.15)
    assert result.estimate >= result.observed


def test_same_seed_gives_identical_draws() -> None:
    settings = SamplerSettings(burn_in=200, samples=100, thinning=5)
    table = load_table("spina_bifida_ny")
    first = latent_class_estimate(table, seed=5, settings=settings)
    second = latent_class_estimate(table, seed=5, settings=settings)
    assert first.to_dict() | {"diagnostics": None} == second.to_dict() | {"diagnostics": None}
    assert first.seed == 5


def test_result_reports_convergence_diagnostics() -> None:
    result = latent_class_estimate(load_table("spina_bifida_ny"), seed=3)
    assert 0.99 < float(result.diagnostics["rhat"]) < 1.05  # type: ignore[arg-type]
    assert float(result.diagnostics["ess"]) > 300  # type: ignore[arg-type]
    assert float(result.diagnostics["ess_per_second"]) > 0  # type: ignore[arg-type]


def test_ess_of_independent_draws_is_near_their_number() -> None:
    draws = np.random.default_rng(1).normal(size=(4, 1000))
    assert 3300 < effective_sample_size(draws) < 4700


def test_ess_of_autocorrelated_chain_matches_ar1_theory() -> None:
    # AR(1) with coefficient φ has ESS ≈ n(1 − φ)/(1 + φ).
    rng = np.random.default_rng(2)
    phi, n = 0.8, 20_000
    chain = np.zeros(n)
    for t in range(1, n):
        chain[t] = phi * chain[t - 1] + rng.normal()
    assert effective_sample_size(chain[None, :]) == pytest.approx(n * (1 - phi) / (1 + phi), rel=0.2)


def test_rhat_flags_chains_stuck_in_different_places() -> None:
    rng = np.random.default_rng(3)
    agreeing = rng.normal(size=(2, 1000))
    apart = agreeing + np.array([[0.0], [3.0]])
    assert split_rhat(agreeing) < 1.01
    assert split_rhat(apart) > 1.5


@pytest.mark.parametrize(("n", "p"), [(10, 0.05), (60, 0.3), (97, 0.9), (500, 0.5)])
def test_fast_binomial_has_binomial_mean_and_variance(n: int, p: float) -> None:
    from moksori.analysis.estimation.latent_class import _binomial

    np.random.seed(0)  # seeds nothing in numba; the sample is large enough for any stream
    draws = np.array([_binomial(n, p) for _ in range(40_000)])
    assert draws.mean() == pytest.approx(n * p, rel=0.02, abs=0.02)
    assert draws.var() == pytest.approx(n * p * (1 - p), rel=0.05)
    assert draws.min() >= 0
    assert draws.max() <= n
