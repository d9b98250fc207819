"""Pure parts of the linker: clustering, scoring, capture histories, birth bands and settings."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from moksori.analysis.linkage.ages import YearRange
from moksori.analysis.linkage.capture import capture_histories
from moksori.analysis.linkage.cluster_evidence import PairEvidence, PersonEvidence
from moksori.analysis.linkage.clusters import cluster_pairs
from moksori.analysis.linkage.evaluate import score_clusters
from moksori.analysis.linkage.features import BAND_WIDTH, birth_bands
from moksori.analysis.linkage.settings import LinkageSettings
from moksori.analysis.linkage.spec import comparisons, prediction_rules, splink_settings

N = 12
sources_st = st.lists(st.sampled_from("abc"), min_size=N, max_size=N)
edges_st = st.lists(
    st.tuples(st.integers(0, N - 1), st.integers(0, N - 1), st.floats(0, 1)), max_size=40
).map(lambda es: [(a, b, p) for a, b, p in es if a != b])


def _cluster(sources: list[str], edges: list[tuple[int, int, float]], threshold: float) -> list[int]:
    clusters = cluster_pairs(
        sources,
        [a for a, _, _ in edges],
        [b for _, b, _ in edges],
        [p for _, _, p in edges],
        threshold=threshold,
    )
    return [int(c) for c in clusters]


@given(sources_st, edges_st)
def test_clusters_never_hold_two_records_of_one_source(
    sources: list[str], edges: list[tuple[int, int, float]]
) -> None:
    clusters = _cluster(sources, edges, 0.5)
    pairs = list(zip(clusters, sources, strict=True))
    assert len(pairs) == len(set(pairs))


@given(sources_st, edges_st, st.floats(0, 1), st.floats(0, 1))
def test_a_lower_threshold_only_merges_clusters_never_splits_them(
    sources: list[str], edges: list[tuple[int, int, float]], t1: float, t2: float
) -> None:
    high, low = _cluster(sources, edges, max(t1, t2)), _cluster(sources, edges, min(t1, t2))
    for i in range(N):
        for j in range(N):
            if high[i] == high[j]:
                assert low[i] == low[j]


def test_strongest_link_wins_when_two_records_of_one_source_compete() -> None:
    clusters = cluster_pairs(["a", "b", "b"], [0, 0], [1, 2], [0.95, 0.99], threshold=0.9).tolist()
    assert clusters == [0, 1, 0]


def test_without_the_source_constraint_clustering_is_connected_components() -> None:
    clusters = cluster_pairs(
        ["a", "a", "a"], [0, 1], [1, 2], [0.95, 0.99], threshold=0.9, one_record_per_source=False
    ).tolist()
    assert clusters == [0, 0, 0]


def test_scores_known_answer_from_a_hand_worked_example() -> None:
    # Truth {1,2,3}{4,5}; prediction {1,2}{3,4,5}. Pairs: true 4, predicted 4, correct 2.
    # B-cubed precision (1+1+1/3+2/3+2/3)/5 = 11/15; recall (2/3+2/3+1/3+1+1)/5 = 11/15 (worked by hand).
    scores = score_clusters(["x", "x", "y", "y", "y"], [1, 1, 1, 2, 2])
    assert (scores.true_pairs, scores.predicted_pairs, scores.correct_pairs) == (4, 4, 2)
    assert scores.pairwise_f1 == pytest.approx(0.5)
    assert scores.bcubed_precision == pytest.approx(11 / 15)
    assert scores.bcubed_recall == pytest.approx(11 / 15)


@given(st.lists(st.integers(0, 5), min_size=1, max_size=30))
def test_a_clustering_scored_against_itself_is_perfect(labels: list[int]) -> None:
    scores = score_clusters(labels, labels)
    assert scores.bcubed_f1 == pytest.approx(1.0)
    assert scores.pairwise_f1 == pytest.approx(1.0)


def test_scoring_refuses_labels_of_different_lengths() -> None:
    with pytest.raises(ValueError, match="same records"):
        score_clusters([1, 2], [1])


@given(st.lists(st.tuples(st.sampled_from("abc"), st.integers(0, 6)), min_size=1, max_size=40))
def test_capture_histories_sum_to_the_number_of_clusters(rows: list[tuple[str, int]]) -> None:
    histories = capture_histories([s for s, _ in rows], [c for _, c in rows], source_order="abc")
    assert histories.persons == len({c for _, c in rows})
    assert all(any(p) for p in histories.patterns)
    assert len(set(histories.patterns)) == len(histories.patterns)


def test_capture_csv_has_one_column_per_source_then_count() -> None:
    histories = capture_histories(["a", "b", "b", "a"], [0, 0, 1, 2], source_order=("a", "b"))
    assert histories.to_csv_text() == "a,b,count\n1,1,1\n1,0,1\n0,1,1\n"


def test_capture_histories_refuse_a_source_left_out_of_the_order() -> None:
    with pytest.raises(ValueError, match="missing from source_order"):
        capture_histories(["a", "z"], [0, 1], source_order=("a",))


@given(st.integers(1900, 2030), st.integers(0, BAND_WIDTH // 2 - 1))
def test_birth_years_less_than_half_a_band_apart_share_a_band(year: int, gap: int) -> None:
    a = birth_bands(YearRange(year, year, "year"))
    b = birth_bands(YearRange(year + gap, year + gap, "year"))
    assert a[0] == b[0] or a[1] == b[1]


def test_settings_reject_a_threshold_outside_zero_and_one() -> None:
    with pytest.raises(ValueError, match="match_threshold"):
        LinkageSettings(match_threshold=1.5)
    with pytest.raises(ValueError, match="review_threshold"):
        LinkageSettings(match_threshold=0.8, review_threshold=0.9)


def test_every_rule_compares_only_records_of_different_sources() -> None:
    assert all("l.org <> r.org" in rule for rule in prediction_rules(across_sources=True))
    assert splink_settings(across_sources=True)["link_type"] == "dedupe_only"


def test_the_exact_given_name_level_is_the_plain_equality_splink_adjusts_for_frequency() -> None:
    levels = comparisons()[0]["comparison_levels"]
    assert isinstance(levels, list)
    exact = [lv for lv in levels if lv["sql_condition"] == "given_key_l = given_key_r"]
    assert exact
    assert exact[0]["tf_adjustment_column"] == "given_key"


def _evidence(rows: list[tuple[int, int, list[float]]]) -> PairEvidence:
    return PairEvidence(
        left=np.array([r[0] for r in rows], dtype=np.int64),
        right=np.array([r[1] for r in rows], dtype=np.int64),
        by_comparison=np.array([r[2] for r in rows], dtype=np.float64),
        floor=0.0,
    )


def test_a_link_that_would_join_two_persons_needs_the_persons_to_match() -> None:
    # 0 and 1 are one woman; 2 matches 1 on the name but her birth year disagrees with 0's.
    nan = float("nan")
    evidence = _evidence([(0, 1, [10.0, 10.0]), (1, 2, [10.0, nan]), (0, 2, [10.0, -12.0])])
    check = PersonEvidence(evidence, 3, prior=2.0**-8).probability
    sources = ["a", "b", "c"]
    args = ([0, 1, 0], [1, 2, 2], [0.99, 0.9, 0.0])
    assert cluster_pairs(sources, *args, threshold=0.5).tolist() == [0, 0, 0]
    assert cluster_pairs(sources, *args, threshold=0.5, person_check=check).tolist() == [0, 0, 1]


def test_person_evidence_fills_a_field_one_record_misses_and_needs_every_pair() -> None:
    nan = float("nan")
    # Record 2 misses nothing; record 1 misses the second field, record 0 has it and agrees.
    evidence = _evidence([(0, 1, [9.0, 9.0]), (1, 2, [6.0, nan]), (0, 2, [6.0, 5.0])])
    persons = PersonEvidence(evidence, 3, prior=2.0**-10)
    assert persons.probability([0, 1], [2]) == pytest.approx(1 / (1 + 2.0 ** (10 - 11)), rel=1e-2)
    incomplete = PersonEvidence(_evidence([(0, 1, [9.0, 9.0]), (1, 2, [6.0, 5.0])]), 3, prior=0.5)
    assert incomplete.probability([0, 1], [2]) == 0.0
