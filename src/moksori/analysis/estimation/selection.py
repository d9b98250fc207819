"""Choosing among log-linear models: stepwise AIC/BIC, SparseMSE's p-value forward selection,
and Akaike-weight model averaging."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.optimize import brentq
from scipy.special import pdtr, pdtrc
from scipy.stats import norm

from .cells import Cells, term_mask
from .glm import FloatArray
from .loglinear import (
    EstimabilityError,
    Model,
    ModelFit,
    Term,
    candidate_terms,
    canonical_model,
    fit_canonical_model,
    two_way_models,
)
from .table import CaptureTable

CRITERIA = ("aic", "bic")


@dataclass(frozen=True, slots=True)
class Selection:
    """The chosen fit, the path of models taken and every model the search could fit."""

    best: ModelFit
    path: tuple[Model, ...]
    fits: tuple[ModelFit, ...]
    refused: tuple[tuple[Model, str], ...]


class _FitCache:
    """Fits each model once per search and remembers why a model was refused."""

    def __init__(self, table: CaptureTable) -> None:
        self.table = table
        self.cells = Cells.of(table)
        self.fits: dict[Model, ModelFit] = {}
        self.refused: dict[Model, str] = {}

    def get(self, model: Model, parent: ModelFit | None = None) -> ModelFit | None:
        found = self.fits.get(model)
        if found is not None:
            return found
        model = canonical_model(model)
        if model in self.fits:
            return self.fits[model]
        if model in self.refused:
            return None
        try:
            fit = fit_canonical_model(self.cells, model, parent=parent)
        except EstimabilityError as err:
            self.refused[model] = str(err)
            return None
        self.fits[model] = fit
        return fit


def criterion_value(fit: ModelFit, criterion: str) -> float:
    """AIC or BIC of a fit (BIC uses log of the observed count, as Rcapture)."""
    if criterion not in CRITERIA:
        raise ValueError(f"criterion must be one of {CRITERIA}, not {criterion!r}")
    return fit.aic if criterion == "aic" else fit.bic


def neighbours(model: Model, n_lists: int, max_order: int | None = None) -> list[Model]:
    """Hierarchical models one term away: add a term whose sub-terms are all present, or drop a
    term that no larger term contains."""
    model = canonical_model(model)
    present = {term_mask(t) for t in model}
    result: list[Model] = []
    for term, mask in _candidates(n_lists, max_order):
        if mask in present:
            if not any(other != mask and other & mask == mask for other in present):
                result.append(tuple(t for t in model if t != term))
        elif len(term) == 2 or all(mask & ~(1 << j) in present for j in term):
            result.append(tuple(sorted((*model, term), key=_term_order)))
    return result


@lru_cache(maxsize=64)
def _candidates(n_lists: int, max_order: int | None) -> tuple[tuple[Term, int], ...]:
    return tuple((term, term_mask(term)) for term in candidate_terms(n_lists, max_order))


def _term_order(term: Term) -> tuple[int, Term]:
    # The order canonical_model gives: by size, then lexicographically.
    return len(term), term


def stepwise(
    table: CaptureTable,
    criterion: str = "aic",
    *,
    start: Model = (),
    max_order: int | None = None,
) -> Selection:
    """Bidirectional stepwise search from `start` (independence), moving to the neighbour that
    lowers the criterion most, until none does. Models whose estimate does not exist are skipped."""
    cache = _FitCache(table)
    current = cache.get(start)
    if current is None:
        raise EstimabilityError(f"the starting model fails: {cache.refused[canonical_model(start)]}")
    path = [current.model]
    while True:
        fits = [
            f
            for c in neighbours(current.model, table.n_lists, max_order)
            if (f := cache.get(c, current)) is not None
        ]
        improving = [
            f for f in fits if criterion_value(f, criterion) < criterion_value(current, criterion) - 1e-9
        ]
        if not improving:
            break
        current = min(improving, key=lambda f: _preference(f, criterion))
        path.append(current.model)
    return Selection(current, tuple(path), tuple(cache.fits.values()), tuple(cache.refused.items()))


def _preference(fit: ModelFit, criterion: str) -> tuple[float, int, float]:
    # Exact ties happen on small symmetric tables; breaking them by fewer parameters, then the
    # larger (more cautious) estimate keeps the choice independent of the order of the lists.
    return (round(criterion_value(fit, criterion), 9), fit.n_parameters, -fit.estimate)


def pvalue_forward(table: CaptureTable, threshold: float = 0.02) -> Selection:
    """SparseMSE's stepwise fit (Chan, Silverman & Vincent 2021): add the two-list term whose
    overlap count has the smallest one-sided Poisson p-value under the current model, while that
    p-value is below `threshold` and the new model's estimate exists."""
    cache = _FitCache(table)
    current = cache.get(())
    if current is None:
        raise EstimabilityError(f"the independence model fails: {cache.refused[()]}")
    cells = cache.cells
    path = [current.model]
    while True:
        best_p, best_fit = 1.0, None
        fitted = _fitted_full(current, len(cells.counts))
        for pair, mask in _candidates(table.n_lists, 2):
            if pair in current.model:
                continue
            column = cells.column(mask)
            p_value = _overlap_pvalue(cells.shared(pair), float(fitted @ column))
            if p_value < best_p and p_value < threshold:
                fit = cache.get((*current.model, pair), current)
                if fit is not None:
                    best_p, best_fit = p_value, fit
        if best_fit is None:
            break
        current = best_fit
        path.append(current.model)
    return Selection(current, tuple(path), tuple(cache.fits.values()), tuple(cache.refused.items()))


