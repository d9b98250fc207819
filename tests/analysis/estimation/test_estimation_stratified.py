"""Stratified estimation: per-stratum results and a total with combined uncertainty."""

from __future__ import annotations

import pytest
from estimation_reference import load_table

from moksori.analysis.estimation.log_linear_estimate import loglinear_estimate
from moksori.analysis.estimation.stratified import stratified_estimate


def test_total_is_the_sum_and_its_interval_is_relatively_narrower() -> None:
    tables = {"1994": load_table("spina_bifida_ny"), "1995": load_table("spina_bifida_ny_my1997")}
    result = stratified_estimate(tables, lambda t: loglinear_estimate(t, model=((1, 2),)), seed=4)
    parts = result.strata.values()
    assert result.total.estimate == pytest.approx(sum(p.estimate for p in parts))
    assert result.total.observed == sum(p.observed for p in parts)
    total_width = (result.total.ci[1] - result.total.ci[0]) / result.total.estimate
    part_widths = [(p.ci[1] - p.ci[0]) / p.estimate for p in parts]
    assert total_width < min(part_widths)
    assert result.total.ci[0] < result.total.estimate < result.total.ci[1]
    assert set(result.to_dict()["strata"]) == {"1994", "1995"}  # type: ignore[call-overload]
