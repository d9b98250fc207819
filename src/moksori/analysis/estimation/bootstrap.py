"""Parametric bootstrap of a selected log-linear model, re-selecting the model in every replicate,
so the interval includes model-selection uncertainty (Buckland, Burnham & Augustin 1997).

Each replicate draws every observable cell from Poisson(μ̂) of the selected fit and repeats the
selection, warm-started at the selected model (which is usually also the replicate's choice, so
few models are refitted). Replicates whose selection fails are counted and reported, never
silently dropped.
"""

from __future__ import annotations

import math
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .loglinear import LOGLINEAR_ASSUMPTIONS, EstimabilityError, Model, ModelFit, model_label, observed_cells
from .result import Estimate
from .selection import pvalue_forward, stepwise
from .table import CaptureTable, all_patterns, capture_table_from_patterns

KINDS = ("parametric", "multinomial")


@dataclass(frozen=True, slots=True)
class BootstrapDraws:
    """Replicate estimates and how many replicates had no estimable model."""

    estimates: NDArray[np.float64]
    failed: int
    seconds: float


def replicate_counts(
    table: CaptureTable, fit: ModelFit, n_boot: int, rng: np.random.Generator, kind: str = "parametric"
) -> NDArray[np.int64]:
    """(n_boot, 2^k − 1) simulated counts of the observable cells in code order."""
    _, counts = observed_cells(table)
    if kind == "parametric":
        expected = np.zeros(len(counts))
        expected[fit.design_rows - 1] = fit.poisson.fitted
        return rng.poisson(expected, size=(n_boot, len(counts))).astype(np.int64)
    if kind == "multinomial":
        return rng.multinomial(table.observed, counts / counts.sum(), size=n_boot).astype(np.int64)
    raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")


def _reselect(args: tuple[tuple[str, ...], NDArray[np.int64], str, Model]) -> list[float]:
    lists, draws, select, start = args
    patterns = all_patterns(len(lists))[1:]
    results = []
    for counts in draws:
        try:
            table = capture_table_from_patterns(lists, zip(patterns, counts.tolist(), strict=True))
            if select == "pvalue":
                chosen = pvalue_forward(table).best
            else:
                try:
                    chosen = stepwise(table, select, start=start).best
                except EstimabilityError:
                    chosen = stepwise(table, select).best
            results.append(chosen.estimate)
        except (EstimabilityError, ValueError):
            results.append(math.nan)
    return results


def bootstrap_estimates(
    table: CaptureTable,
    fit: ModelFit,
    *,
    select: str = "aic",
    n_boot: int = 200,
    seed: int = 1,
    kind: str = "parametric",
    workers: int = 1,
) -> BootstrapDraws:
    """Re-select and re-estimate on `n_boot` simulated tables, optionally in worker processes."""
    rng = np.random.default_rng(seed)
    draws = replicate_counts(table, fit, n_boot, rng, kind)
    started = time.perf_counter()
    chunks = np.array_split(draws, max(workers, 1))
    jobs = [(table.lists, chunk, select, fit.model) for chunk in chunks if len(chunk)]
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            parts = list(pool.map(_reselect, jobs))
    else:
        parts = [_reselect(job) for job in jobs]
    estimates = np.array([v for part in parts for v in part])
    seconds = time.perf_counter() - started
    return BootstrapDraws(estimates[np.isfinite(estimates)], int(np.sum(~np.isfinite(estimates))), seconds)


def bootstrap_estimate(
    table: CaptureTable,
    *,
    select: str = "aic",
    n_boot: int = 200,
    seed: int = 1,
    level: float = 0.95,
    kind: str = "parametric",
    workers: int = 1,
) -> Estimate:
    """Selected-model estimate with a percentile bootstrap interval that includes re-selection."""
    best = (pvalue_forward(table) if select == "pvalue" else stepwise(table, select)).best
    draws = bootstrap_estimates(
        table, best, select=select, n_boot=n_boot, seed=seed, kind=kind, workers=workers
    )
    warnings = []
    if draws.failed:
        warnings.append(
            f"{draws.failed} of {n_boot} bootstrap tables had no estimable model; the interval uses the rest."
        )
    if len(draws.estimates) < 20:
        raise EstimabilityError("too few bootstrap replicates could be estimated to form an interval")
    tail = (1.0 - level) / 2.0
    low, high = np.quantile(draws.estimates, [tail, 1.0 - tail])
    return Estimate(
        method="loglinear_bootstrap",
        estimate=best.estimate,
        ci=(float(max(low, table.observed)), float(high)),
        ci_level=level,
        observed=table.observed,
        model=model_label(best.model, table.lists),
        assumptions=LOGLINEAR_ASSUMPTIONS,
        warnings=tuple(warnings),
        diagnostics={
            "n_boot": n_boot,
            "failed": draws.failed,
            "bootstrap_median": float(np.median(draws.estimates)),
            "kind": kind,
            "selection": select,
            "seconds": draws.seconds,
        },
        seed=seed,
        interval_method=f"{kind} bootstrap percentile interval with model re-selection",
    )