def _fitted_full(fit: ModelFit, n_cells: int) -> FloatArray:
    full = np.zeros(n_cells)
    full[fit.design_rows - 1] = fit.poisson.fitted
    return full


def _overlap_pvalue(observed: float, expected: float) -> float:
    # One-sided Poisson tail in the direction of the deviation: min(P(X ≤ n), P(X ≥ n)).
    upper = 1.0 if observed <= 0 else float(pdtrc(observed - 1, expected))
    return min(float(pdtr(observed, expected)), upper)


@dataclass(frozen=True, slots=True)
class Averaged:
    """Akaike-weighted average over a set of models."""

    estimate: float
    ci: tuple[float, float]
    weights: dict[Model, float]
    fits: tuple[ModelFit, ...]


def akaike_weights(fits: Iterable[ModelFit], criterion: str = "aic") -> dict[Model, float]:
    """exp(−Δᵢ/2), normalised, where Δᵢ is each model's criterion minus the smallest."""
    values = {f.model: criterion_value(f, criterion) for f in fits}
    best = min(values.values())
    raw = {m: math.exp(-(v - best) / 2.0) for m, v in values.items()}
    total = sum(raw.values())
    return {m: w / total for m, w in raw.items()}


def average_models(
    table: CaptureTable,
    fits: Iterable[ModelFit] | None = None,
    *,
    criterion: str = "aic",
    level: float = 0.95,
) -> Averaged:
    """Model-averaged estimate Σ wᵢ N̂ᵢ; the interval is the quantiles of the weighted mixture of
    each model's log-normal distribution for the unseen count (model uncertainty included)."""
    if fits is None:
        cache = _FitCache(table)
        fits = [f for m in two_way_models(table.n_lists) if (f := cache.get(m)) is not None]
    fit_list = tuple(fits)
    if not fit_list:
        raise EstimabilityError("no model in the set has an estimate on this table")
    weights = akaike_weights(fit_list, criterion)
    estimate = sum(weights[f.model] * f.estimate for f in fit_list)
    alpha = 1.0 - level
    ci = (
        _mixture_quantile(fit_list, weights, table.observed, alpha / 2),
        _mixture_quantile(fit_list, weights, table.observed, 1 - alpha / 2),
    )
    return Averaged(estimate, ci, weights, fit_list)


def _mixture_quantile(
    fits: tuple[ModelFit, ...], weights: dict[Model, float], observed: int, q: float
) -> float:
    means = np.array([f.poisson.beta[0] for f in fits])
    sds = np.array([max(f.log_unseen_se, 1e-12) for f in fits])
    w = np.array([weights[f.model] for f in fits])

    def cdf_gap(log_unseen: float) -> float:
        return float(np.sum(w * norm.cdf((log_unseen - means) / sds)) - q)

    low, high = float(np.min(means - 10 * sds)), float(np.max(means + 10 * sds))
    return observed + math.exp(brentq(cdf_gap, low, high, xtol=1e-10))


def selector(name: str, threshold: float = 0.02) -> Callable[[CaptureTable], Selection]:
    """The selection procedure called `name`: 'aic', 'bic' (stepwise) or 'pvalue' (SparseMSE)."""
    if name in CRITERIA:
        return lambda table: stepwise(table, name)
    if name == "pvalue":
        return lambda table: pvalue_forward(table, threshold)
    raise ValueError(f"selection must be 'aic', 'bic' or 'pvalue', not {name!r}")
