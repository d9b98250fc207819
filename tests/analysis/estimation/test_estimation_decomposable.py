"""Decomposable-graph model averaging against dga 2.0.2 `bma.cr` (default 1/N prior, δ = 2^-k,
grid 0…5·observed), from each table's JSON reference. The posterior lives on an integer grid and
dga reports grid points, so the tolerance is ±1 person."""

from __future__ import annotations

from typing import Any

import pytest
from estimation_reference import DATASETS, load_references, load_table

from moksori.analysis.estimation.decomposable import decomposable_estimate, decomposable_graphs

CASES = [
    (name, ref)
    for name in DATASETS
    for ref in load_references(name)
    if ref["method"]
    in {"dga bma.cr posterior median", "dga bma.cr posterior median (default 1/N prior, delta=2^-3)"}
]


def test_graph_counts_match_dga_graph_lists() -> None:
    # dga ships graphs3, graphs4, graphs5 with 8, 61 and 822 decomposable graphs.
    assert [len(decomposable_graphs(k)) for k in (3, 4, 5)] == [8, 61, 822]


@pytest.mark.parametrize(("name", "ref"), CASES, ids=[c[0] for c in CASES])
def test_posterior_median_and_interval_match_dga(name: str, ref: dict[str, Any]) -> None:
    result = decomposable_estimate(load_table(name))
    assert result.estimate == pytest.approx(ref["estimate"], abs=1)
    assert result.ci[0] == pytest.approx(ref["ci_low"], abs=1)
    assert result.ci[1] == pytest.approx(ref["ci_high"], abs=1)
    mean = float(ref["notes"].split("posterior mean=")[1].split(";")[0])
    assert result.diagnostics["posterior_mean"] == pytest.approx(mean, abs=0.1)


def test_every_three_to_five_list_table_with_a_dga_reference_is_checked() -> None:
    assert len(CASES) >= 7
