"""Profile-likelihood interval for the population size N (Cormack 1992; as Rcapture's closedpCI.t).

For a trial N the unobserved cell holds N − n people; the log-linear model is refitted to the
completed table and the multinomial log-likelihood
    log N! − log (N − n)! + Σ_cells y·log(μ/N)   (constants dropped)
is profiled over N. The interval is every N whose likelihood-ratio statistic is below the χ²₁
quantile.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import brentq, minimize_scalar
from scipy.special import gammaln
from scipy.stats import chi2

from .glm import FloatArray, fit_poisson
from .loglinear import ModelFit, design_matrix
from .table import CaptureTable, all_patterns

UPPER_SEARCH_FACTOR = 1e4


class _Profile:
    """Profile log-likelihood of N for one model, warm-starting each refit from the last."""

    def __init__(self, table: CaptureTable, fit: ModelFit) -> None:
        patterns = all_patterns(table.n_lists)
        rows = np.concatenate([[0], fit.design_rows])
        kept_model = tuple(t for t in fit.model if t not in fit.zero_overlap_terms)
        kept_model = tuple(t for t in kept_model if not any(set(d) <= set(t) for d in fit.zero_overlap_terms))
        self.design: FloatArray = design_matrix(patterns[rows], kept_model)
        self.counts: FloatArray = np.concatenate(
            [[0.0], table.full_counts()[fit.design_rows].astype(np.float64)]
        )
        self.observed = table.observed
        self.start: FloatArray = fit.poisson.beta.copy()

    def loglik(self, total: float) -> float:
        counts = self.counts.copy()
        counts[0] = total - self.observed
        poisson = fit_poisson(self.design, counts, self.start)
        if not poisson.converged:
            poisson = fit_poisson(self.design, counts)
        if not poisson.converged:
            return -math.inf
        self.start = poisson.beta
        mu = poisson.fitted
        positive = counts > 0
        return float(
            gammaln(total + 1.0)
            - gammaln(total - self.observed + 1.0)
            + np.sum(counts[positive] * np.log(mu[positive] / total))
        )


def profile_interval(
    table: CaptureTable, fit: ModelFit, level: float = 0.95
) -> tuple[tuple[float, float], float, list[str]]:
    """((low, high), N maximising the profile, warnings); `high` is inf when unbounded."""
    profile = _Profile(table, fit)
    observed = float(table.observed)
    cutoff = float(chi2.ppf(level, 1)) / 2.0
    peak = _profile_peak(profile, fit.estimate, observed)
    top = profile.loglik(peak)

    def drop(total: float) -> float:
        return top - profile.loglik(total) - cutoff

    warnings: list[str] = []
    low = observed if drop(observed) <= 0 else brentq(drop, observed, peak, xtol=1e-6)
    high = _upper_bound(drop, peak, observed)
    if math.isinf(high):
        warnings.append(
            "The profile likelihood does not fall enough for large N: the data give no upper bound."
        )
    return (float(low), high), peak, warnings


def _profile_peak(profile: _Profile, estimate: float, observed: float) -> float:
    upper = max(estimate * 4.0, observed + 10.0)
    result = minimize_scalar(
        lambda n: -profile.loglik(n), bounds=(observed, upper), method="bounded", options={"xatol": 1e-6}
    )
    return float(result.x)


def _upper_bound(drop: object, peak: float, observed: float) -> float:
    assert callable(drop)
    step = max(peak - observed, 1.0)
    low, high = peak, peak + step
    while drop(high) < 0:
        low, high = high, high + step
        step *= 2.0
        if high > observed * UPPER_SEARCH_FACTOR:
            return math.inf
    return float(brentq(drop, low, high, xtol=1e-6))
