"""One entry point per method name, shared by the command line and notebooks."""

from __future__ import annotations

from collections.abc import Callable

from .chapman import chapman
from .coverage import sample_coverage
from .log_linear_estimate import loglinear_estimate
from .result import Estimate
from .table import CaptureTable

METHODS = ("chapman", "loglinear", "lcmcr", "dga", "coverage")


def estimate_with(
    table: CaptureTable,
    method: str,
    *,
    select: str = "aic",
    seed: int = 1,
    level: float = 0.95,
) -> Estimate:
    """Run the estimator called `method` ('chapman', 'loglinear', 'lcmcr', 'dga', 'coverage')."""
    runners: dict[str, Callable[[], Estimate]] = {
        "chapman": lambda: chapman(table, level=level),
        "loglinear": lambda: loglinear_estimate(table, select=select, level=level),
        "coverage": lambda: sample_coverage(table, level=level, seed=seed),
        "lcmcr": lambda: _latent_class(table, seed, level),
        "dga": lambda: _decomposable(table, level),
    }
    if method not in runners:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    return runners[method]()


def estimate_all(
    table: CaptureTable, *, select: str = "aic", seed: int = 1, level: float = 0.95
) -> list[Estimate]:
    """Every method that applies to the table (Chapman only for two lists, dga for 3–5)."""
    methods = ["loglinear", "coverage"]
    if table.n_lists == 2:
        methods.insert(0, "chapman")
    if table.n_lists >= 3:
        methods.append("lcmcr")
    if 3 <= table.n_lists <= 5:
        methods.append("dga")
    return [estimate_with(table, m, select=select, seed=seed, level=level) for m in methods]


def _latent_class(table: CaptureTable, seed: int, level: float) -> Estimate:
    from .latent_class import latent_class_estimate

    return latent_class_estimate(table, seed=seed, level=level)


def _decomposable(table: CaptureTable, level: float) -> Estimate:
    from .decomposable import decomposable_estimate

    return decomposable_estimate(table, level=level)
