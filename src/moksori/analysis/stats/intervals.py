"""Intervals for a proportion (Wilson, Jeffreys, Clopper–Pearson) and for a split (Sison–Glaz, Goodman).

The arithmetic is statsmodels'; this module validates inputs, applies the usual Jeffreys
boundary rule, and returns frozen results that say what they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import pandas as pd

ProportionMethod = Literal["wilson", "jeffreys", "clopper-pearson"]
MultinomialMethod = Literal["sison-glaz", "goodman"]

PROPORTION_METHODS: tuple[ProportionMethod, ...] = ("wilson", "jeffreys", "clopper-pearson")
MULTINOMIAL_METHODS: tuple[MultinomialMethod, ...] = ("sison-glaz", "goodman")
_STATSMODELS_NAME = {"wilson": "wilson", "jeffreys": "jeffreys", "clopper-pearson": "beta"}


@dataclass(frozen=True, slots=True)
class ProportionInterval:
    """k of n, the share k/n and an interval for the underlying proportion."""

    k: int
    n: int
    method: str
    estimate: float
    ci_low: float
    ci_high: float
    ci_level: float

    def summary(self) -> str:
        """One line: share, interval, method and counts."""
        return (
            f"{self.estimate:.1%} ({self.k} of {self.n}); {self.ci_level:.0%} interval "
            f"{self.ci_low:.1%} to {self.ci_high:.1%} ({self.method})"
        )

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict with the keys k, n, method, estimate, ci_low, ci_high, ci_level."""
        return {
            "k": self.k,
            "n": self.n,
            "method": self.method,
            "estimate": self.estimate,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "ci_level": self.ci_level,
        }

    def to_frame(self) -> pd.DataFrame:
        """A one-row pandas frame of `to_dict()`."""
        import pandas as pd

        return pd.DataFrame([self.to_dict()])


@dataclass(frozen=True, slots=True)
class CategoryShare:
    """One category of a split: its count, share and simultaneous interval."""

    category: str
    count: int
    estimate: float
    ci_low: float
    ci_high: float


@dataclass(frozen=True, slots=True)
class MultinomialIntervals:
    """Shares of a split whose intervals hold simultaneously at `ci_level`."""

    n: int
    method: str
    ci_level: float
    shares: tuple[CategoryShare, ...]

    def summary(self) -> str:
        """One line per category, then the method."""
        lines = [
            f"{s.category}: {s.estimate:.1%} ({s.count} of {self.n}); {s.ci_low:.1%} to {s.ci_high:.1%}"
            for s in self.shares
        ]
        lines.append(f"simultaneous {self.ci_level:.0%} intervals ({self.method})")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict; `shares` is a list in the categories' order."""
        return {
            "n": self.n,
            "method": self.method,
            "ci_level": self.ci_level,
            "shares": [
                {
                    "category": s.category,
                    "count": s.count,
                    "estimate": s.estimate,
                    "ci_low": s.ci_low,
                    "ci_high": s.ci_high,
                }
                for s in self.shares
            ],
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per category."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "category": s.category,
                    "count": s.count,
                    "estimate": s.estimate,
                    "ci_low": s.ci_low,
                    "ci_high": s.ci_high,
                }
                for s in self.shares
            ]
        )


def proportion_interval(
    k: int, n: int, *, method: ProportionMethod = "wilson", level: float = 0.95
) -> ProportionInterval:
    """Interval for a binomial proportion from k successes in n trials.

    Wilson is the default (Newcombe 1998); Jeffreys follows Brown, Cai & DasGupta (2001),
    including their rule that the bound at 0 of n (or n of n) is exactly 0 (or 1).
    Clopper–Pearson is offered as the conservative reference.
    """
    _check_counts(k, n)
    _check_level(level)
    if method not in PROPORTION_METHODS:
        raise ValueError(f"unknown interval method {method!r}; choose one of {', '.join(PROPORTION_METHODS)}")
    from statsmodels.stats.proportion import proportion_confint

    low, high = proportion_confint(k, n, alpha=1 - level, method=_STATSMODELS_NAME[method])
    if method == "jeffreys":
        # Brown, Cai & DasGupta (2001) sec. 4.1.2: the equal-tailed bound is not used at the boundary.
        low = 0.0 if k == 0 else low
        high = 1.0 if k == n else high
    return ProportionInterval(
        k=k,
        n=n,
        method=method,
        estimate=k / n,
        # Floating-point noise can put a bound a hair past the share (Wilson at 0 of n gives ~1e-18).
        ci_low=min(_clip(float(low)), k / n),
        ci_high=max(_clip(float(high)), k / n),
        ci_level=level,
    )


def multinomial_intervals(
    counts: Mapping[str, int], *, method: MultinomialMethod = "sison-glaz", level: float = 0.95
) -> MultinomialIntervals:
    """Simultaneous intervals for the shares of a split (Sison & Glaz 1995, or Goodman 1965).

    Categories keep the order of `counts`. Sison–Glaz needs at least two categories and one count;
    with a single category the share is 1 by definition and the interval is [1, 1].
    """
    _check_level(level)
    if method not in MULTINOMIAL_METHODS:
        raise ValueError(
            f"unknown split interval method {method!r}; choose one of {', '.join(MULTINOMIAL_METHODS)}"
        )
    for category, count in counts.items():
        _check_counts(count, max(count, 1), what=f"count for {category!r}")
    n = sum(counts.values())
    if n == 0:
        raise ValueError("a split needs at least one counted unit; every category count is 0")
    bounds = _multinomial_bounds(list(counts.values()), method, level)
    shares = tuple(
        CategoryShare(category=c, count=v, estimate=v / n, ci_low=lo, ci_high=hi)
        for (c, v), (lo, hi) in zip(counts.items(), bounds, strict=True)
    )
    return MultinomialIntervals(n=n, method=method, ci_level=level, shares=shares)


def _multinomial_bounds(values: list[int], method: str, level: float) -> list[tuple[float, float]]:
    if len(values) == 1:
        return [(1.0, 1.0)]
    import numpy as np
    from statsmodels.stats.proportion import multinomial_proportions_confint

    raw = multinomial_proportions_confint(np.asarray(values), alpha=1 - level, method=method)
    return [(_clip(float(lo)), _clip(float(hi))) for lo, hi in raw]


def _check_counts(k: int, n: int, *, what: str = "k") -> None:
    if isinstance(k, bool) or isinstance(n, bool) or not isinstance(k, int) or not isinstance(n, int):
        raise TypeError(f"{what} and n must be whole numbers")
    if n <= 0:
        raise ValueError(f"n must be at least 1 (got {n}); a share of nobody has no interval")
    if not 0 <= k <= n:
        raise ValueError(f"{what} must be between 0 and n={n} (got {k})")


def _check_level(level: float) -> None:
    if not 0.5 <= level < 1:
        raise ValueError(f"interval level must be at least 0.5 and below 1 (got {level}); e.g. 0.95")


def _clip(value: float) -> float:
    return min(1.0, max(0.0, value))
