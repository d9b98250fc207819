"""Estimates per stratum (year, province, organisation type) and their total.

Strata are estimated separately, since capture probabilities and list dependence differ between
them. The total's interval combines the strata by simulation: each stratum's unseen count is
given the log-normal distribution that matches its own interval, and the sums are summarised.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
from scipy.stats import norm

from .result import Estimate
from .table import CaptureTable


@dataclass(frozen=True, slots=True)
class StratifiedEstimate:
    """Per-stratum results and the combined total."""

    strata: Mapping[str, Estimate]
    total: Estimate

    def summary(self) -> str:
        """The total, then one line per stratum."""
        lines = [self.total.summary()]
        lines.extend(
            f"  {name}: {est.estimate:,.1f} ({est.ci[0]:,.1f} to {est.ci[1]:,.1f})"
            for name, est in self.strata.items()
        )
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: the total and each stratum."""
        return {"total": self.total.to_dict(), "strata": {k: v.to_dict() for k, v in self.strata.items()}}


def stratified_estimate(
    tables: Mapping[str, CaptureTable],
    estimator: Callable[[CaptureTable], Estimate],
    *,
    level: float = 0.95,
    seed: int = 1,
    draws: int = 20_000,
) -> StratifiedEstimate:
    """Run `estimator` on each stratum and add the results with combined uncertainty."""
    if not tables:
        raise ValueError("give at least one stratum")
    results = {name: estimator(table) for name, table in tables.items()}
    rng = np.random.default_rng(seed)
    simulated = np.zeros(draws)
    warnings: list[str] = []
    for name, est in results.items():
        simulated += _simulate_stratum(est, rng, draws)
        warnings.extend(f"{name}: {w}" for w in est.warnings)
    observed = sum(e.observed for e in results.values())
    tail = (1.0 - level) / 2.0
    low, high = (
        np.quantile(simulated, [tail, 1.0 - tail]) if np.all(np.isfinite(simulated)) else (observed, math.inf)
    )
    first = next(iter(results.values()))
    total = Estimate(
        method=f"{first.method}_stratified",
        estimate=sum(e.estimate for e in results.values()),
        ci=(float(low), float(high)),
        ci_level=level,
        observed=observed,
        model=f"sum over {len(results)} strata",
        assumptions=(*first.assumptions, "Strata are estimated independently and do not share people."),
        warnings=tuple(warnings),
        diagnostics={"strata": len(results), "draws": draws},
        seed=seed,
        interval_method="simulation: per-stratum log-normal unseen counts matched to each interval, summed",
    )
    return StratifiedEstimate(MappingProxyType(results), total)


def _simulate_stratum(est: Estimate, rng: np.random.Generator, draws: int) -> np.ndarray:
    unseen = est.estimate - est.observed
    low, high = est.ci[0] - est.observed, est.ci[1] - est.observed
    if not math.isfinite(high):
        return np.full(draws, math.inf)
    if unseen <= 0 or low <= 0 or high <= low:
        return np.full(draws, est.estimate)
    z = float(norm.ppf(0.5 + est.ci_level / 2))
    spread = (math.log(high) - math.log(low)) / (2 * z)
    return est.observed + unseen * np.exp(rng.normal(0.0, spread, draws))
