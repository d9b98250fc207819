"""Lincoln–Petersen and Chapman against the hand check in shared/data/mse/README.md and CARE1."""

from __future__ import annotations

import pytest
from estimation_reference import find_reference, load_table

from moksori.analysis.estimation.chapman import chapman, lincoln_petersen
from moksori.analysis.estimation.table import TableError, parse_capture_csv

NAME = "hepatitis_a_taiwan_PQ_2list"


def test_lincoln_petersen_matches_hand_check() -> None:
    ref = find_reference(NAME, "Lincoln-Petersen")
    assert lincoln_petersen(load_table(NAME)).estimate == pytest.approx(ref["estimate"], rel=1e-6)


def test_chapman_wald_interval_matches_seber_variance() -> None:
    ref = find_reference(NAME, "Chapman")
    result = chapman(load_table(NAME), interval="normal")
    assert result.estimate == pytest.approx(ref["estimate"], abs=0.005)
    assert result.ci[0] == pytest.approx(ref["ci_low"], abs=0.01)
    assert result.ci[1] == pytest.approx(ref["ci_high"], abs=0.01)


def test_chapman_log_interval_matches_care1_and_stays_above_observed() -> None:
    ref = find_reference(NAME, "CARE1 estN.pair Chapman")
    result = chapman(load_table(NAME))
    assert result.ci[0] == pytest.approx(ref["ci_low"], abs=0.01)
    assert result.ci[1] == pytest.approx(ref["ci_high"], abs=0.01)
    assert result.ci[0] >= result.observed


def test_no_overlap_gives_infinite_lincoln_petersen_and_a_warning() -> None:
    table = parse_capture_csv("A,B,count\n1,0,10\n0,1,12\n")
    result = lincoln_petersen(table)
    assert result.estimate == float("inf")
    assert result.warnings
    assert chapman(table).estimate == pytest.approx(11 * 13 - 1)


def test_three_lists_need_an_explicit_pair() -> None:
    table = load_table("hepatitis_a_taiwan")
    with pytest.raises(TableError, match="exactly two"):
        chapman(table)
    assert chapman(table, pair=(0, 1)).estimate == pytest.approx(333.56, abs=0.005)
