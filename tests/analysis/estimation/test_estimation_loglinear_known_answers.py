"""Log-linear estimates against Rcapture 1.4.4 and SparseMSE 2.0.1 on every shared table.

Sources: the `reference` entries of shared/data/mse/*.json (R calls recorded in `origin`).
Tolerance: relative 1e-4 on estimates and interval ends (the R numbers are printed to 4–7
significant digits and found by root-finding), 1e-3 absolute on AIC.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest
from estimation_reference import DATASETS, load_references, load_table

from moksori.analysis.estimation.estimability import estimability_problem
from moksori.analysis.estimation.log_linear_estimate import loglinear_estimate
from moksori.analysis.estimation.loglinear import (
    EstimabilityError,
    Model,
    fit_model,
    hierarchical_closure,
    parse_model,
    reduced_problem,
)

REL = 1e-4


def _profile_cases() -> list[tuple[str, str, Model, dict[str, Any]]]:
    cases = []
    for name in DATASETS:
        table = load_table(name)
        pairs = tuple(itertools.combinations(range(table.n_lists), 2))
        for ref in load_references(name):
            method = ref["method"]
            if not method.startswith("Rcapture closedpCI.t Mt "):
                continue
            if "independence" in method or "+" not in method:
                model: Model = ()
            elif "all two-list" in method:
                model = pairs
            else:
                match = re.search(r"\+ (\S+:\S+)", method)
                assert match, method
                label = match.group(1).replace("c1", table.lists[0]).replace("c2", table.lists[1])
                model = parse_model(label, table.lists)
            cases.append((name, method, model, ref))
    return cases


PROFILE_CASES = _profile_cases()


@pytest.mark.parametrize(
    ("name", "method", "model", "ref"), PROFILE_CASES, ids=[f"{c[0]}:{c[1][:45]}" for c in PROFILE_CASES]
)
def test_profile_likelihood_interval_matches_rcapture(
    name: str, method: str, model: Model, ref: dict[str, Any]
) -> None:
    result = loglinear_estimate(load_table(name), model=model, interval="profile")
    assert result.estimate == pytest.approx(ref["estimate"], rel=REL)
    assert result.ci[0] == pytest.approx(ref["ci_low"], rel=REL)
    assert result.ci[1] == pytest.approx(ref["ci_high"], rel=REL)
    aic = re.search(r"AIC=([0-9.]+)", ref["notes"])
    if aic:
        assert result.diagnostics["aic"] == pytest.approx(float(aic.group(1)), abs=1e-3)


def test_every_shared_table_has_a_profile_likelihood_reference_checked() -> None:
    assert {c[0] for c in PROFILE_CASES} == set(DATASETS)


def _sparse_cases(prefix: str) -> list[tuple[str, dict[str, Any]]]:
    return [(n, r) for n in DATASETS for r in load_references(n) if r["method"].startswith(prefix)]


MAIN_CASES = _sparse_cases("SparseMSE estimatepopulation.0 main effects")
STEPWISE_CASES = _sparse_cases("SparseMSE estimatepopulation.0 stepwise")


@pytest.mark.parametrize(("name", "ref"), MAIN_CASES, ids=[c[0] for c in MAIN_CASES])
def test_independence_wald_interval_matches_sparsemse(name: str, ref: dict[str, Any]) -> None:
    result = loglinear_estimate(load_table(name), model=(), interval="wald")
    assert result.estimate == pytest.approx(ref["estimate"], rel=REL)
    assert result.ci[0] == pytest.approx(ref["ci_low"], rel=REL)
    assert result.ci[1] == pytest.approx(ref["ci_high"], rel=REL)


@pytest.mark.parametrize(("name", "ref"), STEPWISE_CASES, ids=[c[0] for c in STEPWISE_CASES])
def test_pvalue_forward_selection_matches_sparsemse_stepwise(name: str, ref: dict[str, Any]) -> None:
    table = load_table(name)
    result = loglinear_estimate(table, select="pvalue", interval="wald")
    selected = re.search(r"selected interactions: ([^;]+);", ref["notes"])
    assert selected
    expected = () if selected.group(1).strip() == "none" else parse_model(selected.group(1), table.lists)
    assert parse_model(result.model, table.lists) == hierarchical_closure(expected)
    assert result.estimate == pytest.approx(ref["estimate"], rel=REL)
    assert result.ci[0] == pytest.approx(ref["ci_low"], rel=REL)
    assert result.ci[1] == pytest.approx(ref["ci_high"], rel=REL)


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ([(0, 1)], "does not exist"),
        ([(0, 2)], None),
        ([(1, 2)], None),
        ([(0, 1), (0, 2), (1, 2)], "not identifiable"),
    ],
)
def test_existence_and_identifiability_match_sparsemse_checkident(
    pairs: list[tuple[int, int]], expected: str | None
) -> None:
    # Source: artificial_3_sparse.json, SparseMSE checkident codes 1, 0, 0, 2 (Chan et al. 2021, Table 2).
    table = load_table("artificial_3_sparse")
    design, counts, _, _ = reduced_problem(table, tuple(pairs))
    problem = estimability_problem(design, counts)
    if expected is None:
        assert problem is None
    else:
        assert problem is not None
        assert expected in problem


def test_nonexistent_estimate_is_refused_not_returned() -> None:
    with pytest.raises(EstimabilityError):
        fit_model(load_table("artificial_3_sparse"), ((0, 1),))


def test_sparse_table_estimate_carries_warnings() -> None:
    result = loglinear_estimate(load_table("artificial_3_sparse"), select="aic")
    assert any("shares nobody" in w for w in result.warnings)
    assert result.estimate >= result.observed


@pytest.mark.parametrize("criterion", ["aic", "bic"])
def test_stepwise_never_ends_on_a_worse_model_than_independence(criterion: str) -> None:
    for name in DATASETS:
        table = load_table(name)
        chosen = loglinear_estimate(table, select=criterion, interval="wald")
        independence = fit_model(table, ())
        score = independence.aic if criterion == "aic" else independence.bic
        assert float(chosen.diagnostics[criterion]) <= score + 1e-9  # type: ignore[arg-type]
