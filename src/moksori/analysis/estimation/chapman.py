"""Two-list estimators: Lincoln–Petersen and Chapman, with normal and log-transformed intervals."""

from __future__ import annotations

import math

from scipy.stats import norm

from .result import Estimate
from .table import CaptureTable, TableError

TWO_LIST_ASSUMPTIONS = (
    "The population is closed: nobody enters or leaves between the two lists.",
    "Being on one list does not change the chance of being on the other (independent lists).",
    "Everyone has the same chance of being on each list (homogeneity), or the two lists' "
    "differences in chance are unrelated.",
    "People are matched between the lists without error.",
)

INTERVALS = ("log", "normal")


def overlap_counts(table: CaptureTable, pair: tuple[int, int] | None = None) -> tuple[int, int, int]:
    """(n1, n2, m): sizes of the two lists and the number of people on both."""
    first, second = _pair(table, pair)
    on_first = table.patterns[:, first] == 1
    on_second = table.patterns[:, second] == 1
    n1 = int(table.counts[on_first].sum())
    n2 = int(table.counts[on_second].sum())
    m = int(table.counts[on_first & on_second].sum())
    return n1, n2, m


def lincoln_petersen(
    table: CaptureTable, *, level: float = 0.95, interval: str = "log", pair: tuple[int, int] | None = None
) -> Estimate:
    """Lincoln–Petersen estimate n1·n2/m with the delta-method variance n1·n2·(n1−m)(n2−m)/m³."""
    n1, n2, m = overlap_counts(table, pair)
    observed = n1 + n2 - m
    warnings = list(_sparse_warnings(m))
    if m == 0:
        return _no_overlap_estimate("lincoln_petersen", observed, level, warnings)
    estimate = n1 * n2 / m
    variance = n1 * n2 * (n1 - m) * (n2 - m) / m**3
    return _two_list_result("lincoln_petersen", estimate, variance, observed, level, interval, warnings)


def chapman(
    table: CaptureTable, *, level: float = 0.95, interval: str = "log", pair: tuple[int, int] | None = None
) -> Estimate:
    """Chapman's nearly unbiased estimate (n1+1)(n2+1)/(m+1) − 1 with Seber's (1982) variance.

    `interval="log"` gives Chao's (1987) log-transformed interval, which never falls below the
    observed count; `interval="normal"` gives the symmetric Wald interval.
    """
    n1, n2, m = overlap_counts(table, pair)
    observed = n1 + n2 - m
    estimate = (n1 + 1) * (n2 + 1) / (m + 1) - 1
    variance = (n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m) / ((m + 1) ** 2 * (m + 2))
    warnings = list(_sparse_warnings(m))
    return _two_list_result("chapman", estimate, variance, observed, level, interval, warnings)


def log_transformed_interval(
    estimate: float, variance: float, observed: int, level: float
) -> tuple[float, float]:
    """Chao (1987): a log-normal interval for the unseen count, so the bounds stay ≥ observed."""
    unseen = estimate - observed
    if unseen <= 0:
        return float(observed), float(observed)
    z = float(norm.ppf(0.5 + level / 2))
    spread = math.exp(z * math.sqrt(math.log1p(variance / unseen**2)))
    return observed + unseen / spread, observed + unseen * spread


def normal_interval(estimate: float, variance: float, level: float) -> tuple[float, float]:
    """Symmetric Wald interval estimate ± z·SE."""
    half = float(norm.ppf(0.5 + level / 2)) * math.sqrt(variance)
    return estimate - half, estimate + half


def _two_list_result(
    method: str,
    estimate: float,
    variance: float,
    observed: int,
    level: float,
    interval: str,
    warnings: list[str],
) -> Estimate:
    if interval not in INTERVALS:
        raise ValueError(f"interval must be one of {INTERVALS}, not {interval!r}")
    if interval == "log":
        ci = log_transformed_interval(estimate, variance, observed, level)
        how = "log-transformed (Chao 1987), bounded below by the observed count"
    else:
        ci = normal_interval(estimate, variance, level)
        how = "normal (Wald), estimate ± z·SE"
        if ci[0] < observed:
            warnings.append("The normal interval falls below the observed count; prefer the log interval.")
    return Estimate(
        method=method,
        estimate=estimate,
        ci=ci,
        ci_level=level,
        observed=observed,
        model="two lists, independence",
        assumptions=TWO_LIST_ASSUMPTIONS,
        warnings=tuple(warnings),
        diagnostics={"variance": variance, "se": math.sqrt(variance)},
        interval_method=how,
    )


def _no_overlap_estimate(method: str, observed: int, level: float, warnings: list[str]) -> Estimate:
    warnings.append("No one is on both lists: the Lincoln–Petersen estimate is infinite; use Chapman.")
    return Estimate(
        method=method,
        estimate=math.inf,
        ci=(float(observed), math.inf),
        ci_level=level,
        observed=observed,
        model="two lists, independence",
        assumptions=TWO_LIST_ASSUMPTIONS,
        warnings=tuple(warnings),
    )


def _sparse_warnings(m: int) -> tuple[str, ...]:
    if m < 7:
        return (
            f"Only {m} people are on both lists; two-list estimates are biased and unstable below about 7.",
        )
    return ()


def _pair(table: CaptureTable, pair: tuple[int, int] | None) -> tuple[int, int]:
    if pair is None:
        if table.n_lists != 2:
            raise TableError(
                f"The table has {table.n_lists} lists; two-list estimators need exactly two,"
                " or name the pair of lists to use."
            )
        return 0, 1
    first, second = pair
    if first == second or not (0 <= first < table.n_lists and 0 <= second < table.n_lists):
        raise TableError(f"List pair {pair} is not two different lists of this table.")
    return first, second
