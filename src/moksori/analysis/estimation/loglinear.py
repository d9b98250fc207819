"""Hierarchical log-linear models on the incomplete 2^k table (Fienberg 1972; Cormack 1989).

A model is a set of interaction terms (tuples of list indices, each of size ≥ 2) on top of the
main effects. The unobserved cell has every list indicator 0, so its expected count is
exp(intercept) and the population estimate is observed + exp(intercept).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.special import ndtri

from .cells import Cells, Reduced, warm_start
from .estimability import (
    DOES_NOT_EXIST,
    NOT_IDENTIFIABLE,
    is_identifiable,
    mle_exists,
)
from .glm import FloatArray, PoissonFit, fit_poisson
from .table import CaptureTable, all_patterns

Term = tuple[int, ...]
Model = tuple[Term, ...]

LOGLINEAR_ASSUMPTIONS = (
    "The population is closed during the period the lists cover.",
    "The interactions left out of the model are zero in the whole population, including the people "
    "no list saw: the highest-order interaction among all lists cannot be tested and is assumed absent.",
    "People are matched between lists without error.",
    "Capture heterogeneity is captured by the included interactions (a person's chance of being on "
    "several lists is described by the model).",
)


DIVERGENCE_FITTED = 1e-6
DIVERGENCE_COEFFICIENT = 25.0


class EstimabilityError(ValueError):
    """The model's estimate does not exist or is not identifiable on this table."""


@dataclass(frozen=True, slots=True)
class ModelFit:
    """One fitted log-linear model and its estimate of the total population."""

    model: Model
    estimate: float
    log_unseen_se: float
    deviance: float
    df: int
    aic: float
    bic: float
    n_parameters: int
    zero_overlap_terms: Model
    poisson: PoissonFit
    design_rows: NDArray[np.int64]
    column_masks: tuple[int, ...] = ()

    @property
    def unseen(self) -> float:
        """Estimated number of people on no list."""
        return math.exp(self.poisson.beta[0])


def canonical_model(terms: Iterable[Iterable[int]]) -> Model:
    """Sorted, de-duplicated terms, so equal models compare equal."""
    return tuple(sorted({tuple(sorted(t)) for t in terms}, key=lambda t: (len(t), t)))


def hierarchical_closure(terms: Iterable[Iterable[int]]) -> Model:
    """The smallest hierarchical model containing `terms` (adds every sub-interaction of size ≥ 2)."""
    closed: set[Term] = set()
    for term in canonical_model(terms):
        for size in range(2, len(term) + 1):
            closed.update(itertools.combinations(term, size))
    return canonical_model(closed)


def model_label(model: Model, lists: tuple[str, ...]) -> str:
    """Readable label such as 'independence' or 'P:Q + Q:E'."""
    if not model:
        return "independence"
    return " + ".join(":".join(lists[i] for i in term) for term in model)


def parse_model(text: str, lists: tuple[str, ...]) -> Model:
    """Parse a label like 'P:Q + Q:E' (or 'independence') back into a model."""
    cleaned = text.strip()
    if cleaned in {"", "independence"}:
        return ()
    index = {name: i for i, name in enumerate(lists)}
    terms = []
    for part in cleaned.split("+"):
        names = [n.strip() for n in part.split(":")]
        unknown = [n for n in names if n not in index]
        if unknown or len(names) < 2:
            raise ValueError(
                f"Model term '{part.strip()}' must join two or more of the lists {lists} with ':'."
            )
        terms.append(tuple(index[n] for n in names))
    return hierarchical_closure(terms)


def term_column(patterns: NDArray[np.int8], term: Term) -> NDArray[np.float64]:
    """Indicator that a pattern is on every list of `term`."""
    return np.asarray(np.prod(patterns[:, list(term)], axis=1), dtype=np.float64)


def design_matrix(patterns: NDArray[np.int8], model: Model) -> FloatArray:
    """Intercept, one column per list, one column per interaction term."""
    columns = [np.ones(patterns.shape[0]), *patterns.T.astype(np.float64)]
    columns.extend(term_column(patterns, term) for term in model)
    return np.column_stack(columns)


def observed_cells(table: CaptureTable) -> tuple[NDArray[np.int8], FloatArray]:
    """All 2^k − 1 observable patterns in code order with their counts (zeros included)."""
    return all_patterns(table.n_lists)[1:], table.full_counts()[1:].astype(np.float64)


