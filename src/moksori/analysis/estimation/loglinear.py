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
from scipy.optimize import linprog

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


NOT_IDENTIFIABLE = "not identifiable: the table cannot separate some model terms (too many empty cells)"
DOES_NOT_EXIST = "the maximum likelihood estimate does not exist"
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


def zero_overlap_terms(patterns: NDArray[np.int8], counts: FloatArray, model: Model) -> Model:
    """Terms whose sufficient statistic is zero: their parameter is −∞ in the extended MLE."""
    return tuple(term for term in model if float(counts @ term_column(patterns, term)) == 0.0)


def reduced_problem(
    table: CaptureTable, model: Model
) -> tuple[FloatArray, FloatArray, NDArray[np.int64], Model]:
    """Design and counts with empty-overlap terms removed (Chan, Silverman & Vincent 2021).

    A term nobody shares has fitted cells of exactly zero, so those cells and the term leave the
    fit; the unobserved cell is unaffected. Returns (design, counts, kept cell codes, dropped terms).
    """
    patterns, counts = observed_cells(table)
    dropped = zero_overlap_terms(patterns, counts, model)
    keep = np.ones(len(counts), dtype=bool)
    for term in dropped:
        keep &= term_column(patterns, term) == 0
    kept_model = tuple(t for t in model if not any(set(d) <= set(t) for d in dropped))
    codes = np.flatnonzero(keep).astype(np.int64) + 1
    return design_matrix(patterns[keep], kept_model), counts[keep], codes, dropped


def estimability_problem(design: FloatArray, counts: FloatArray) -> str | None:
    """Why the MLE fails on this design (Fienberg & Rinaldo 2012), or None when it exists.

    Identifiability needs a full-rank design; existence needs a strictly positive table with the
    same sufficient statistics, found by a linear programme when some cells are zero.
    """
    if not is_identifiable(design):
        return NOT_IDENTIFIABLE
    if np.all(counts > 0):
        return None
    return None if _positive_table_exists(design, counts) else DOES_NOT_EXIST


def is_identifiable(design: FloatArray) -> bool:
    """Whether the design has full column rank."""
    return bool(np.linalg.matrix_rank(design) == design.shape[1])


def _positive_table_exists(design: FloatArray, counts: FloatArray) -> bool:
    n_cells = design.shape[0]
    # Variables: cell values x (n_cells) and slack s; maximise s with x_i ≥ s and Xᵀx = Xᵀy.
    objective = np.zeros(n_cells + 1)
    objective[-1] = -1.0
    a_eq = np.hstack([design.T, np.zeros((design.shape[1], 1))])
    b_eq = design.T @ counts
    a_ub = np.hstack([-np.eye(n_cells), np.ones((n_cells, 1))])
    bounds = [(0.0, None)] * n_cells + [(0.0, 1.0)]
    solution = linprog(objective, A_ub=a_ub, b_ub=np.zeros(n_cells), A_eq=a_eq, b_eq=b_eq, bounds=bounds)
    return bool(solution.status == 0 and -solution.fun > 1e-7)


def fit_model(
    table: CaptureTable, model: Model, *, check: bool = True, start: FloatArray | None = None
) -> ModelFit:
    """Fit one hierarchical log-linear model; raise EstimabilityError when its estimate fails."""
    model = canonical_model(model)
    design, counts, codes, dropped = reduced_problem(table, model)
    if check and not is_identifiable(design):
        raise EstimabilityError(NOT_IDENTIFIABLE)
    poisson = fit_poisson(design, counts, start)
    if check and _looks_divergent(poisson) and not _positive_table_exists(design, counts):
        raise EstimabilityError(DOES_NOT_EXIST)
    if not poisson.converged or not math.isfinite(poisson.beta[0]):
        raise EstimabilityError("the fit did not converge; the estimate is unstable")
    n_parameters = design.shape[1] + len(dropped)
    minus_two_ll = -2.0 * poisson.loglik
    return ModelFit(
        model=model,
        estimate=table.observed + math.exp(poisson.beta[0]),
        log_unseen_se=math.sqrt(max(poisson.covariance[0, 0], 0.0)),
        deviance=poisson.deviance,
        df=len(counts) - design.shape[1],
        aic=minus_two_ll + 2 * n_parameters,
        bic=minus_two_ll + math.log(table.observed) * n_parameters,
        n_parameters=n_parameters,
        zero_overlap_terms=dropped,
        poisson=poisson,
        design_rows=codes,
    )


def _looks_divergent(poisson: PoissonFit) -> bool:
    # A missing MLE shows as fitted cells sliding to zero and coefficients running off; only then
    # is the (slower) linear programme needed to decide.
    return bool(
        not poisson.converged
        or np.min(poisson.fitted) < DIVERGENCE_FITTED
        or np.max(np.abs(poisson.beta)) > DIVERGENCE_COEFFICIENT
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
    from scipy.stats import norm

    z = float(norm.ppf(0.5 + level / 2))
    log_unseen = fit.poisson.beta[0]
    return (
        observed + math.exp(log_unseen - z * fit.log_unseen_se),
        observed + math.exp(log_unseen + z * fit.log_unseen_se),
    )
