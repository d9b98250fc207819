"""Sample-coverage estimators of Chao & Tsay (1998), as in CARE1 (Chao et al. 2001).

The sample coverage C is the share of the population's total capture probability that the
observed people carry. With t lists, Z_j people only on list j, n_j people on list j and M seen:
    Ĉ = 1 − (1/t) Σ_j Z_j / n_j,       D = (1/t) Σ_j (M − Z_j),
    N̂₀ = D / Ĉ                                  (independence; 'Nhat-0')
    N̂  = (t·D − Σ w_jk) / (t·Ĉ − Σ w_jk n_jk / (n_j n_k))   (high coverage; 'Nhat')
    N̂₁ = one Newton-like step of the same equation from N̂₀ (low coverage; 'Nhat-1')
where n_jk is the overlap of lists j and k and w_jk = Z_j + Z_k + 2·(people only on j and k).
The pairwise coefficients of covariation n·n_jk/(n_j n_k) − 1 absorb list dependence and
heterogeneity, which is why the method is a check on the log-linear independence assumptions.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .chapman import log_transformed_interval
from .result import Estimate
from .table import CaptureTable, sparse_table_warnings

VARIANTS = ("independence", "high", "low")
LOW_COVERAGE = 0.55
COVERAGE_ASSUMPTIONS = (
    "The population is closed and people are matched between lists without error.",
    "Dependence between lists and differences between people are summarised well by the pairwise "
    "coefficients of covariation (higher-order effects are ignored).",
    "The 'high' variant needs sample coverage above about 55%; below that the 'low' one-step variant "
    "is the recommended estimate (Chao et al. 2001).",
)


@dataclass(frozen=True, slots=True)
class CoverageStatistics:
    """The ingredients of the sample-coverage estimators."""

    lists: int
    observed: int
    coverage: float
    mean_seen_elsewhere: float
    pair_weights: NDArray[np.float64]
    pair_overlap_ratios: NDArray[np.float64]


def coverage_statistics(full_counts: NDArray[np.int64], n_lists: int) -> CoverageStatistics:
    """Ĉ, D and the pairwise weights from counts indexed by pattern code (cell 0 ignored)."""
    codes = np.arange(full_counts.shape[0])
    bits = (codes[:, None] >> np.arange(n_lists)) & 1
    counts = full_counts.astype(np.float64).copy()
    counts[0] = 0.0
    observed = counts.sum()
    sizes = bits.T @ counts
    only = np.array([counts[1 << j] for j in range(n_lists)])
    coverage = 1.0 - float(np.mean(only / sizes))
    seen_elsewhere = float(np.mean(observed - only))
    weights, ratios = [], []
    for j, k in itertools.combinations(range(n_lists), 2):
        weights.append(only[j] + only[k] + 2.0 * counts[(1 << j) | (1 << k)])
        overlap = float(counts[(bits[:, j] == 1) & (bits[:, k] == 1)].sum())
        ratios.append(overlap / (sizes[j] * sizes[k]))
    return CoverageStatistics(
        n_lists, int(observed), coverage, seen_elsewhere, np.array(weights), np.array(ratios)
    )


def coverage_point(full_counts: NDArray[np.int64], n_lists: int, variant: str) -> float:
    """One of the three Chao–Tsay estimates of N from a full pattern-count vector."""
    s = coverage_statistics(full_counts, n_lists)
    t = float(n_lists)
    if s.coverage <= 0:
        return math.inf
    independent = s.mean_seen_elsewhere / s.coverage
    if variant == "independence":
        return max(independent, float(s.observed))
    if variant == "high":
        denominator = t * s.coverage - float(s.pair_weights @ s.pair_overlap_ratios)
        numerator = t * s.mean_seen_elsewhere - float(s.pair_weights.sum())
        # CARE1 falls back to the observed count when the equation has no admissible root.
        if denominator < 1e-4 or numerator / denominator < s.observed:
            return float(s.observed)
        return numerator / denominator
    if variant == "low":
        step = independent + float(s.pair_weights @ (independent * s.pair_overlap_ratios - 1.0)) / (
            t * s.coverage
        )
        covariation = step * s.pair_overlap_ratios - 1.0
        # CARE1 leaves this unclamped; below the observed count it would be absurd.
        return max(independent + float(s.pair_weights @ covariation) / (t * s.coverage), float(s.observed))
    raise ValueError(f"variant must be one of {VARIANTS}, not {variant!r}")


def sample_coverage(
    table: CaptureTable,
    *,
    variant: str = "low",
    level: float = 0.95,
    n_boot: int = 200,
    seed: int = 1,
) -> Estimate:
    """Chao–Tsay sample-coverage estimate with a bootstrap SE and Chao's log-transformed interval.

    The bootstrap draws a population of size round(N̂) from the observed pattern shares plus the
    estimated unseen share, as CARE1 does.
    """
    if table.n_lists < 2:
        raise ValueError("sample coverage needs at least two lists")
    full = table.full_counts()
    estimate = coverage_point(full, table.n_lists, variant)
    stats = coverage_statistics(full, table.n_lists)
    se = _bootstrap_se(full, table.n_lists, variant, estimate, n_boot, np.random.default_rng(seed))
    warnings = sparse_table_warnings(table)
    if stats.coverage < LOW_COVERAGE:
        warnings.append(
            f"Sample coverage is low ({stats.coverage:.0%}): the 'high' variant is unstable here;"
            " read the 'low' variant and treat all as rough."
        )
    if not math.isfinite(se) or not math.isfinite(estimate):
        ci = (float(table.observed), math.inf)
        warnings.append("The bootstrap could not bound the estimate.")
    else:
        ci = log_transformed_interval(estimate, se**2, table.observed, level)
    return Estimate(
        method=f"coverage_{variant}",
        estimate=estimate,
        ci=ci,
        ci_level=level,
        observed=table.observed,
        model=f"sample coverage ({variant})",
        assumptions=COVERAGE_ASSUMPTIONS,
        warnings=tuple(warnings),
        diagnostics={"sample_coverage": stats.coverage, "bootstrap_se": se, "n_boot": n_boot},
        seed=seed,
        interval_method="bootstrap SE with Chao's (1987) log-transformed interval",
    )


def _bootstrap_se(
    full: NDArray[np.int64],
    n_lists: int,
    variant: str,
    estimate: float,
    n_boot: int,
    rng: np.random.Generator,
) -> float:
    if not math.isfinite(estimate):
        return math.inf
    size = round(estimate)
    shares = full.astype(np.float64) / size
    shares[0] = max(0.0, 1.0 - shares[1:].sum())
    shares /= shares.sum()
    draws = rng.multinomial(size, shares, size=n_boot)
    values = np.array([coverage_point(draw, n_lists, variant) for draw in draws])
    values = values[np.isfinite(values)]
    return float(np.std(values, ddof=1)) if len(values) > 1 else math.inf
