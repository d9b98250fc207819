"""Fast training pieces of the linker: prior calibration, numpy EM, and the gamma SQL."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from moksori.analysis.linkage import spec
from moksori.analysis.linkage.gammas import gamma_query, scored_levels, small_blocks_sql
from moksori.analysis.linkage.model import link_records
from moksori.analysis.linkage.prior import calibrate_prior, comparable_pairs, probabilities
from moksori.analysis.linkage.settings import LinkageSettings
from moksori.analysis.linkage.synthetic import generate_sources
from moksori.analysis.linkage.training import expectation_maximisation, u_from_random_pairs


def test_comparable_pairs_excludes_pairs_within_a_source_when_each_records_a_woman_once() -> None:
    assert comparable_pairs([3, 2], one_record_per_source=True) == 6
    assert comparable_pairs([3, 2], one_record_per_source=False) == 10


def test_calibrated_prior_recovers_the_share_of_matches_when_the_evidence_is_clear() -> None:
    # 100 clear matches (+20 bits) among 1e6 comparable pairs, and 10,000 scored non-matches (-20 bits).
    evidence = np.concatenate([np.full(100, 20.0), np.full(10_000, -20.0)])
    estimate = calibrate_prior(evidence, 1_000_000, start=0.05)
    assert estimate.converged
    assert abs(estimate.probability - 1e-4) < 2e-6
    assert abs(estimate.expected_matches - 100) < 2


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-30, 30), min_size=1, max_size=200), st.integers(1_000, 10**9))
def test_calibrated_prior_is_a_fixed_point_of_its_update(weights: list[float], comparable: int) -> None:
    evidence = np.asarray(weights)
    estimate = calibrate_prior(evidence, max(comparable, len(weights)), start=0.01)
    if estimate.converged and estimate.probability > 1e-11:  # not pinned at the floor
        expected = float(probabilities(evidence, estimate.probability).sum())
        assert 0.0 < estimate.probability <= 0.5
        assert abs(expected / estimate.comparable_pairs - estimate.probability) <= 2e-3 * estimate.probability


def test_em_recovers_known_m_probabilities_from_simulated_comparison_vectors() -> None:
    rng = np.random.default_rng(12)
    m_true, u_true = np.array([0.8, 0.15, 0.05]), np.array([0.05, 0.15, 0.8])
    matches = rng.random(40_000) < 0.3
    columns = [
        np.where(matches, rng.choice(3, 40_000, p=m_true), rng.choice(3, 40_000, p=u_true)) for _ in range(4)
    ]
    gammas = np.column_stack(columns).astype(np.int8)
    u = [u_true] * 4
    start = [np.array([0.5, 0.3, 0.2])] * 4
    fitted = expectation_maximisation(gammas, start, u, [True] * 4)
    assert fitted.converged
    assert abs(fitted.within_block_match_share - 0.3) < 0.02
    for m in fitted.m:
        assert m is not None
        assert np.abs(m - m_true).max() < 0.03


def test_u_gives_unseen_levels_half_a_count_so_weights_stay_finite() -> None:
    u = u_from_random_pairs(np.array([[0], [0], [1], [-1]], dtype=np.int8), [3])[0]
    assert u[2] > 0
    assert abs(u.sum() - 1.0) < 1e-12


def test_gamma_sql_marks_missing_values_and_orders_levels_from_most_alike() -> None:
    comparison = spec.exact_comparison("home_province_id", "home_province")
    frame = pd.DataFrame({c: [None, None, None] for c in spec_columns()})
    frame["unique_id"] = [0, 1, 2]
    frame["home_province_id"] = ["kp_09", "kp_09", None]
    connection = duckdb.connect(":memory:")
    connection.register("features", frame)
    pairs = "SELECT * FROM (VALUES (0, 1), (0, 2)) AS t(id_l, id_r)"
    rows = connection.execute(gamma_query([comparison], pairs, "features")).fetchall()
    assert [r[0] for r in rows] == [0, -1]
    assert len(scored_levels(comparison)) == 2


def spec_columns() -> tuple[str, ...]:
    from moksori.analysis.linkage.features import FEATURE_COLUMNS

    return FEATURE_COLUMNS


def test_small_blocks_sql_keeps_only_blocks_at_or_under_the_cap() -> None:
    frame = pd.DataFrame({"unique_id": range(6), "name": ["a", "a", "a", "b", "b", None]})
    connection = duckdb.connect(":memory:")
    connection.register("t", frame)
    sql = f"SELECT unique_id FROM ({small_blocks_sql(['name'], 't', 2)})"  # noqa: S608 - no data in it
    kept = connection.execute(sql).fetchall()
    assert sorted(row[0] for row in kept) == [3, 4]  # the block of three and the blank name are left out


def test_em_learns_that_matches_agree_on_places_however_common_their_names() -> None:
    # Trained on every name block, EM mistook namesakes for matches as the data grew (m for the same
    # place in China fell to 0.15 at 200,000 records); the generator never changes a woman's places.
    data = generate_sources(6000, seed=404, namesake_rate=0.15)
    parameters = link_records(data.records, LinkageSettings(seed=404)).parameters
    for level in ("home_province: same", "china_place: same place"):
        assert parameters[level]["m"] >= 0.85, level  # type: ignore[index]
    assert parameters["birth_year: same year"]["m"] >= 0.3  # type: ignore[index]  # truth about 0.42
