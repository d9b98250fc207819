"""Bayesian non-parametric latent-class model for capture–recapture (Manrique-Vallier 2016).

People fall into latent classes k with weights π drawn from a truncated stick-breaking
(Dirichlet-process) prior with K classes and concentration α ~ Gamma(a, b). Within a class, lists
capture independently with probabilities λ_jk ~ Beta(1, 1). With prior p(N) ∝ 1/N, the Gibbs
sampler (latent_class_gibbs) alternates: classes of the observed people, the unseen count
n₀ ~ NegBin(n, 1 − π₀) with π₀ = Σ_k π_k Π_j (1 − λ_jk), classes of the unseen, λ, π and α.

This posterior can have more than one mode (for example a few classes that single lists catch almost
surely, which leaves almost nobody unseen, beside the usual mode with a large hidden group), and
one chain cannot show that. So several chains run from seeds derived from the user's seed, in
parallel threads; R-hat and the effective sample size are computed over all of them, the draws are
pooled, and the result warns in plain words when the chains disagree.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .latent_class_gibbs import gibbs_chain, pattern_codes, use_pattern_table
from .mcmc import disagreeing_chains, effective_sample_size, rank_rhat
from .result import Estimate
from .table import CaptureTable, sparse_table_warnings

RHAT_LIMIT = 1.1
MIN_ESS = 200
MODES_WARNING = (
    "The posterior has more than one mode; chains disagree; the interval pools them. "
    "Read it as 'somewhere in this range, depending on which mode is right', and compare with "
    "other models before quoting it."
)
LATENT_CLASS_ASSUMPTIONS = (
    "The population is closed and people are matched between lists without error.",
    "People differ in how likely lists are to find them, but within a latent group lists find "
    "people independently; the groups and their number are learned from the data.",
    "The unseen people come from the same mixture of groups as the seen ones (no group is invisible "
    "to every list).",
    "The prior on the population size is proportional to 1/N.",
)


@dataclass(frozen=True, slots=True)
class SamplerSettings:
    """Settings of the Gibbs sampler; per chain, the defaults are LCMCR's reference run."""

    classes: int = 10
    burn_in: int = 10_000
    samples: int = 1_000
    thinning: int = 100
    chains: int = 4
    a_alpha: float = 0.25
    b_alpha: float = 0.25
    # Start every chain but the first from the prior rather than from the data (as LCMCR does), to
    # look for modes the data-based start does not reach.
    dispersed_start: bool = False

    @property
    def iterations_per_chain(self) -> int:
        """Gibbs sweeps each chain runs after its warm-up, burn-in included."""
        return self.burn_in + self.samples * self.thinning


@dataclass(frozen=True, slots=True)
class PosteriorDraws:
    """Thinned posterior draws shaped (chains, samples), and the wall time of the whole run."""

    population: NDArray[np.float64]
    alpha: NDArray[np.float64]
    occupied_classes: NDArray[np.float64]
    seconds: float


def chain_seeds(seed: int, chains: int) -> list[int]:
    """Independent 63-bit seeds, one per chain, derived from the user's seed."""
    states = np.random.SeedSequence(seed).generate_state(chains, dtype=np.uint64)
    return [int(s) >> 1 for s in states]


def sample_posterior(table: CaptureTable, settings: SamplerSettings, seed: int) -> PosteriorDraws:
    """Run `settings.chains` independent chains in parallel threads, seeded from `seed`."""
    patterns = np.ascontiguousarray(table.patterns, dtype=np.float64)
    counts = np.ascontiguousarray(table.counts, dtype=np.int64)
    use_table = use_pattern_table(table.n_lists, patterns.shape[0])
    codes = pattern_codes(patterns) if use_table else np.zeros(0, dtype=np.int64)

    def run(
        chain: int, chain_seed: int
    ) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
        return gibbs_chain(
            patterns,
            codes,
            counts,
            settings.classes,
            settings.a_alpha,
            settings.b_alpha,
            settings.burn_in,
            settings.samples,
            settings.thinning,
            chain_seed,
            settings.dispersed_start and chain > 0,
        )

    started = time.perf_counter()
    workers = max(1, min(settings.chains, os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(run, range(settings.chains), chain_seeds(seed, settings.chains)))
    seconds = time.perf_counter() - started
    return PosteriorDraws(
        np.array([r[0] for r in results]),
        np.array([r[1] for r in results]),
        np.array([r[2] for r in results]),
        seconds,
    )


def convergence_warnings(draws: PosteriorDraws, ess: float, rhat: float) -> list[str]:
    """Plain-words warnings about chains that disagree or too few effective draws."""
    warnings = []
    chains = draws.population.shape[0]
    if chains >= 2 and disagreeing_chains(draws.population):
        warnings.append(MODES_WARNING)
    elif chains >= 2 and rhat > RHAT_LIMIT:
        warnings.append(
            f"Chains disagree (R-hat {rhat:.2f} > {RHAT_LIMIT}): they have not settled on the same "
            "distribution; run longer before trusting this interval."
        )
    if chains == 1:
        warnings.append("One chain only: a second mode of the posterior would go unnoticed.")
    if ess < MIN_ESS:
        warnings.append(f"Only {ess:.0f} effective samples: the interval ends are imprecise; run longer.")
    return warnings


def _chain_medians(draws: PosteriorDraws) -> str:
    return ", ".join(f"{m:.0f}" for m in np.median(draws.population, axis=1))


def latent_class_estimate(
    table: CaptureTable,
    *,
    seed: int = 1,
    level: float = 0.95,
    settings: SamplerSettings | None = None,
) -> Estimate:
    """Posterior median of N with an equal-tailed credible interval, pooled over chains, and diagnostics."""
    chosen = settings or SamplerSettings()
    if table.n_lists < 3:
        raise ValueError("the latent-class model needs at least three lists to separate classes")
    if chosen.chains < 1:
        raise ValueError("at least one chain is needed")
    draws = sample_posterior(table, chosen, seed)
    pooled = draws.population.ravel()
    tail = (1.0 - level) / 2.0
    low, median, high = np.quantile(pooled, [tail, 0.5, 1.0 - tail])
    ess = effective_sample_size(draws.population)
    rhat = rank_rhat(draws.population) if chosen.chains >= 2 else float("nan")
    warnings = sparse_table_warnings(table) + convergence_warnings(draws, ess, rhat)
    return Estimate(
        method="lcmcr",
        estimate=float(median),
        ci=(float(low), float(high)),
        ci_level=level,
        observed=table.observed,
        model=f"latent classes, K={chosen.classes}, Dirichlet-process prior",
        assumptions=LATENT_CLASS_ASSUMPTIONS,
        warnings=tuple(warnings),
        diagnostics={
            "posterior_mean": float(pooled.mean()),
            "ess": ess,
            "rhat": rhat,
            "chains_disagree": chosen.chains >= 2 and disagreeing_chains(draws.population),
            "chain_medians": _chain_medians(draws),
            "ess_per_second": ess / draws.seconds if draws.seconds > 0 else float("nan"),
            "seconds": draws.seconds,
            "chains": chosen.chains,
            "start": "dispersed" if chosen.dispersed_start else "data",
            "burn_in": chosen.burn_in,
            "samples_per_chain": chosen.samples,
            "thinning": chosen.thinning,
            "alpha_posterior_mean": float(draws.alpha.mean()),
            "occupied_classes_mean": float(draws.occupied_classes.mean()),
        },
        seed=seed,
        interval_method="equal-tailed posterior credible interval, chains pooled",
    )
