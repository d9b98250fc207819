"""The synthetic multi-source generator: determinism, heterogeneity, noise and hard negatives."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

import pytest

from moksori.analysis.linkage.normalise import LINKAGE_COLUMNS, Normaliser
from moksori.analysis.linkage.synthetic import SyntheticLinkageData, generate_sources

N = 1500


@pytest.fixture(scope="module")
def data() -> SyntheticLinkageData:
    return generate_sources(N, seed=2024)


def test_the_same_seed_gives_the_same_data_and_another_seed_does_not(data: SyntheticLinkageData) -> None:
    again = generate_sources(N, seed=2024)
    assert again.records == data.records
    assert again.person_ids == data.person_ids
    assert generate_sources(N, seed=2025).records != data.records


def test_results_record_the_seed_and_summarise_without_names(data: SyntheticLinkageData) -> None:
    summary = data.to_dict()
    assert summary["seed"] == 2024
    assert summary["n_records"] == len(data.records)
    assert "영희" not in data.summary()
    assert "영희" not in repr(data)


def test_records_have_exactly_the_issues_columns_and_unique_ids(data: SyntheticLinkageData) -> None:
    assert all(tuple(r) == LINKAGE_COLUMNS for r in data.records)
    assert len({(r["source"], r["record_id"]) for r in data.records}) == len(data.records)


def test_sources_capture_with_different_probabilities(data: SyntheticLinkageData) -> None:
    per_source = Counter(r["source"] for r in data.records)
    assert per_source["seoul"] > per_source["bangkok"] > per_source["yanbian"] > 0


def test_capture_is_heterogeneous_so_overlaps_exceed_independence(data: SyntheticLinkageData) -> None:
    # With a shared propensity, being seen by Seoul raises the chance of being seen by Bangkok.
    seen: dict[int, set[str]] = defaultdict(set)
    for record, person in zip(data.records, data.person_ids, strict=True):
        seen[person].add(record["source"])
    both = sum({"seoul", "bangkok"} <= s for s in seen.values())
    seoul = sum("seoul" in s for s in seen.values())
    bangkok = sum("bangkok" in s for s in seen.values())
    assert both / N > (seoul / N) * (bangkok / N)


def test_fields_go_missing_and_spellings_vary(data: SyntheticLinkageData) -> None:
    assert any(not r["birth_year"] for r in data.records)
    assert any("세" in r["birth_year"] or "years old" in r["birth_year"] for r in data.records)
    latin_of_one_woman: dict[int, set[str]] = defaultdict(set)
    for record, person in zip(data.records, data.person_ids, strict=True):
        latin_of_one_woman[person].add(record["name_latin"])
    assert max(len(s) for s in latin_of_one_woman.values()) >= 3


def test_hard_negatives_many_different_women_share_the_commonest_name(data: SyntheticLinkageData) -> None:
    namesakes = {
        p for r, p in zip(data.records, data.person_ids, strict=True) if r["name_ko"] in ("김영희", "김 영희")
    }
    assert len(namesakes) >= 5


def test_normalised_true_pairs_almost_always_share_surname_and_given_keys(data: SyntheticLinkageData) -> None:
    people = Normaliser().normalise_all(data.records)
    groups = defaultdict(list)
    for person, person_id in zip(people, data.person_ids, strict=True):
        groups[person_id].append(person)
    pairs = [pair for group in groups.values() for pair in combinations(group, 2)]
    surname = sum(bool(set(a.surname_keys) & set(b.surname_keys)) for a, b in pairs) / len(pairs)
    given = sum(bool(set(a.given_keys) & set(b.given_keys)) for a, b in pairs) / len(pairs)
    assert surname > 0.98
    assert given > 0.9
    assert not [i for p in people for i in p.issues]


def test_csv_files_round_trip(data: SyntheticLinkageData, tmp_path: Path) -> None:
    data.to_csv(tmp_path / "records.csv")
    data.to_truth_csv(tmp_path / "truth.csv")
    with (tmp_path / "records.csv").open(encoding="utf-8", newline="") as handle:
        assert [dict(r) for r in csv.DictReader(handle)] == list(data.records)
    with (tmp_path / "truth.csv").open(encoding="utf-8", newline="") as handle:
        assert [int(r["person_id"]) for r in csv.DictReader(handle)] == list(data.person_ids)


def test_impossible_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="n_people"):
        generate_sources(0, seed=1)
