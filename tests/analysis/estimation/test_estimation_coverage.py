"""Chao–Tsay sample-coverage estimators against CARE1 1.1.0 (hepatitis_a_taiwan.json).

Point estimates are deterministic: relative tolerance 1e-6. Intervals come from a 200-replicate
bootstrap with a different random stream from R's, so only the bootstrap SE is checked, within
±35% of CARE1's, which a 200-replicate SE achieves with high probability.
"""

from __future__ import annotations

import pytest
from estimation_reference import find_reference, load_table

from moksori.analysis.estimation.coverage import coverage_point, sample_coverage

NAME = "hepatitis_a_taiwan"
CASES = [
    ("independence", "CARE1 estN Nhat-0"),
    ("high", "CARE1 estN Nhat (sample coverage"),
    ("low", "CARE1 estN Nhat-1"),
]


@pytest.mark.parametrize(("variant", "prefix"), CASES)
def test_point_estimate_matches_care1(variant: str, prefix: str) -> None:
    ref = find_reference(NAME, prefix)
    table = load_table(NAME)
    assert coverage_point(table.full_counts(), table.n_lists, variant) == pytest.approx(
        ref["estimate"], rel=1e-6
    )


@pytest.mark.parametrize(("variant", "prefix"), [CASES[0], CASES[2]])
def test_bootstrap_se_is_close_to_care1(variant: str, prefix: str) -> None:
    ref = find_reference(NAME, prefix)
    care_se = float(ref["notes"].split("bootstrap se=")[1].split(" ")[0])
    result = sample_coverage(load_table(NAME), variant=variant, seed=7)
    assert 0.65 * care_se < float(result.diagnostics["bootstrap_se"]) < 1.35 * care_se  # type: ignore[arg-type]
    assert result.ci[0] >= result.observed


def test_low_coverage_is_flagged() -> None:
    result = sample_coverage(load_table(NAME), variant="high")
    assert any("coverage is low" in w for w in result.warnings)


@pytest.mark.parametrize("name", ["congenital_anomaly_massachusetts", "diabetes_italy", "spina_bifida_ny"])
def test_four_and_five_list_formulas_give_estimates_above_observed(name: str) -> None:
    table = load_table(name)
    for variant in ("independence", "high", "low"):
        assert coverage_point(table.full_counts(), table.n_lists, variant) >= table.observed
