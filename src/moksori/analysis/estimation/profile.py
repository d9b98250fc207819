"""Profile-likelihood interval for the population size N (Cormack 1992; as Rcapture's closedpCI.t).

For a trial N the unobserved cell holds N − n people; the log-linear model is refitted to the
completed table and the multinomial log-likelihood
    L(N) = log N! − log (N − n)! + Σ_cells y·log(μ/N)   (constants dropped)
is profiled over N. The interval is every N whose likelihood-ratio statistic is below the χ²₁
quantile.

Both derivatives of L come with each refit at no extra cost, so the peak and both interval ends
are found by safeguarded Newton steps (a handful of refits each, each warm-started from the last)
rather than by bracketing searches. Because μ/N is the multinomial maximum, the envelope theorem
gives L′(N) = ψ(N+1) − ψ(N−n+1) + log(μ₀/N), and since the unobserved cell's design row is the
intercept alone, d log μ₀ / dN is the intercept's variance [(XᵀWX)⁻¹]₀₀, so
L″(N) = ψ′(N+1) − ψ′(N−n+1) + [(XᵀWX)⁻¹]₀₀ − 1/N.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from scipy.special import chdtri, digamma, zeta

from .cells import model_masks
from .glm import MAX_ITERATIONS, TOLERANCE, FloatArray, irls
from .loglinear import ModelFit
from .table import CaptureTable

UPPER_SEARCH_FACTOR = 1e4
X_TOLERANCE = 1e-7
MAX_STEPS = 100

Point = tuple[float, float, float]


class _Profile:
    """L(N), L′(N) and L″(N) for one model, warm-starting each refit from the last."""

    def __init__(self, table: CaptureTable, fit: ModelFit) -> None:
        masks = np.array(fit.column_masks or _masks_of(fit, table.n_lists), dtype=np.int64)
        codes = np.concatenate([[0], fit.design_rows])
        self.design: FloatArray = ((codes[:, None] & masks[None, :]) == masks[None, :]).astype(np.float64)
        self.counts: FloatArray = np.concatenate(
            [[0.0], table.full_counts()[fit.design_rows].astype(np.float64)]
        )
        self.positive = self.counts > 0
        self.observed = float(table.observed)
        self.start: FloatArray = fit.poisson.beta.copy()
        self.seen: dict[float, Point] = {}

    def point(self, total: float) -> Point:
        """(L, L′, L″) at N = `total`; L = −inf when the refit fails."""
        found = self.seen.get(total)
        if found is None:
            found = self.seen[total] = self._refit(total)
        return found

    def _refit(self, total: float) -> Point:
        counts = self.counts
        counts[0] = total - self.observed
        self.positive[0] = counts[0] > 0
        beta, _, variance, mu, _, _, converged, _ = irls(
            self.design, counts, self.start, True, MAX_ITERATIONS, TOLERANCE
        )
        if not converged:
            beta, _, variance, mu, _, _, converged, _ = irls(
                self.design, counts, self.start, False, MAX_ITERATIONS, TOLERANCE
            )
        if not converged:
            return -math.inf, math.nan, math.nan
        self.start = beta
        unseen = total - self.observed
        value = (
            math.lgamma(total + 1.0)
            - math.lgamma(unseen + 1.0)
            + float(counts[self.positive] @ np.log(mu[self.positive] / total))
        )
        slope = float(digamma(total + 1.0) - digamma(unseen + 1.0)) + math.log(mu[0] / total)
        curvature = float(zeta(2.0, total + 1.0) - zeta(2.0, unseen + 1.0)) + variance - 1.0 / total
        return value, slope, curvature


def _masks_of(fit: ModelFit, n_lists: int) -> tuple[int, ...]:
    dropped = {frozenset(t) for t in fit.zero_overlap_terms}
    kept = tuple(t for t in fit.model if not any(d <= set(t) for d in dropped))
    return model_masks(n_lists, kept)


def profile_interval(
    table: CaptureTable, fit: ModelFit, level: float = 0.95
) -> tuple[tuple[float, float], float, list[str]]:
    """((low, high), N maximising the profile, warnings); `high` is inf when unbounded."""
    profile = _Profile(table, fit)
    observed = float(table.observed)
    cutoff = float(chdtri(1.0, 1.0 - level)) / 2.0
    peak, (top, _, curvature) = _profile_peak(profile, fit.estimate, observed)
    target = top - cutoff

    def drop(total: float) -> tuple[float, float]:
        value, slope, _ = profile.point(total)
        return target - value, -slope

    # The quadratic approximation at the peak gives the first guess of each end.
    half_width = math.sqrt(2.0 * cutoff / max(-curvature, 1e-300)) if curvature < 0 else peak - observed
    warnings: list[str] = []
    at_observed = drop(observed)[0]
    if at_observed <= 0:
        low = observed
    else:
        low = _bracketed_newton(drop, observed, peak, max(peak - half_width, (observed + peak) / 2))
    high = _upper_end(drop, peak, observed, peak + max(half_width, 1e-3))
    if math.isinf(high):
        warnings.append(
            "The profile likelihood does not fall enough for large N: the data give no upper bound."
        )
    return (float(low), high), peak, warnings


def _profile_peak(profile: _Profile, estimate: float, observed: float) -> tuple[float, Point]:
    """The N maximising L, by Newton steps on L′ from the Poisson estimate, kept within a bracket."""
    point = profile.point(observed)
    if point[1] <= 0:
        return observed, point
    low, high = observed, math.inf
    total = max(estimate, observed + 1e-3)
    for _ in range(MAX_STEPS):
        point = profile.point(total)
        value, slope, curvature = point
        if not math.isfinite(value):
            high = total
        elif slope > 0:
            low = total
        else:
            high = total
        step = -slope / curvature if curvature < 0 and math.isfinite(slope) else math.nan
        proposal = total + step
        if not low < proposal < high:
            proposal = (low + high) / 2.0 if math.isfinite(high) else low + 2.0 * max(low - observed, 1.0)
        if abs(proposal - total) < X_TOLERANCE * max(total, 1.0):
            return total, point
        total = proposal
    return total, profile.point(total)


def _bracketed_newton(
    func: Callable[[float], tuple[float, float]], low: float, high: float, guess: float
) -> float:
    """Root of `func` (value, derivative) between `low` (positive) and `high` (negative); Newton
    steps, with bisection whenever a step would leave the bracket."""
    total = guess
    for _ in range(MAX_STEPS):
        value, slope = func(total)
        if not math.isfinite(value):
            value, slope = math.inf, math.nan
        if value > 0:
            low = total
        else:
            high = total
        proposal = total - value / slope if slope != 0 and math.isfinite(slope) else math.nan
        if not min(low, high) < proposal < max(low, high):
            proposal = (low + high) / 2.0
        if abs(proposal - total) < X_TOLERANCE * max(total, 1.0) or value == 0:
            return proposal
        total = proposal
    return total


def _upper_end(
    func: Callable[[float], tuple[float, float]], peak: float, observed: float, guess: float
) -> float:
    """The upper interval end; inf when the profile never drops by the cutoff below 10⁴·n."""
    limit = observed * UPPER_SEARCH_FACTOR
    below, total = peak, guess
    for _ in range(MAX_STEPS):
        if total >= limit:
            if func(limit)[0] < 0:
                return math.inf
            return _bracketed_newton(func, limit, below, (limit + below) / 2.0)
        value, slope = func(total)
        if value >= 0:
            return _bracketed_newton(func, total, below, total)
        below, distance = total, total - peak
        # Still inside the interval: a Newton step outwards, at most quadrupling the distance from
        # the peak (the profile flattens far out, where Newton steps alone would crawl or leap).
        step = -value / slope if slope > 0 else math.inf
        total = below + min(step, 4.0 * distance + 1.0)
    return math.inf
