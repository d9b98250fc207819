"""Log-linear estimates as results: one chosen model, a selection procedure, or an average."""

from __future__ import annotations

import math
from collections.abc import Mapping

from .loglinear import (
    LOGLINEAR_ASSUMPTIONS,
    Model,
    ModelFit,
    canonical_model,
    fit_model,
    model_label,
    wald_interval,
)
from .profile import profile_interval
from .result import DiagnosticValue, Estimate
from .selection import Selection, akaike_weights, average_models, selector
from .table import CaptureTable, sparse_table_warnings

INTERVALS = ("profile", "wald")
LARGE_UNSEEN_RATIO = 4.0
SELECTION_NAMES = {
    "aic": "stepwise AIC",
    "bic": "stepwise BIC",
    "pvalue": "forward p-value (SparseMSE)",
}


def loglinear_estimate(
    table: CaptureTable,
    *,
    select: str = "aic",
    model: Model | None = None,
    interval: str = "profile",
    level: float = 0.95,
    pvalue_threshold: float = 0.02,
) -> Estimate:
    """Estimate N with a log-linear model: `model` if given, else the one `select` chooses.

    `select` is 'aic' or 'bic' (bidirectional stepwise over hierarchical models) or 'pvalue'
    (SparseMSE's forward selection). `interval` is 'profile' (profile likelihood) or 'wald'
    (normal on the log of the unseen count).
    """
    if interval not in INTERVALS:
        raise ValueError(f"interval must be one of {INTERVALS}, not {interval!r}")
    selection: Selection | None = None
    if model is None:
        selection = selector(select, pvalue_threshold)(table)
        fit = selection.best
        how = SELECTION_NAMES.get(select, select)
    else:
        fit = fit_model(table, canonical_model(model))
        how = "fixed model"
    criterion = "bic" if select == "bic" else "aic"
    return _fit_to_estimate(table, fit, selection, how, interval, level, criterion)


def averaged_estimate(table: CaptureTable, *, criterion: str = "aic", level: float = 0.95) -> Estimate:
    """Akaike-weight average over every two-list-interaction model whose estimate exists."""
    averaged = average_models(table, criterion=criterion, level=level)
    weights = {model_label(m, table.lists): w for m, w in averaged.weights.items()}
    top_model, top_weight = max(averaged.weights.items(), key=lambda item: item[1])
    warnings = list(sparse_table_warnings(table))
    if averaged.estimate > LARGE_UNSEEN_RATIO * table.observed:
        warnings.append(_large_unseen_warning(averaged.estimate, table.observed))
    return Estimate(
        method="loglinear_average",
        estimate=averaged.estimate,
        ci=averaged.ci,
        ci_level=level,
        observed=table.observed,
        model=f"{criterion.upper()}-weighted average of {len(averaged.fits)} models "
        f"(top: {model_label(top_model, table.lists)}, weight {top_weight:.2f})",
        assumptions=LOGLINEAR_ASSUMPTIONS,
        warnings=tuple(warnings),
        weights=weights,
        diagnostics={"n_models": len(averaged.fits)},
        interval_method="quantiles of the weighted mixture of per-model log-normal intervals",
    )


def _fit_to_estimate(
    table: CaptureTable,
    fit: ModelFit,
    selection: Selection | None,
    how: str,
    interval: str,
    level: float,
    criterion: str,
) -> Estimate:
    warnings = list(sparse_table_warnings(table)) + list(_fit_warnings(table, fit))
    diagnostics: dict[str, DiagnosticValue] = {
        "deviance": fit.deviance,
        "df": fit.df,
        "aic": fit.aic,
        "bic": fit.bic,
        "n_parameters": fit.n_parameters,
        "selection": how,
    }
    weights: Mapping[str, float] = {}
    if selection is not None:
        diagnostics["models_fitted"] = len(selection.fits)
        diagnostics["models_refused"] = len(selection.refused)
        diagnostics["path"] = " -> ".join(model_label(m, table.lists) for m in selection.path)
        all_weights = akaike_weights(selection.fits, criterion)
        weights = {model_label(m, table.lists): w for m, w in all_weights.items()}
        top_weight = all_weights.get(fit.model, 1.0)
        if top_weight < 0.5:
            warnings.append(
                f"The chosen model has {criterion.upper()} weight {top_weight:.2f} among the models tried:"
                " others fit"
                " almost as well; compare with the model-averaged estimate."
            )
    if interval == "profile":
        ci, peak, profile_warnings = profile_interval(table, fit, level)
        warnings.extend(profile_warnings)
        diagnostics["profile_peak"] = peak
        interval_method = "profile likelihood (multinomial, as Rcapture closedpCI.t)"
    else:
        ci = wald_interval(fit, table.observed, level)
        interval_method = "normal on log(unseen) from the intercept's standard error"
    return Estimate(
        method="loglinear",
        estimate=fit.estimate,
        ci=ci,
        ci_level=level,
        observed=table.observed,
        model=model_label(fit.model, table.lists),
        assumptions=LOGLINEAR_ASSUMPTIONS,
        warnings=tuple(warnings),
        diagnostics=diagnostics,
        weights=weights,
        interval_method=interval_method,
    )


def _fit_warnings(table: CaptureTable, fit: ModelFit) -> list[str]:
    warnings = []
    if fit.zero_overlap_terms:
        labels = model_label(fit.zero_overlap_terms, table.lists)
        warnings.append(
            f"Terms with no shared cases ({labels}) are fitted at their limit (−∞); the estimate treats"
            " those lists as never overlapping."
        )
    if fit.estimate > LARGE_UNSEEN_RATIO * table.observed:
        warnings.append(_large_unseen_warning(fit.estimate, table.observed))
    if not math.isfinite(fit.estimate):
        warnings.append("The estimate is infinite.")
    return warnings


def _large_unseen_warning(estimate: float, observed: int) -> str:
    return (
        f"The estimate is {estimate / observed:.1f} times the observed count: most of the population is"
        " inferred, not seen, and small changes in the data move it a lot."
    )