def reduced_problem(
    table: CaptureTable, model: Model
) -> tuple[FloatArray, FloatArray, NDArray[np.int64], Model]:
    """Design and counts with empty-overlap terms removed (Chan, Silverman & Vincent 2021).

    A term nobody shares has fitted cells of exactly zero, so those cells and the term leave the
    fit; the unobserved cell is unaffected. Returns (design, counts, kept cell codes, dropped terms).
    """
    reduced = Cells.of(table).reduce(canonical_model(model))
    return reduced.design, reduced.counts, reduced.codes, reduced.dropped


def fit_model(
    table: CaptureTable,
    model: Model,
    *,
    check: bool = True,
    start: FloatArray | None = None,
    cells: Cells | None = None,
) -> ModelFit:
    """Fit one hierarchical log-linear model; raise EstimabilityError when its estimate fails.

    `cells` (the table's cached columns) and `start` (coefficients in the reduced design's column
    order) only make repeated fits faster; they never change the result.
    """
    return fit_canonical_model(cells or Cells.of(table), canonical_model(model), check=check, start=start)


def fit_canonical_model(
    cells: Cells,
    model: Model,
    *,
    check: bool = True,
    start: FloatArray | None = None,
    parent: ModelFit | None = None,
) -> ModelFit:
    """`fit_model` for a model already in canonical form, on a table's cached cells; `parent`, a
    fitted model one term away, supplies the starting coefficients."""
    reduced = cells.reduce(model)
    design, counts = reduced.design, reduced.counts
    if parent is not None and start is None and parent.column_masks:
        start = warm_start(parent.column_masks, parent.poisson.beta, reduced.masks)
    if check and not _surely_identifiable(reduced, cells.n_lists) and not is_identifiable(design):
        raise EstimabilityError(NOT_IDENTIFIABLE)
    poisson = fit_poisson(design, counts, start)
    if check and _looks_divergent(poisson) and not mle_exists(design, counts):
        raise EstimabilityError(DOES_NOT_EXIST)
    if not poisson.converged or not math.isfinite(poisson.beta[0]):
        if start is not None:
            return fit_canonical_model(cells, model, check=check)
        raise EstimabilityError("the fit did not converge; the estimate is unstable")
    n_parameters = design.shape[1] + len(reduced.dropped)
    minus_two_ll = -2.0 * poisson.loglik
    return ModelFit(
        model=model,
        estimate=cells.observed + math.exp(poisson.beta[0]),
        log_unseen_se=math.sqrt(max(poisson.intercept_variance, 0.0)),
        deviance=poisson.deviance,
        df=len(counts) - design.shape[1],
        aic=minus_two_ll + 2 * n_parameters,
        bic=minus_two_ll + math.log(cells.observed) * n_parameters,
        n_parameters=n_parameters,
        zero_overlap_terms=reduced.dropped,
        poisson=poisson,
        design_rows=reduced.codes,
        column_masks=reduced.masks,
    )


def _surely_identifiable(reduced: Reduced, n_lists: int) -> bool:
    # On all 2^k − 1 observable cells, the columns of distinct interaction terms of 2 to k − 1
    # lists are among those of an invertible matrix (the saturated design less the k-list term),
    # so only dropped cells or unusual terms call for the rank computation.
    return not reduced.dropped and all(1 < len(t) < n_lists for t in reduced.kept_model)


def _looks_divergent(poisson: PoissonFit) -> bool:
    # A missing MLE shows as fitted cells sliding to zero and coefficients running off; only then
    # is the existence check needed.
    return bool(
        not poisson.converged
        or poisson.fitted.min() < DIVERGENCE_FITTED
        or np.abs(poisson.beta).max() > DIVERGENCE_COEFFICIENT
    )


def candidate_terms(n_lists: int, max_order: int | None = None) -> list[Term]:
    """Every interaction term up to `max_order` (default k − 1: the k-way term is never estimable)."""
    top = n_lists - 1 if max_order is None else min(max_order, n_lists - 1)
    return [t for size in range(2, top + 1) for t in itertools.combinations(range(n_lists), size)]


def two_way_models(n_lists: int) -> list[Model]:
    """All models made of two-list interactions only (2^(k choose 2) of them)."""
    pairs = list(itertools.combinations(range(n_lists), 2))
    return [
        canonical_model(combo)
        for size in range(len(pairs) + 1)
        for combo in itertools.combinations(pairs, size)
    ]


def wald_interval(fit: ModelFit, observed: int, level: float) -> tuple[float, float]:
    """observed + exp(intercept ± z·se): normal on the log of the unseen count (as SparseMSE)."""
    z = float(ndtri(0.5 + level / 2))
    log_unseen = fit.poisson.beta[0]
    return (
        observed + math.exp(log_unseen - z * fit.log_unseen_se),
        observed + math.exp(log_unseen + z * fit.log_unseen_se),
    )
