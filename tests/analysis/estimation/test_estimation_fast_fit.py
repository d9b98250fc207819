"""The fast log-linear machinery against straightforward references.

- Our compiled IRLS against statsmodels' GLM (Poisson, log link) on every shared table and every
  model stepwise selection or model averaging fits there: coefficients, covariance and
  log-likelihood to 1e-8.
- The null-space existence check against the linear programme of Fienberg & Rinaldo (2012).
- Warm starts, cached columns and the Newton profile search change no result.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import statsmodels.api as sm
from estimation_reference import DATASETS, load_table

from moksori.analysis.estimation.cells import Cells, warm_start
from moksori.analysis.estimation.estimability import is_identifiable, mle_exists, positive_table_exists
from moksori.analysis.estimation.glm import fit_poisson
from moksori.analysis.estimation.loglinear import (
    EstimabilityError,
    Model,
    ModelFit,
    candidate_terms,
    canonical_model,
    design_matrix,
    fit_canonical_model,
    fit_model,
    hierarchical_closure,
    observed_cells,
    two_way_models,
)
from moksori.analysis.estimation.profile import _Profile, profile_interval
from moksori.analysis.estimation.selection import stepwise
from moksori.analysis.estimation.table import CaptureTable, all_patterns, capture_table_from_patterns

TOL = 1e-8


def _models(table: CaptureTable) -> list[Model]:
    chosen = {f.model for f in stepwise(table, "aic").fits} | {f.model for f in stepwise(table, "bic").fits}
    return sorted(chosen | set(two_way_models(table.n_lists)), key=lambda m: (len(m), m))


def _fits(table: CaptureTable) -> list[ModelFit]:
    fits = []
    for model in _models(table):
        try:
            fits.append(fit_model(table, model))
        except EstimabilityError:
            continue
    return fits


def _sparse_tables() -> list[CaptureTable]:
    rng = np.random.default_rng(7)
    tables = []
    for i in range(40):
        k = 3 + i % 2
        counts = rng.poisson(rng.uniform(0.2, 6.0), size=2**k - 1)
        counts[0] += 1
        lists = tuple("ABCD"[:k])
        tables.append(
            capture_table_from_patterns(
                lists, zip(all_patterns(k)[1:].tolist(), counts.tolist(), strict=True)
            )
        )
    return tables


@pytest.mark.filterwarnings("ignore:Perfect separation", "ignore:divide by zero")
@pytest.mark.parametrize("name", DATASETS)
def test_irls_matches_statsmodels_glm_on_every_model(name: str) -> None:
    table = load_table(name)
    fits = _fits(table)
    assert fits
    for fit in fits:
        cells = Cells.of(table).reduce(fit.model)
        reference = sm.GLM(cells.counts, cells.design, family=sm.families.Poisson()).fit(tol=1e-14)
        ours = fit_poisson(cells.design, cells.counts)
        assert ours.converged
        np.testing.assert_allclose(ours.beta, reference.params, rtol=TOL, atol=TOL)
        np.testing.assert_allclose(ours.covariance, reference.cov_params(), rtol=TOL, atol=TOL)
        assert ours.intercept_variance == pytest.approx(reference.cov_params()[0, 0], rel=TOL)
        assert ours.loglik == pytest.approx(reference.llf, rel=TOL)
        assert ours.deviance == pytest.approx(reference.deviance, rel=TOL, abs=TOL)
        assert fit.aic == pytest.approx(reference.aic + 2 * len(fit.zero_overlap_terms), rel=TOL)


@pytest.mark.parametrize("name", DATASETS)
def test_cached_design_equals_the_plain_design_matrix(name: str) -> None:
    table = load_table(name)
    patterns, _ = observed_cells(table)
    cells = Cells.of(table)
    for size in range(len(candidate_terms(table.n_lists)) + 1)[:3]:
        for terms in itertools.combinations(candidate_terms(table.n_lists), size):
            model = canonical_model(terms)
            np.testing.assert_array_equal(cells.design(model), design_matrix(patterns, model))


def test_null_space_existence_check_agrees_with_the_linear_programme() -> None:
    checked = 0
    for table in [load_table(n) for n in DATASETS] + _sparse_tables():
        cells = Cells.of(table)
        models = set(two_way_models(table.n_lists))
        if table.n_lists > 3:
            models.add(hierarchical_closure([(0, 1, 2), (1, 3)]))
        for model in models:
            reduced = cells.reduce(canonical_model(model))
            if not is_identifiable(reduced.design):
                continue
            fast = mle_exists(reduced.design, reduced.counts)
            assert fast == positive_table_exists(reduced.design, reduced.counts), (table.counts, model)
            checked += 1
    assert checked > 300


def test_warm_started_fits_equal_cold_fits() -> None:
    for table in [load_table(n) for n in DATASETS] + _sparse_tables()[:10]:
        cells = Cells.of(table)
        try:
            parent = fit_canonical_model(cells, ())
        except EstimabilityError:
            continue
        for model in two_way_models(table.n_lists):
            try:
                cold = fit_canonical_model(cells, model)
            except EstimabilityError:
                with pytest.raises(EstimabilityError):
                    fit_canonical_model(cells, model, parent=parent)
                continue
            warm = fit_canonical_model(cells, model, parent=parent)
            assert warm.estimate == pytest.approx(cold.estimate, rel=1e-9)
            assert warm.aic == pytest.approx(cold.aic, rel=1e-10)


def test_warm_start_keeps_shared_coefficients_and_zeroes_new_ones() -> None:
    start = warm_start((0, 1, 2, 3), np.array([5.0, 1.0, 2.0, 3.0]), (0, 1, 2, 6, 3))
    np.testing.assert_array_equal(start, [5.0, 1.0, 2.0, 0.0, 3.0])


@pytest.mark.parametrize("name", DATASETS)
def test_profile_interval_ends_sit_on_the_cutoff_and_the_peak_is_the_maximum(name: str) -> None:
    table = load_table(name)
    cutoff = 3.841458820694124 / 2.0
    for fit in _fits(table)[:12]:
        (low, high), peak, _ = profile_interval(table, fit)
        profile = _Profile(table, fit)
        top = profile.point(peak)[0]
        for total in (peak * (1 - 1e-4), peak * (1 + 1e-4)):
            if total > table.observed:
                assert profile.point(total)[0] <= top + 1e-9
        if low > table.observed:
            assert profile.point(low)[0] == pytest.approx(top - cutoff, abs=1e-6)
        if math.isfinite(high):
            assert profile.point(high)[0] == pytest.approx(top - cutoff, abs=1e-6)


def test_profile_derivatives_match_finite_differences() -> None:
    table = load_table("spina_bifida_ny")
    fit = fit_model(table, ((1, 2),))
    profile = _Profile(table, fit)
    for total in (650.0, 724.0, 800.0):
        value, slope, curvature = profile.point(total)
        step = 1e-3
        above, below = profile.point(total + step), profile.point(total - step)
        assert slope == pytest.approx((above[0] - below[0]) / (2 * step), rel=1e-5, abs=1e-7)
        assert curvature == pytest.approx((above[1] - below[1]) / (2 * step), rel=1e-4, abs=1e-8)
        assert math.isfinite(value)
