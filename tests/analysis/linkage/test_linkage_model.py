"""The splink linker on synthetic data with known truth: accuracy, hard negatives, privacy."""

from __future__ import annotations

import json
import logging
import tempfile
from pathlib import Path

import pytest

from moksori.analysis.linkage.evaluate import score_clusters
from moksori.analysis.linkage.model import link_records
from moksori.analysis.linkage.normalise import LinkageInputError
from moksori.analysis.linkage.result import LinkageResult
from moksori.analysis.linkage.settings import LinkageSettings
from moksori.analysis.linkage.synthetic import SyntheticLinkageData, generate_sources


@pytest.fixture(scope="module")
def data() -> SyntheticLinkageData:
    return generate_sources(1500, seed=11)


@pytest.fixture(scope="module")
def result(data: SyntheticLinkageData) -> LinkageResult:
    return link_records(data.records, LinkageSettings(seed=7))


def test_bcubed_f1_reaches_095_on_generated_data_with_known_truth(
    data: SyntheticLinkageData, result: LinkageResult
) -> None:
    scores = score_clusters(result.cluster_ids, data.person_ids)
    assert scores.bcubed_f1 >= 0.95, scores.summary()
    assert scores.pairwise_f1 >= 0.85, scores.summary()


def test_bcubed_f1_holds_on_a_second_seed_the_model_was_not_tuned_on() -> None:
    other = generate_sources(800, seed=90210, heterogeneity=0.5)
    linked = link_records(other.records, LinkageSettings())
    assert score_clusters(linked.cluster_ids, other.person_ids).bcubed_f1 >= 0.95


def test_namesakes_and_sisters_are_not_merged_when_they_are_common() -> None:
    hard = generate_sources(800, seed=5, sister_rate=0.4, namesake_rate=0.3)
    linked = link_records(hard.records, LinkageSettings())
    scores = score_clusters(linked.cluster_ids, hard.person_ids)
    assert scores.bcubed_precision >= 0.95, scores.summary()
    assert scores.bcubed_f1 >= 0.93, scores.summary()


def test_a_person_never_holds_two_records_of_the_same_source(result: LinkageResult) -> None:
    seen: set[tuple[int, str]] = set()
    for (source, _), cluster in zip(result.records, result.cluster_ids, strict=True):
        assert (cluster, source) not in seen
        seen.add((cluster, source))


def test_capture_histories_count_every_cluster_once(result: LinkageResult) -> None:
    histories = result.capture_histories()
    assert histories.persons == result.n_clusters
    assert sum(histories.counts) == len(set(result.cluster_ids))
    assert histories.sources == ("bangkok", "seoul", "yanbian")


def test_review_pairs_are_the_uncertain_ones_on_both_sides_of_the_match_threshold(
    result: LinkageResult,
) -> None:
    upper = max(result.match_threshold, result.settings.confirm_threshold)
    review = result.review_pairs()
    for pair in review:
        assert result.review_threshold <= pair.match_probability < upper
    assert all(p.match_probability >= result.review_threshold for p in result.pairs)
    uncertain = [p for p in result.pairs if p.match_probability < upper]
    assert len(review) == len(uncertain)


def test_result_records_seed_counts_parameters_and_timings(result: LinkageResult) -> None:
    d = result.to_dict()
    assert d["seed"] == 7
    assert d["records"] == result.n_records
    assert int(d["pairs_scored"]) >= len(result.pairs)  # type: ignore[call-overload]
    assert "given_name: same name" in result.parameters
    assert {"normalise", "train", "predict", "cluster"} <= set(result.timings)
    assert "persons" in result.summary()
    frame = result.to_frame()
    assert list(frame.columns) == ["source", "record_id", "cluster_id"]
    assert len(frame) == result.n_records


def test_summary_and_dict_never_contain_a_name(data: SyntheticLinkageData, result: LinkageResult) -> None:
    text = json.dumps(result.to_dict(), ensure_ascii=False) + result.summary() + repr(result)
    names = {r["name_ko"] for r in data.records if r["name_ko"]} | {
        r["name_latin"] for r in data.records if r["name_latin"]
    }
    assert not [n for n in names if n in text]


def test_no_name_reaches_the_logs_or_the_terminal(
    caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    small = generate_sources(200, seed=3)
    marker = "마커순이"
    records = [dict(r) for r in small.records]
    records[0]["name_ko"] = marker
    with caplog.at_level(logging.DEBUG):
        link_records(records, LinkageSettings())
    output = capsys.readouterr()
    assert marker not in caplog.text + output.out + output.err


def test_linkage_writes_no_file_to_the_temp_or_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    link_records(generate_sources(200, seed=4).records, LinkageSettings())
    assert list(tmp_path.rglob("*")) == []


def test_the_same_seed_gives_the_same_clusters() -> None:
    small = generate_sources(150, seed=8)
    first = link_records(small.records, LinkageSettings(seed=1))
    second = link_records(small.records, LinkageSettings(seed=1))
    assert first.cluster_ids == second.cluster_ids


def test_duplicate_record_ids_stop_the_run_with_row_and_column() -> None:
    rows = [{"source": "a", "record_id": "1"}, {"source": "a", "record_id": "1"}]
    with pytest.raises(LinkageInputError, match=r"row 3, column record_id"):
        link_records(rows, LinkageSettings())


def test_above_its_record_limit_the_person_check_is_skipped_as_if_switched_off(
    data: SyntheticLinkageData,
) -> None:
    limited = link_records(data.records, LinkageSettings(person_evidence_max_records=10))
    off = link_records(data.records, LinkageSettings(person_evidence=False))
    assert limited.clusters() == off.clusters()
