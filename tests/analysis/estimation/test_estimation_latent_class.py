"""Latent-class Gibbs sampler against LCMCR 0.4.14 (`lcmCR`, K = 10, a = b = 0.25, burn-in 10,000,
1,000 samples thinned by 100), from each table's JSON reference.

MCMC answers depend on seed and run length (shared/data/mse/README.md: 'a few percent on the
median'). Tolerance: 6% on the posterior median for well-mixing tables (ESS > 300) and 12% where
both samplers mix slowly (diabetes, HIV: ESS below 150 over four chains of 1,000 draws); interval
ends 15%/25%. The reference is one LCMCR chain; ours pools four chains at the same settings.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from estimation_reference import DATASETS, load_references, load_table

from moksori.analysis.estimation.latent_class import (
    MODES_WARNING,
    PosteriorDraws,
    SamplerSettings,
    chain_seeds,
    convergence_warnings,
    latent_class_estimate,
)
from moksori.analysis.estimation.mcmc import disagreeing_chains, effective_sample_size, rank_rhat, split_rhat

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
    assert result.diagnostics["chains"] == 4
    assert result.diagnostics["chains_disagree"] is False
    assert len(str(result.diagnostics["chain_medians"]).split(",")) == 4
    assert not any("mode" in w for w in result.warnings)


def test_chains_get_distinct_seeds_from_the_user_seed() -> None:
    seeds = chain_seeds(20240601, 4)
    assert len(set(seeds)) == 4
    assert seeds == chain_seeds(20240601, 4)
    assert all(0 <= s < 2**63 for s in seeds)


def _draws(population: np.ndarray) -> PosteriorDraws:
    return PosteriorDraws(population, np.ones_like(population), np.ones_like(population), 1.0)


def test_chains_in_different_modes_give_the_plain_words_warning() -> None:
    # Three chains around N = 11,000 and one stuck near N = 2,700, as the HIV table can produce.
    rng = np.random.default_rng(4)
    high = rng.normal(11_000, 1_200, size=(3, 1000))
    low = rng.normal(2_700, 200, size=(1, 1000))
    draws = np.vstack([high, low])
    assert disagreeing_chains(draws)
    warnings = convergence_warnings(_draws(draws), ess=1000.0, rhat=rank_rhat(draws))
    assert MODES_WARNING in warnings
    assert "more than one mode; chains disagree; the interval pools them" in MODES_WARNING


def test_a_chain_visiting_a_second_mode_for_a_while_is_caught() -> None:
    # Like a dispersed-start HIV chain that spends a fifth of its run near N = 2,700: its median
    # still agrees with the others, its range does not.
    rng = np.random.default_rng(7)
    draws = rng.normal(11_000, 1_200, size=(4, 1000))
    draws[2, 300:500] = rng.normal(2_700, 200, size=200)
    assert disagreeing_chains(draws)


def test_mixing_chains_raise_no_warning() -> None:
    draws = np.random.default_rng(5).gamma(20.0, 50.0, size=(4, 1000))
    assert not disagreeing_chains(draws)
    assert rank_rhat(draws) < 1.01
    assert convergence_warnings(_draws(draws), ess=3000.0, rhat=rank_rhat(draws)) == []


def test_slowly_mixing_chains_are_flagged_by_rhat() -> None:
    rng = np.random.default_rng(6)
    draws = rng.normal(size=(4, 1000)) + np.array([[0.0], [0.0], [0.0], [1.4]])
    assert not disagreeing_chains(draws)
    rhat = rank_rhat(draws)
    assert rhat > 1.1
    assert any("R-hat" in w for w in convergence_warnings(_draws(draws), ess=500.0, rhat=rhat))


def test_dispersed_start_is_recorded_and_reproducible() -> None:
    settings = SamplerSettings(burn_in=200, samples=100, thinning=5, dispersed_start=True)
    table = load_table("hiv_rome")
    first = latent_class_estimate(table, seed=8, settings=settings)
    again = latent_class_estimate(table, seed=8, settings=settings)
    data_start = latent_class_estimate(
        table, seed=8, settings=SamplerSettings(burn_in=200, samples=100, thinning=5)
    )
    assert first.diagnostics["start"] == "dispersed"
    assert data_start.diagnostics["start"] == "data"
    assert first.diagnostics["chain_medians"] == again.diagnostics["chain_medians"]
    # The first chain starts from the data either way; the others from the prior.
    medians = str(first.diagnostics["chain_medians"]).split(", ")
    assert medians[0] == str(data_start.diagnostics["chain_medians"]).split(", ")[0]


def test_one_chain_says_it_cannot_see_other_modes() -> None:
    settings = SamplerSettings(burn_in=200, samples=100, thinning=5, chains=1)
    result = latent_class_estimate(load_table("spina_bifida_ny"), seed=5, settings=settings)
    assert any("One chain only" in w for w in result.warnings)


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
